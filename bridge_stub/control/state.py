"""A snapshot of one app's simulated state, as `/_harness/state.json` shows it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.models import App, LegacyPlayer, Subscription, User

MAU_WINDOW_SECONDS = 30 * 24 * 3600


def app_view(app: App) -> dict[str, Any]:
    return asdict(app)


def user_view(user: User, subscriptions: list[Subscription]) -> dict[str, Any]:
    """A user as OneSignal's API shows one: identity (with onesignal_id), properties,
    subscriptions."""
    return {
        "identity": {"onesignal_id": user.onesignal_id, **user.identity},
        "properties": asdict(user.properties),
        "subscriptions": [subscription_view(s) for s in subscriptions],
    }


def subscription_view(subscription: Subscription) -> dict[str, Any]:
    return asdict(subscription)


def monthly_active_users(session: AppSession, now: float) -> int:
    """What OneSignal bills: mobile push subscriptions (and legacy players) with a session in
    the last 30 days, opted in or not. Web push, email and SMS do not count."""
    since = now - MAU_WINDOW_SECONDS
    records = session.records
    channels: list[Subscription | LegacyPlayer] = [*records.subscriptions(), *records.players()]
    return sum(1 for c in channels if c.type.is_mobile_push and c.last_session >= since)


def app_state(session: AppSession, now: float) -> dict[str, Any]:
    records = session.records
    return {
        "app": app_view(session.app),
        "users": [
            user_view(user, records.subscriptions_of(user.onesignal_id))
            for user in sorted(records.users(), key=lambda u: u.created_at)
        ],
        "players": [asdict(p) for p in sorted(records.players(), key=lambda p: p.created_at)],
        "devices": [asdict(d) for d in records.devices()],
        "mau": monthly_active_users(session, now),
    }
