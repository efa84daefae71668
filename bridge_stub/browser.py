"""Which Chromium the tests drive: `MEDIAN_HARNESS_BROWSER`, else Playwright's own, else Debian's.

Run as `python -m bridge_stub.browser` to print the choice (exit status 1 when there is none).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

DEBIAN_CHROMIUM = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))

#: Flags for a browser on a machine with a closed network, run as root, without a GPU.
SYSTEM_BROWSER_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


#: Pages on a public origin (a site routed at http://site.test/) may call the harness on
#: loopback; Chromium's Local Network Access checks would block that for insecure origins.
LOCAL_NETWORK_ARGS = ("--disable-features=LocalNetworkAccessChecks",)


class NoBrowserError(RuntimeError):
    pass


def playwright_chromium() -> Path | None:
    """Playwright's downloaded Chromium, if `playwright install chromium` was run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = Path(playwright.chromium.executable_path)
    return path if path.exists() else None


def system_browser() -> Path | None:
    """The browser named by MEDIAN_HARNESS_BROWSER, or Debian's chromium, when present."""
    override = os.environ.get("MEDIAN_HARNESS_BROWSER")
    if override:
        path = Path(override)
        if not path.exists():
            raise NoBrowserError(f"MEDIAN_HARNESS_BROWSER={override} does not exist")
        return path
    for candidate in DEBIAN_CHROMIUM:
        if candidate.exists():
            return candidate
    found = shutil.which("chromium")
    return Path(found) if found else None


def launch_overrides(playwright_browser: Path | None) -> dict[str, Any]:
    """Extra Playwright launch options: none when Playwright's own browser is installed
    (`playwright_browser` exists) and no override is set."""
    own = playwright_browser is not None and playwright_browser.exists()
    if own and not os.environ.get("MEDIAN_HARNESS_BROWSER"):
        return {}
    path = system_browser()
    if path is None:
        raise NoBrowserError(
            "No Chromium found. Install one with `apt-get install chromium` (Debian/Ubuntu) or "
            "`playwright install chromium`, or set MEDIAN_HARNESS_BROWSER=/path/to/chrome."
        )
    return {"executable_path": str(path), "args": list(SYSTEM_BROWSER_ARGS)}


def main() -> int:
    try:
        overrides = launch_overrides(playwright_chromium())
    except NoBrowserError as error:
        print(error, file=sys.stderr)
        return 1
    print(overrides.get("executable_path", "Playwright's own Chromium"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
