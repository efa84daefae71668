"""Turn the domain's values into JSON text for storage and back, with pydantic. A
subscription is stored flat, its device's details beside its other fields, as it always was."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter
from pydantic_core import from_json, to_json

from bridge_stub.domain.models import (
    DETAIL_FIELDS,
    Device,
    LegacyPlayer,
    Notification,
    OneSignalApp,
    Subscription,
    User,
)

T = TypeVar("T")

_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {
    kind: TypeAdapter(kind)
    for kind in (OneSignalApp, User, Subscription, LegacyPlayer, Device, Notification)
}


def encode(value: object) -> str:
    adapter = _ADAPTERS[type(value)]
    if isinstance(value, Subscription):
        flat = adapter.dump_python(value, mode="json")
        flat.update(flat.pop("details"))
        return to_json(flat).decode()
    return adapter.dump_json(value).decode()


def decode(kind: type[T], text: str | bytes) -> T:
    adapter = _ADAPTERS[kind]
    if kind is Subscription:
        flat = from_json(text)
        flat["details"] = {name: flat.pop(name) for name in DETAIL_FIELDS if name in flat}
        subscription: T = adapter.validate_python(flat)
        return subscription
    value: T = adapter.validate_json(text)
    return value
