"""Faults a test injects into bridge commands: answer with an error, answer late, or drop."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from enum import StrEnum


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


def normalize_command(command: str) -> str:
    """`median://onesignal/login`, `gonative://onesignal/login/` and `onesignal/login` are one."""
    for scheme in ("median://", "gonative://"):
        if command.lower().startswith(scheme):
            command = command[len(scheme) :]
    return command.split("?", 1)[0].strip("/")


class FaultTable:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._next_id = 1

    def add(
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
        with self._lock:
            fault = Fault(
                self._next_id,
                app_id,
                normalize_command(command),
                mode,
                device,
                message,
                ms,
                count,
            )
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def take(self, app_id: str, device: str, command: str) -> Fault | None:
        """The first fault matching this command, used up by one if it has a count."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.app_id != app_id or fault.command != command:
                    continue
                if fault.device not in (None, device):
                    continue
                if fault.count is not None:
                    if fault.count <= 1:
                        del self._faults[index]
                    else:
                        self._faults[index] = replace(fault, count=fault.count - 1)
                return fault
            return None

    def list(self, app_id: str | None = None) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if app_id is None or f.app_id == app_id]

    def clear(self, app_id: str | None = None) -> None:
        with self._lock:
            self._faults = [f for f in self._faults if app_id is not None and f.app_id != app_id]
