"""A snapshot of one app's simulated state, as `/_harness/state.json` shows it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bridge_stub.bridge.faults import Fault
from bridge_stub.domain.app_config import config_of
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.models import (
    Device,
    Notification,
    OneSignalApp,
    SdkGeneration,
    Subscription,
    User,
)
from bridge_stub.domain.web_view import web_view


def app_view(app: OneSignalApp) -> dict[str, Any]:
    """The app as the control API shows it, its appConfig.json as JSON (not as text)."""
    view = asdict(app)
    config = config_of(app)
    view["app_config"] = None if config is None else config.data
    return view


def user_state(user: User, subscriptions: list[Subscription]) -> dict[str, Any]:
    """A user as OneSignal's API shows one: identity (with onesignal_id), properties,
    subscriptions."""
    return {
        "identity": {"onesignal_id": user.onesignal_id, **user.identity},
        "properties": asdict(user.properties),
        "subscriptions": [subscription_state(s) for s in subscriptions],
    }


def subscription_state(subscription: Subscription) -> dict[str, Any]:
    """Flat: the device's details among its other fields."""
    view = asdict(subscription)
    view.update(view.pop("details"))
    return view


def device_view(session: AppSession, device: Device) -> dict[str, Any]:
    """A device with who it is to OneSignal right now, and what its app's web view is to a
    page (user agent, vendor, screen)."""
    view = asdict(device)
    view["web_view"] = web_view(session.app, device)
    if device.sdk is SdkGeneration.V5:
        user = session.v5.current_user(device)
        view["onesignal_id"] = user.onesignal_id if user else None
        view["external_id"] = user.external_id if user else None
    else:
        player = session.legacy.channel(device)
        view["player_id"] = player.id if player else None
        view["external_user_id"] = player.external_user_id if player else None
    return view


def notification_state(notification: Notification, device_id: str | None = None) -> dict[str, Any]:
    view = asdict(notification)
    view["device_ids"] = notification.device_ids
    if device_id is not None:
        view["opened_on_device"] = device_id in notification.opened
    return view


def fault_view(fault: Fault) -> dict[str, Any]:
    return asdict(fault)


def app_state(session: AppSession, now: float) -> dict[str, Any]:
    records = session.records
    return {
        "app": app_view(session.app),
        "users": [
            user_state(user, records.subscriptions_of(user.onesignal_id))
            for user in sorted(records.users(), key=lambda u: u.created_at)
        ],
        "players": [asdict(p) for p in sorted(records.players(), key=lambda p: p.created_at)],
        "devices": [device_view(session, d) for d in records.devices()],
        "outbox": [notification_state(n) for n in records.notifications()],
        "mau": session.monthly_active_users(now),
    }
