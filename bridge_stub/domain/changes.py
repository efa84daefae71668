"""Typed changes to a user or a subscription, each checking itself: what a request may ask
of the user model, before any rule runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import bridge_stub.domain.rules as rules
from bridge_stub.domain.models import Subscription, SubscriptionType, UserProperties, evolve

#: Properties set one value at a time (tags merge instead).
SCALAR_PROPERTIES = tuple(f.name for f in fields(UserProperties) if f.name != "tags")


def _set_fields(value: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: v for name in names if (v := getattr(value, name)) is not None}


@dataclass(frozen=True, slots=True)
class PropertyChanges:
    """A partial update of a user's properties. None means 'leave as it is'; tags merge."""

    tags: Mapping[str, object] | None = None
    language: str | None = None
    timezone_id: str | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    first_active: int | None = None
    last_active: int | None = None
    ip: str | None = None

    def apply(self, current: UserProperties) -> UserProperties:
        tags = current.tags if self.tags is None else rules.merge_tags(current.tags, self.tags)
        return evolve(current, tags=tags, **_set_fields(self, SCALAR_PROPERTIES))


@dataclass(frozen=True, slots=True)
class SubscriptionChanges:
    """A partial update of a subscription's channel fields; None leaves a field as it is.
    Its id, type and owner are not among them: they change through their own operations."""

    token: str | None = None
    enabled: bool | None = None
    notification_types: int | None = None
    session_time: int | None = None
    session_count: int | None = None
    app_version: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    sdk: str | None = None
    test_type: int | None = None
    rooted: bool | None = None
    net_type: int | None = None
    carrier: str | None = None
    web_auth: str | None = None
    web_p256: str | None = None

    def apply(self, subscription: Subscription) -> Subscription:
        """The subscription with these changes; a token that does not fit its type (an
        e-mail address for Email, E.164 for SMS) is refused."""
        if self.token is not None:
            rules.validate_token(subscription.type.value, self.token)
        return evolve(subscription, **_set_fields(self, CHANNEL_FIELDS))

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> SubscriptionChanges:
        """The changes named in `values`; keys that are not channel fields are left out."""
        return cls(**{k: v for k, v in values.items() if k in CHANNEL_FIELDS})


CHANNEL_FIELDS = tuple(f.name for f in fields(SubscriptionChanges))


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSubscription(SubscriptionChanges):
    """A subscription named in a request: an existing one (by id, or type and token) or new
    with these channel fields."""

    type: SubscriptionType
    id: str | None = None
    session_time: int | None = 0
    session_count: int | None = 1
    extra: Mapping[str, object] = field(default_factory=dict)

    def channel_fields(self) -> dict[str, Any]:
        """The fields a new subscription takes from the request as they are."""
        taken = {name: getattr(self, name) for name in CHANNEL_FIELDS}
        del taken["enabled"], taken["notification_types"]
        return {"type": self.type, **taken}
