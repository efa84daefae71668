"""What OneSignal bills: monthly active users."""

from __future__ import annotations

from bridge_stub.domain.models import LegacyPlayer, Subscription
from bridge_stub.domain.repository import AppRecords

MAU_WINDOW_SECONDS = 30 * 24 * 3600


def monthly_active_users(records: AppRecords, now: float) -> int:
    """Mobile push subscriptions (and legacy players) with a session in the last 30 days,
    opted in or not. Web push, email and SMS do not count."""
    since = now - MAU_WINDOW_SECONDS
    channels: list[Subscription | LegacyPlayer] = [*records.subscriptions(), *records.players()]
    return sum(1 for c in channels if c.type.is_mobile_push and c.last_session >= since)
