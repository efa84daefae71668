#!/bin/sh
# Install Debian's Chromium when no browser is found and we may (root with apt); else explain.
set -e
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "No Chromium found: installing Debian's chromium with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
else
    echo "No Chromium found. Install one, then run make test again:" >&2
    echo "  sudo apt-get install chromium            (Debian/Ubuntu)" >&2
    echo "  .venv/bin/playwright install chromium    (Playwright's own)" >&2
    echo "  or set MEDIAN_HARNESS_BROWSER=/path/to/chrome" >&2
    exit 1
fi
