"""Faults a test injects into bridge commands: answer with an error, answer late, or drop."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bridge_stub.bridge.scoped import ScopedTable, normalize_command


class FaultMode(StrEnum):
    ERROR = "error"
    DELAY = "delay"
    DROP = "drop"


@dataclass(frozen=True, slots=True)
class Fault:
    """Applies to `command` (e.g. `onesignal/login`) on one device, or on every device of the
    app when `device` is None; `count` None means every time."""

    id: int
    app_id: str
    command: str
    mode: FaultMode
    device: str | None = None
    message: str = "Simulated failure"
    ms: int = 0
    count: int | None = None


class FaultTable(ScopedTable[Fault]):
    def add_fault(
        self,
        *,
        app_id: str,
        command: str,
        mode: FaultMode,
        device: str | None = None,
        message: str = "Simulated failure",
        ms: int = 0,
        count: int | None = None,
    ) -> Fault:
        command = normalize_command(command)
        return self.add(lambda id_: Fault(id_, app_id, command, mode, device, message, ms, count))
