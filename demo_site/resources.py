"""Where the demo site's templates live (inside the package, so an installed wheel has them)."""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
