"""Injected faults: matching by app, device and command, and counts."""

from __future__ import annotations

from bridge_stub.bridge.faults import FaultMode, FaultTable
from bridge_stub.bridge.scoped import normalize_command


def test_command_names_are_normalized() -> None:
    for form in ("median://onesignal/login", "gonative://onesignal/login/", "onesignal/login?x=1"):
        assert normalize_command(form) == "onesignal/login"


def test_a_fault_matches_its_app_device_and_command() -> None:
    table = FaultTable()
    table.add_fault(
        app_id="a", command="median://onesignal/login", mode=FaultMode.ERROR, device="d1"
    )
    assert table.take("a", "d2", "onesignal/login") is None
    assert table.take("b", "d1", "onesignal/login") is None
    assert table.take("a", "d1", "onesignal/logout") is None
    fault = table.take("a", "d1", "onesignal/login")
    assert fault is not None and fault.mode is FaultMode.ERROR
    assert table.take("a", "d1", "onesignal/login") is not None  # no count: every time


def test_a_fault_without_device_applies_to_every_device_of_its_app() -> None:
    table = FaultTable()
    table.add_fault(app_id="a", command="onesignal/info", mode=FaultMode.DROP)
    assert table.take("a", "any", "onesignal/info") is not None


def test_counts_are_used_up() -> None:
    table = FaultTable()
    table.add_fault(app_id="a", command="onesignal/login", mode=FaultMode.DELAY, ms=100, count=2)
    assert [table.take("a", "d", "onesignal/login") is not None for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert table.list() == []


def test_clear_one_app_or_all() -> None:
    table = FaultTable()
    table.add_fault(app_id="a", command="x/y", mode=FaultMode.DROP)
    table.add_fault(app_id="b", command="x/y", mode=FaultMode.DROP)
    table.clear("a")
    assert [f.app_id for f in table.list()] == ["b"]
    table.clear()
    assert table.list() == []
