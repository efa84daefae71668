"""Turn the domain's values into JSON text for storage and back, with pydantic."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter

from bridge_stub.domain.models import (
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
    return _ADAPTERS[type(value)].dump_json(value).decode()


def decode(kind: type[T], text: str | bytes) -> T:
    value: T = _ADAPTERS[kind].validate_json(text)
    return value
