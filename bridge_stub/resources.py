"""Where the files served to pages live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def static_dir() -> Path:
    """`bridge_stub/static` inside an installed wheel; the checkout's `static/` otherwise."""
    installed = PACKAGE_DIR / "static"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "static"


#: The harness's page templates (`harness/...`), which sites built on it may include too.
TEMPLATES_DIR = PACKAGE_DIR / "templates"
