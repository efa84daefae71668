"""The user model as OneSignal's API shows it. Keys with no value are left out, as the
official clients' models do not accept null for most of them."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from bridge_stub.domain.models import (
    LegacyPlayer,
    Notification,
    Subscription,
    SubscriptionType,
    User,
    UserProperties,
)
from bridge_stub.domain.repository import AppRecords

SUBSCRIPTION_FIELDS = (
    "id",
    "type",
    "token",
    "enabled",
    "notification_types",
    "session_time",
    "session_count",
    "sdk",
    "device_model",
    "device_os",
    "rooted",
    "test_type",
    "app_version",
    "net_type",
    "carrier",
    "web_auth",
    "web_p256",
)
#: The players API's device_type numbers.
DEVICE_TYPE = {
    SubscriptionType.IOS_PUSH: 0,
    SubscriptionType.ANDROID_PUSH: 1,
    SubscriptionType.FIRE_OS_PUSH: 2,
    SubscriptionType.CHROME_EXTENSION_PUSH: 4,
    SubscriptionType.CHROME_PUSH: 5,
    SubscriptionType.WINDOWS_PUSH: 6,
    SubscriptionType.SAFARI_LEGACY_PUSH: 7,
    SubscriptionType.FIREFOX_PUSH: 8,
    SubscriptionType.MACOS_PUSH: 9,
    SubscriptionType.EMAIL: 11,
    SubscriptionType.HUAWEI_PUSH: 13,
    SubscriptionType.SMS: 14,
    SubscriptionType.SAFARI_PUSH: 7,
}


def without_nulls(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


PROPERTY_FIELDS = tuple(f.name for f in fields(UserProperties) if f.name != "tags")


def properties_view(properties: UserProperties) -> dict[str, Any]:
    """Without `dataclasses.asdict`, which copies deeply and costs a create-user's time."""
    view = without_nulls({name: getattr(properties, name) for name in PROPERTY_FIELDS})
    view["tags"] = dict(properties.tags)
    return view


def identity_view(user: User) -> dict[str, str]:
    return {"onesignal_id": user.onesignal_id, **user.identity}


def subscription_view(subscription: Subscription) -> dict[str, Any]:
    values = {name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS}
    values["type"] = subscription.type.value
    return without_nulls(values)


def user_view(records: AppRecords, user: User) -> dict[str, Any]:
    return {
        "properties": properties_view(user.properties),
        "identity": identity_view(user),
        "subscriptions": [
            subscription_view(s) for s in records.subscriptions_of(user.onesignal_id)
        ],
    }


def player_view(
    records: AppRecords, app_id: str, channel: LegacyPlayer | Subscription
) -> dict[str, Any]:
    """A legacy player, or a v5 subscription seen through the players API."""
    if isinstance(channel, LegacyPlayer):
        tags, external_user_id, language = (
            dict(channel.tags),
            channel.external_user_id,
            channel.language,
        )
    else:
        owner = records.get_user(channel.onesignal_id)
        tags = dict(owner.properties.tags) if owner else {}
        external_user_id = owner.external_id if owner else None
        language = owner.properties.language if owner else None
    return without_nulls(
        {
            "id": channel.id,
            "app_id": app_id,
            "device_type": DEVICE_TYPE[channel.type],
            "identifier": channel.token,
            "notification_types": channel.notification_types,
            "invalid_identifier": not channel.enabled,
            "session_count": channel.session_count,
            "language": language,
            "game_version": channel.app_version,
            "device_model": channel.device_model,
            "device_os": channel.device_os,
            "tags": tags,
            "external_user_id": external_user_id,
            "last_active": int(channel.last_session),
            "created_at": int(channel.created_at),
        }
    )


def notification_view(app_id: str, notification: Notification) -> dict[str, Any]:
    waiting = len(notification.scheduled) if notification.waiting else 0
    return {
        "id": notification.id,
        "app_id": app_id,
        "contents": dict(notification.contents),
        "headings": dict(notification.headings),
        "data": None if notification.data is None else dict(notification.data),
        "url": notification.url,
        "external_id": notification.external_id,
        "successful": len(notification.recipients),
        "failed": 0,
        "converted": len(notification.opened),
        "remaining": waiting,
        "errored": 0,
        "queued_at": int(notification.created_at),
        "send_after": int(notification.send_after or notification.created_at),
        "completed_at": None
        if notification.completed_at is None
        else int(notification.completed_at),
        "canceled": notification.canceled,
        "platform_delivery_stats": {},
        "include_subscription_ids": list(notification.recipients),
    }
