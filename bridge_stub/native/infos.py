"""The info objects a Median app hands to the page: Device Info, V5 info and legacy info."""

from __future__ import annotations

from typing import Any

from bridge_stub.domain.models import Device, Platform, PushPermission
from bridge_stub.domain.sdk_legacy import LegacySdk
from bridge_stub.domain.sdk_v5 import V5Sdk

HARDWARE = {
    Platform.IOS: "iPhone15,4",
    Platform.ANDROID: "google/shiba/shiba:14/AP2A.240805.005/12025142:user/release-keys",
}
DEVICE_NAME = {Platform.IOS: "Simulated iPhone", Platform.ANDROID: "Simulated Pixel"}
OS_NAME = {Platform.IOS: "iOS", Platform.ANDROID: "Android"}


def device_info(device: Device) -> dict[str, Any]:
    """`median.deviceInfo()`: the same keys on both platforms, plus each platform's own."""
    info: dict[str, Any] = {
        "platform": device.platform.value,
        "appId": device.bundle_id,
        "appVersion": device.app_version,
        "distribution": device.distribution,
        "hardware": HARDWARE[device.platform],
        "installationId": device.installation_id,
        "language": device.language,
        "model": device.model,
        "os": OS_NAME[device.platform],
        "osVersion": device.os_version,
        "timeZone": device.time_zone,
        "isFirstLaunch": device.first_launch,
        "deviceName": DEVICE_NAME[device.platform],
        "publicKey": "",
    }
    if device.platform is Platform.IOS:
        info["appBuild"] = device.build
        if device.push_token:
            info["apnsToken"] = device.push_token
    else:
        info["appVersionCode"] = int(device.build)
    return info


def v5_info(v5: V5Sdk, device: Device) -> dict[str, Any]:
    """`median.onesignal.info()` on a build with the v5 SDK: the current user and the install's
    push subscription; null IDs while privacy consent holds them back."""
    subscription = v5.channel(device)
    user = v5.current_user(device)
    return {
        **device_info(device),
        "oneSignalId": user.onesignal_id if user else None,
        "externalId": user.external_id if user else None,
        "subscription": {
            "id": subscription.id if subscription else None,
            "optedIn": bool(subscription and subscription.enabled),
            "token": subscription.token if subscription else None,
        },
        "legacy": False,
        "requiresUserPrivacyConsent": device.requires_privacy_consent and not device.consent_given,
        "userConsentGiven": device.consent_given,
    }


def legacy_info(legacy: LegacySdk, device: Device) -> dict[str, Any]:
    """The legacy SDK's info: keys with no value are left out, not set to null. iOS gives no
    player id until push permission is granted; Android repeats the token under its old name."""
    player = legacy.channel(device)
    info: dict[str, Any] = {**device_info(device)}
    hide_player = device.platform is Platform.IOS and (
        device.push_permission is not PushPermission.GRANTED
    )
    if player is not None and not hide_player:
        info["oneSignalUserId"] = player.id
    if player is not None and player.token:
        info["oneSignalPushToken"] = player.token
        if device.platform is Platform.ANDROID:
            info["oneSignalregistrationId"] = player.token
    info["oneSignalSubscribed"] = bool(player and player.enabled)
    info["oneSignalRequiresUserPrivacyConsent"] = (
        device.requires_privacy_consent and not device.consent_given
    )
    info["legacy"] = True
    return info
