"""An install's push channel, built in one place: the v5 push subscription or the legacy
player that a simulated device registers with OneSignal, and the migration's conversion of
one into the other."""

from __future__ import annotations

from bridge_stub.domain.models import (
    Device,
    LegacyPlayer,
    NotificationTypes,
    Platform,
    PushPermission,
    SdkGeneration,
    Subscription,
    SubscriptionType,
    UserProperties,
    evolve,
)
from bridge_stub.domain.repository import AppRecords

PUSH_TYPE = {
    Platform.IOS: SubscriptionType.IOS_PUSH,
    Platform.ANDROID: SubscriptionType.ANDROID_PUSH,
}
SDK_VERSION = {
    (Platform.IOS, SdkGeneration.V5): "050213",
    (Platform.ANDROID, SdkGeneration.V5): "050112",
    (Platform.IOS, SdkGeneration.LEGACY): "031211",
    (Platform.ANDROID, SdkGeneration.LEGACY): "041508",
}

Channel = Subscription | LegacyPlayer


def push_status(device: Device) -> tuple[bool, int]:
    """`enabled` and `notification_types` as the device's permission and token make them."""
    if device.push_permission is PushPermission.GRANTED and device.push_token:
        return True, int(NotificationTypes.SUBSCRIBED)
    return False, int(NotificationTypes.NO_PERMISSION)


def new_player(device: Device, player_id: str, now: float) -> LegacyPlayer:
    enabled, status = push_status(device)
    return LegacyPlayer(
        id=player_id,
        type=PUSH_TYPE[device.platform],
        token=device.push_token,
        enabled=enabled,
        notification_types=status,
        language=device.language,
        timezone_id=device.time_zone,
        session_count=1,
        last_session=now,
        app_version=device.app_version,
        device_model=device.model,
        device_os=device.os_version,
        device_id=device.id,
        created_at=now,
    )


def new_push_subscription(
    device: Device, subscription_id: str, onesignal_id: str, now: float
) -> Subscription:
    enabled, status = push_status(device)
    return Subscription.new(
        id=subscription_id,
        onesignal_id=onesignal_id,
        type=PUSH_TYPE[device.platform],
        token=device.push_token,
        enabled=enabled,
        notification_types=status,
        session_count=1,
        last_session=now,
        app_version=device.app_version,
        device_model=device.model,
        device_os=device.os_version,
        sdk=SDK_VERSION[device.platform, SdkGeneration.V5],
        device_id=device.id,
        created_at=now,
    )


def subscription_from_player(
    player: LegacyPlayer, onesignal_id: str, platform: Platform
) -> Subscription:
    """OneSignal's migration: the player becomes a subscription with the same id."""
    return Subscription.new(
        id=player.id,
        onesignal_id=onesignal_id,
        type=player.type,
        token=player.token,
        enabled=player.enabled,
        notification_types=player.notification_types,
        session_count=player.session_count,
        last_session=player.last_session,
        app_version=player.app_version,
        device_model=player.device_model,
        device_os=player.device_os,
        sdk=SDK_VERSION[platform, SdkGeneration.V5],
        device_id=player.device_id,
        created_at=player.created_at,
    )


def device_properties(device: Device, now: float) -> UserProperties:
    """The properties the SDK gives a user it creates on this install."""
    return UserProperties.active_since(now, language=device.language, timezone_id=device.time_zone)


def put_channel(records: AppRecords, channel: Channel) -> None:
    if isinstance(channel, Subscription):
        records.put_subscription(channel)
    else:
        records.put_player(channel)


def with_push_state(channel: Channel, device: Device) -> Channel:
    enabled, status = push_status(device)
    return evolve(channel, token=device.push_token, enabled=enabled, notification_types=status)
