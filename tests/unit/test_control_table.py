"""The control table is the control API: its routes, its access list and its fixture methods."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Match

from bridge_stub.control import harness_mount
from bridge_stub.control.table import OPERATIONS, ControlOperation, page_routes
from bridge_stub.testkit import AppUnderTest, SimulatedDevice

FIXTURE_CLASSES: dict[str, type] = {"app": AppUnderTest, "device": SimulatedDevice}


@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if op.fixtures], ids=lambda op: f"{op.method} {op.path}"
)
def test_each_fixture_method_a_row_names_exists_in_python(op: ControlOperation) -> None:
    for name in op.fixtures:
        kind, method = name.split(".")
        assert callable(getattr(FIXTURE_CLASSES[kind], method, None)), name


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_each_row_reaches_its_own_endpoint(op: ControlOperation) -> None:
    """Routing order cannot hand a row's requests to another row (`/devices/forget-idle` is
    not a device id)."""
    path = re.sub(r"{(\w+)}", lambda m: f"some-{m.group(1)}", op.path)
    scope = {"type": "websocket" if op.websocket else "http", "path": path, "method": op.method}
    full = [r for r in harness_mount().routes if r.matches(scope)[0] is Match.FULL]
    assert full and full[0].endpoint is op.endpoint  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("method", "path", "device"),
    [
        ("POST", "/_harness/devices/d1/commands", "d1"),
        ("GET", "/_harness/devices/d1/socket", "d1"),
        ("POST", "/_harness/devices/d1/links", "d1"),
        ("GET", "/_harness/devices/d1/commands", None),  # the command list is the control API's
        ("POST", "/_harness/devices/d1/reinstall", None),
        ("GET", "/_harness/devices/d1/commands/x", None),
    ],
)
def test_pages_may_use_only_the_page_rows(method: str, path: str, device: str | None) -> None:
    routes = page_routes()
    assert routes.device(path, method) == device
    assert routes.open.search("/_harness/bridge.js") and routes.open.search("/_harness/ping")
    assert not routes.open.search("/_harness/apps")
