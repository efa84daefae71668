#!/bin/sh
# Install Debian's Xvfb (a virtual display, for the test of a real `open` window) when we may.
set -e
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "No Xvfb found: installing Debian's xvfb with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq xvfb >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq xvfb >/dev/null; }
else
    echo "No Xvfb found (a test opens a real window on a virtual display). Install it, then run make test again:" >&2
    echo "  sudo apt-get install xvfb                (Debian/Ubuntu)" >&2
    exit 1
fi
