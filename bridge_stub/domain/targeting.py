"""Who a notification reaches: OneSignal's targeting families resolved to channels.

One family per notification: aliases (with a target channel), subscription ids, the legacy
external user ids or player ids, tag filters, or segments. External IDs reach v5 users'
subscriptions and legacy players with that external user id alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import bridge_stub.domain.rules as rules
from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.models import LegacyPlayer, Subscription, SubscriptionType
from bridge_stub.domain.repository import AppRecords

Channel = Subscription | LegacyPlayer

CHANNELS = {"push", "email", "sms"}
ALL_SEGMENTS = {"Total Subscriptions", "Subscribed Users", "All"}
ACTIVE_SEGMENTS = {"Active Subscriptions", "Active Users"}
INACTIVE_SEGMENTS = {"Inactive Subscriptions", "Inactive Users"}
ACTIVE_WINDOW_SECONDS = 7 * 24 * 3600
RELATIONS = {"=", "!=", ">", "<", "exists", "not_exists"}
FILTER_FIELDS = {"tag", "language", "app_version", "session_count"}


@dataclass(frozen=True, slots=True)
class Filter:
    """One condition; filters in a row must all hold, an `OR` between them starts a new group."""

    field: str
    relation: str
    key: str | None = None
    value: str | None = None


OR = "OR"


@dataclass(frozen=True, slots=True)
class Audience:
    include_aliases: Mapping[str, Sequence[str]] | None = None
    target_channel: str | None = None
    include_subscription_ids: Sequence[str] | None = None
    include_external_user_ids: Sequence[str] | None = None
    include_player_ids: Sequence[str] | None = None
    filters: Sequence[Filter | str] | None = None
    included_segments: Sequence[str] | None = None
    excluded_segments: Sequence[str] = field(default_factory=tuple)

    def family(self) -> str:
        given = [
            name
            for name in (
                "include_aliases",
                "include_subscription_ids",
                "include_external_user_ids",
                "include_player_ids",
                "filters",
                "included_segments",
            )
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            raise InvalidInput(
                "invalid-targeting",
                "Use exactly one targeting method: include_aliases, include_subscription_ids, "
                "include_external_user_ids, include_player_ids, filters or included_segments.",
            )
        return given[0]


@dataclass(frozen=True, slots=True)
class Targets:
    channels: list[Channel]
    invalid: dict[str, Any]


class Targeting:
    def __init__(self, records: AppRecords, now: float) -> None:
        self.records = records
        self.now = now

    def resolve(self, audience: Audience) -> Targets:
        family = audience.family()
        channel = audience.target_channel or "push"
        if channel not in CHANNELS:
            raise InvalidInput("invalid-channel", "target_channel must be push, email or sms.")
        if family == "include_aliases":
            return self._by_aliases(audience.include_aliases or {}, channel)
        if family == "include_external_user_ids":
            found = self._by_aliases(
                {rules.EXTERNAL_ID: audience.include_external_user_ids or []}, channel
            )
            invalid = found.invalid.get("invalid_aliases", {}).get(rules.EXTERNAL_ID, [])
            return Targets(
                found.channels, {"invalid_external_user_ids": invalid} if invalid else {}
            )
        if family in ("include_subscription_ids", "include_player_ids"):
            ids = audience.include_subscription_ids or audience.include_player_ids or []
            return self._by_ids(ids)
        if family == "filters":
            matching = [c for c in self._all(channel) if self._matches(c, audience.filters or [])]
            return Targets(matching, {})
        return Targets(self._segments(audience, channel), {})

    # -- families --------------------------------------------------------------------------

    def _by_aliases(self, aliases: Mapping[str, Sequence[str]], channel: str) -> Targets:
        channels: dict[str, Channel] = {}
        invalid: dict[str, list[str]] = {}
        for label, alias_ids in aliases.items():
            for alias_id in alias_ids:
                user = (
                    self.records.get_user(alias_id)
                    if label == rules.ONESIGNAL_ID
                    else self.records.find_user_by_alias(label, alias_id)
                )
                reached: list[Channel] = []
                if user is not None:
                    reached += self.records.subscriptions_of(user.onesignal_id)
                if label == rules.EXTERNAL_ID:
                    reached += self.records.players_with_external_user_id(alias_id)
                on_channel = [c for c in reached if _on_channel(c, channel)]
                # As OneSignal words it: one entry per subscription on the channel that is not
                # subscribed, or one for an alias that reaches no subscription on it at all.
                missed = sum(1 for c in on_channel if not c.enabled) or (not on_channel)
                invalid.setdefault(label, []).extend([alias_id] * int(missed))
                channels.update((c.id, c) for c in on_channel)
        invalid = {label: ids for label, ids in invalid.items() if ids}
        return Targets(list(channels.values()), {"invalid_aliases": invalid} if invalid else {})

    def _by_ids(self, ids: Iterable[str]) -> Targets:
        channels: dict[str, Channel] = {}
        invalid: list[str] = []
        for channel_id in ids:
            found = self.records.get_subscription(channel_id) or self.records.get_player(channel_id)
            if found is None:
                invalid.append(channel_id)
            else:
                channels[found.id] = found
        return Targets(list(channels.values()), {"invalid_player_ids": invalid} if invalid else {})

    def _segments(self, audience: Audience, channel: str) -> list[Channel]:
        included = set(audience.included_segments or [])
        excluded = set(audience.excluded_segments)
        unknown = (included | excluded) - ALL_SEGMENTS - ACTIVE_SEGMENTS - INACTIVE_SEGMENTS
        if unknown:
            raise InvalidInput(
                "invalid-segment",
                f"Unknown segment(s): {', '.join(sorted(unknown))}. The simulated app has "
                "'Total Subscriptions', 'Active Subscriptions' and 'Inactive Subscriptions'.",
            )
        return [
            c
            for c in self._all(channel)
            if any(self._in_segment(c, s) for s in included)
            and not any(self._in_segment(c, s) for s in excluded)
        ]

    # -- conditions ------------------------------------------------------------------------

    def _all(self, channel: str) -> list[Channel]:
        everything: list[Channel] = [*self.records.subscriptions(), *self.records.players()]
        return [c for c in everything if _on_channel(c, channel)]

    def _in_segment(self, channel: Channel, segment: str) -> bool:
        active = channel.last_session >= self.now - ACTIVE_WINDOW_SECONDS
        if segment in ACTIVE_SEGMENTS:
            return active
        if segment in INACTIVE_SEGMENTS:
            return not active
        return True

    def _matches(self, channel: Channel, filters: Sequence[Filter | str]) -> bool:
        groups: list[list[Filter]] = [[]]
        for item in filters:
            if item == OR:
                groups.append([])
            elif isinstance(item, Filter):
                groups[-1].append(item)
        return any(group and all(self._holds(channel, f) for f in group) for group in groups)

    def _holds(self, channel: Channel, condition: Filter) -> bool:
        actual = self._field_value(channel, condition)
        relation, wanted = condition.relation, condition.value
        if relation == "exists":
            return actual is not None
        if relation == "not_exists":
            return actual is None
        if relation == "!=":
            return actual != wanted
        if actual is None:
            return False
        if relation == "=":
            return actual == wanted
        try:
            left, right = float(actual), float(wanted or "")
        except ValueError:
            return False
        return left > right if relation == ">" else left < right

    def _field_value(self, channel: Channel, condition: Filter) -> str | None:
        if condition.field == "app_version":
            return channel.app_version
        if condition.field == "session_count":
            return str(channel.session_count)
        if isinstance(channel, LegacyPlayer):
            tags, language = channel.tags, channel.language
        else:
            owner = self.records.get_user(channel.onesignal_id)
            tags = owner.properties.tags if owner else {}
            language = owner.properties.language if owner else None
        if condition.field == "language":
            return language
        return tags.get(condition.key or "")


def validate_filter(item: Mapping[str, Any]) -> Filter | str:
    """A filter object from a request: `{"operator": "OR"}` or a condition on a field."""
    if item.get("operator") is not None:
        if str(item["operator"]).upper() != OR:
            raise InvalidInput("invalid-filter", "The only filter operator is OR.")
        return OR
    field_name = item.get("field")
    relation = item.get("relation")
    if field_name not in FILTER_FIELDS:
        raise InvalidInput(
            "invalid-filter",
            f"Filter field must be one of {', '.join(sorted(FILTER_FIELDS))}.",
        )
    if relation not in RELATIONS:
        raise InvalidInput(
            "invalid-filter", f"Filter relation must be one of {', '.join(sorted(RELATIONS))}."
        )
    key = item.get("key")
    if field_name == "tag" and not (isinstance(key, str) and key):
        raise InvalidInput("invalid-filter", "A tag filter needs a 'key'.")
    value = item.get("value")
    if relation not in ("exists", "not_exists") and value is None:
        raise InvalidInput("invalid-filter", f"A '{relation}' filter needs a 'value'.")
    return Filter(
        field=str(field_name),
        relation=str(relation),
        key=key if isinstance(key, str) else None,
        value=None if value is None else str(value),
    )


def _on_channel(channel: Channel, name: str) -> bool:
    if name == "email":
        return channel.type is SubscriptionType.EMAIL
    if name == "sms":
        return channel.type is SubscriptionType.SMS
    return channel.type.is_push
