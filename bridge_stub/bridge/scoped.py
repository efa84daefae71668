"""Rules a test sets on commands, for one device or for every device of an app, optionally
used up after `count` commands: injected faults and programmed answers share this table."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar


def normalize_command(command: str) -> str:
    """`median://onesignal/login`, `gonative://onesignal/login/` and `onesignal/login` are one."""
    for scheme in ("median://", "gonative://"):
        if command.lower().startswith(scheme):
            command = command[len(scheme) :]
    return command.split("?", 1)[0].strip("/")


class ScopedRule(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def app_id(self) -> str: ...
    @property
    def command(self) -> str: ...
    @property
    def device(self) -> str | None: ...
    @property
    def count(self) -> int | None: ...


RuleT = TypeVar("RuleT", bound=ScopedRule)


class ScopedTable(Generic[RuleT]):
    def __init__(self) -> None:
        self._rules: list[RuleT] = []
        self._lock = threading.Lock()
        self._next_id = 1

    def add(self, make: Callable[[int], RuleT]) -> RuleT:
        """Add the rule `make(id)` builds."""
        with self._lock:
            rule = make(self._next_id)
            self._next_id += 1
            self._rules.append(rule)
            return rule

    def take(self, app_id: str, device: str, command: str) -> RuleT | None:
        """The rule for this command (one set on the device before one set on its app), used
        up by one when it has a count."""
        with self._lock:
            matching = [
                (index, rule)
                for index, rule in enumerate(self._rules)
                if rule.app_id == app_id and rule.command == command
                and rule.device in (None, device)
            ]  # fmt: skip
            if not matching:
                return None
            index, rule = min(matching, key=lambda pair: (pair[1].device is None, pair[0]))
            if rule.count is not None:
                if rule.count <= 1:
                    del self._rules[index]
                else:
                    self._rules[index] = replace(rule, count=rule.count - 1)  # type: ignore[type-var]
            return rule

    def devices(self) -> set[str]:
        """The devices some rule is set on."""
        with self._lock:
            return {r.device for r in self._rules if r.device is not None}

    def list(self, app_id: str | None = None, device: str | None = None) -> list[RuleT]:
        with self._lock:
            return [r for r in self._rules if _selected(r, app_id, device)]

    def clear(self, app_id: str | None = None, device: str | None = None) -> None:
        with self._lock:
            self._rules = [r for r in self._rules if not _selected(r, app_id, device)]


def _selected(rule: Any, app_id: str | None, device: str | None) -> bool:
    return (app_id is None or rule.app_id == app_id) and (device is None or rule.device == device)
