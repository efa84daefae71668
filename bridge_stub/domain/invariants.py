"""The user model's invariants, checked over one app's records (tests and benchmarks use it)."""

from __future__ import annotations

from collections import Counter

import bridge_stub.domain.rules as rules
from bridge_stub.domain.models import SdkGeneration
from bridge_stub.domain.repository import AppRecords


def invariant_violations(records: AppRecords) -> list[str]:
    """Every broken invariant, in words; an empty list means the app's state is sound."""
    problems: list[str] = []
    users = {user.onesignal_id: user for user in records.users()}
    subscriptions = list(records.subscriptions())

    owners_seen: Counter[str] = Counter()
    for user in users.values():
        owned = records.subscriptions_of(user.onesignal_id)
        owners_seen.update(s.id for s in owned)
        if len(owned) > rules.MAX_SUBSCRIPTIONS_PER_USER:
            problems.append(f"user {user.onesignal_id} has {len(owned)} subscriptions")
        if rules.count_custom_aliases(user.identity) > rules.MAX_CUSTOM_ALIASES_PER_USER:
            problems.append(f"user {user.onesignal_id} has too many custom aliases")
        if rules.ONESIGNAL_ID in user.identity:
            problems.append(f"user {user.onesignal_id} stores onesignal_id as an alias")
        for label, alias_id in user.identity.items():
            found = records.find_user_by_alias(label, alias_id)
            if found is None or found.onesignal_id != user.onesignal_id:
                problems.append(f"alias {label}={alias_id!r} does not lead back to its user")

    alias_owners: dict[tuple[str, str], str] = {}
    for user in users.values():
        for pair in user.identity.items():
            other = alias_owners.setdefault(pair, user.onesignal_id)
            if other != user.onesignal_id:
                problems.append(
                    f"alias {pair[0]}={pair[1]!r} belongs to {other} and {user.onesignal_id}"
                )

    for subscription in subscriptions:
        if subscription.onesignal_id not in users:
            problems.append(f"subscription {subscription.id} has no existing owner")
        if owners_seen[subscription.id] != 1:
            problems.append(
                f"subscription {subscription.id} is listed under {owners_seen[subscription.id]}"
                " users"
            )
        if records.get_player(subscription.id) is not None:
            problems.append(f"id {subscription.id} is both a subscription and a player")

    for device in records.devices():
        if device.subscription_id is None:
            if device.may_create_ids:
                problems.append(f"device {device.id} may create IDs but has none")
            continue
        if device.sdk is SdkGeneration.V5:
            push = records.get_subscription(device.subscription_id)
            if push is None:
                problems.append(f"v5 device {device.id} has no push subscription")
            elif push.device_id != device.id:
                problems.append(f"subscription of device {device.id} points elsewhere")
        else:
            player = records.get_player(device.subscription_id)
            if player is None:
                problems.append(f"legacy device {device.id} has no player")
            elif player.device_id != device.id:
                problems.append(f"player of device {device.id} points elsewhere")
    return problems
