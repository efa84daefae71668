"""Answers a test programs for any command, like a stub server: for one device or every
device of an app, optionally only `count` times."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bridge_stub.bridge.scoped import ScopedTable, normalize_command


@dataclass(frozen=True, slots=True)
class ProgrammedAnswer:
    id: int
    app_id: str
    command: str
    result: Any
    device: str | None = None
    count: int | None = None


class ResponseTable(ScopedTable[ProgrammedAnswer]):
    def program(
        self,
        *,
        app_id: str,
        command: str,
        result: Any,
        device: str | None = None,
        count: int | None = None,
    ) -> ProgrammedAnswer:
        command = normalize_command(command)
        return self.add(lambda id_: ProgrammedAnswer(id_, app_id, command, result, device, count))
