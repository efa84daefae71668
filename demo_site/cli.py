"""`python -m demo_site.cli` runs the `median-harness` command, as it did when the command
lived here; the command is the harness's (`bridge_stub.cli`)."""

from __future__ import annotations

import sys

from bridge_stub.cli import main

if __name__ == "__main__":
    sys.exit(main())
