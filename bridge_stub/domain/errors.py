"""Errors of the simulated OneSignal backend, as values with a code and a title.

They mirror OneSignal's `{"code": ..., "title": ...}` error objects; the REST layer and the
bridge each turn them into a reply in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class CodedError(Exception):
    """A refusal with a code and a title; `kind` says which family of refusal it is (the web
    layer maps it to an HTTP status in one place)."""

    kind = "invalid"

    def __init__(self, code: str, title: str, meta: Mapping[str, Any] | None = None) -> None:
        super().__init__(title)
        self.code = code
        self.title = title
        self.meta: dict[str, Any] = dict(meta or {})

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "title": self.title}
        if self.meta:
            body["meta"] = self.meta
        return body

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.title!r})"


class OneSignalError(CodedError):
    """A rule of the user model refused an operation; nothing was changed."""


class InvalidInput(OneSignalError):
    """The request breaks a validation rule (bad external ID, too long, wrong type)."""

    kind = "invalid"


class NotFound(OneSignalError):
    """The app, user, subscription, player or device does not exist."""

    kind = "not_found"


class Conflict(OneSignalError):
    """An alias or subscription already belongs elsewhere, or a limit is reached."""

    kind = "conflict"


class ConsentRequired(OneSignalError):
    """The app requires privacy consent and the device has not granted it yet."""

    kind = "consent_required"


class StorageFull(CodedError):
    """The store cannot write: its disk is full. Nothing of the operation was kept."""

    kind = "storage_full"


class StorageBusy(CodedError):
    """The store is held by another process (an import run on the served database, say)."""

    kind = "storage_busy"


class TooManyRequests(CodedError):
    """A client asks for more than a limit allows; it may try again later."""

    kind = "too_many"
