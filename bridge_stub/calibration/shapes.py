"""Comparing a real answer with a simulated one by shape: keys, types and classes of values
(UUID, push token, e-mail, empty, boolean, number), never values that must differ."""

from __future__ import annotations

import re
from typing import Any

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HEX_TOKEN = re.compile(r"^[0-9a-f]{64}$", re.I)
FCM_TOKEN = re.compile(r"^[\w-]{10,}:[\w-]{20,}$")


def value_class(value: Any) -> str:
    """What kind of value this is, as far as a comparison cares."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    text = str(value)
    if text == "":
        return "empty"
    if UUID.match(text):
        return "UUID"
    if EMAIL.match(text):
        return "e-mail"
    if HEX_TOKEN.match(text) or FCM_TOKEN.match(text):
        return "push token"
    return "string"


def differences(real: Any, simulated: Any, where: str = "") -> list[str]:
    """How the simulated answer's shape differs from the real one's."""
    here = where or "the answer"
    real_class, simulated_class = value_class(real), value_class(simulated)
    if real_class != simulated_class:
        return [f"{here}: {real_class} in the real app, {simulated_class} in the simulation"]
    found: list[str] = []
    if isinstance(real, dict) and isinstance(simulated, dict):
        for key in sorted(set(real) - set(simulated)):
            found.append(f"{where + '.' if where else ''}{key}: missing in the simulation")
        for key in sorted(set(simulated) - set(real)):
            found.append(f"{where + '.' if where else ''}{key}: extra in the simulation")
        for key in sorted(set(real) & set(simulated)):
            found += differences(real[key], simulated[key], f"{where + '.' if where else ''}{key}")
    elif isinstance(real, list) and isinstance(simulated, list) and real and simulated:
        found += differences(real[0], simulated[0], f"{here}[0]")
    return found
