"""Simulated app installs and what the OneSignal SDK on them does to the user model.

A v5 device's current user is the owner of its push subscription; a legacy device is a
player. Install, reinstall, upgrade (with OneSignal's legacy-to-v5 migration), permission,
privacy consent, login/logout and the legacy external user id live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bridge_stub.domain import rules
from bridge_stub.domain.errors import ConsentRequired, InvalidInput, NotFound
from bridge_stub.domain.ids import Clock, new_id, new_push_token
from bridge_stub.domain.models import (
    Device,
    LegacyPlayer,
    NotificationTypes,
    OneSignalApp,
    Platform,
    PushPermission,
    SdkGeneration,
    Subscription,
    SubscriptionType,
    User,
    UserProperties,
)
from bridge_stub.domain.players import PlayerRules
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.users import UserRules
from bridge_stub.domain.versions import build_number, parse_app_version, sdk_for_version

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
DEFAULT_MODEL = {Platform.IOS: "iPhone", Platform.ANDROID: "Google Pixel 8"}
DEFAULT_OS_VERSION = {Platform.IOS: "17.5", Platform.ANDROID: "14"}
DEFAULT_DISTRIBUTION = {Platform.IOS: "appstore", Platform.ANDROID: "playstore"}


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    """What a test asks for when it installs the app on a simulated phone."""

    platform: Platform
    app_version: str
    sdk: SdkGeneration | None = None
    push_permission: PushPermission = PushPermission.NOT_DETERMINED
    prompt_response: PushPermission = PushPermission.GRANTED
    requires_privacy_consent: bool = False
    language: str = "en"
    time_zone: str = "America/New_York"
    model: str | None = None
    os_version: str | None = None
    distribution: str | None = None
    build: str | None = None


class DeviceRules:
    """One app's simulated installs and their SDK's effect on users, subscriptions, players."""

    def __init__(self, records: AppRecords, app: OneSignalApp, clock: Clock) -> None:
        self.records = records
        self.app = app
        self.clock = clock
        self.users = UserRules(records, clock)
        self.players = PlayerRules(records)

    # -- reading ---------------------------------------------------------------------------

    def get(self, device_id: str) -> Device:
        device = self.records.get_device(device_id)
        if device is None:
            raise NotFound("device-not-found", f"No device with id {device_id!r}.")
        return device

    def push_subscription(self, device: Device) -> Subscription | None:
        if device.sdk is not SdkGeneration.V5 or device.subscription_id is None:
            return None
        return self.records.get_subscription(device.subscription_id)

    def player(self, device: Device) -> LegacyPlayer | None:
        if device.sdk is not SdkGeneration.LEGACY or device.subscription_id is None:
            return None
        return self.records.get_player(device.subscription_id)

    def current_user(self, device: Device) -> User | None:
        """The v5 SDK's current user: whoever owns the install's push subscription."""
        subscription = self.push_subscription(device)
        if subscription is None:
            return None
        return self.records.get_user(subscription.onesignal_id)

    def tags(self, device_id: str) -> dict[str, str]:
        device = self._with_ids(device_id)
        if device.sdk is SdkGeneration.LEGACY:
            return dict(self._player(device).tags)
        return dict(self._current_user(device).properties.tags)

    # -- lifecycle -------------------------------------------------------------------------

    def install(self, spec: DeviceSpec) -> Device:
        """A fresh install: new installation id and, once consent allows, new OneSignal IDs."""
        parse_app_version(spec.app_version)
        sdk = spec.sdk or sdk_for_version(spec.app_version, self.app.legacy_below)
        device = Device(
            id=new_id(),
            app_id=self.app.app_id,
            platform=spec.platform,
            app_version=spec.app_version,
            build=spec.build or str(build_number(spec.app_version)),
            sdk=sdk,
            sdk_forced=spec.sdk is not None,
            installation_id=new_id(),
            push_permission=spec.push_permission,
            prompt_response=spec.prompt_response,
            requires_privacy_consent=spec.requires_privacy_consent,
            language=spec.language,
            time_zone=spec.time_zone,
            model=spec.model or DEFAULT_MODEL[spec.platform],
            os_version=spec.os_version or DEFAULT_OS_VERSION[spec.platform],
            distribution=spec.distribution or DEFAULT_DISTRIBUTION[spec.platform],
            created_at=self.clock.now(),
        )
        return self._register(device)

    def reinstall(self, device_id: str) -> Device:
        """Delete and install again: the old subscription or player stays on the server,
        detached; the install gets new IDs. The device's settings (platform, version,
        permission answer) are kept; the SDK's stored consent is gone with the app data."""
        device = self.get(device_id)
        self._detach(device)
        fresh = replace(
            device,
            installation_id=new_id(),
            first_launch=True,
            consent_given=False,
            subscription_id=None,
            push_token=None,
        )
        return self._register(fresh)

    def upgrade(self, device_id: str, app_version: str, sdk: SdkGeneration | None = None) -> Device:
        """Install a newer build. A legacy build upgraded to a v5 build migrates its player
        into a subscription with the same id, owned by the user whose external_id is the
        player's external user id (created if needed), as OneSignal's migration does."""
        device = self.get(device_id)
        if parse_app_version(app_version) < parse_app_version(device.app_version):
            raise InvalidInput(
                "downgrade",
                f"Cannot upgrade from {device.app_version} to the older {app_version}.",
            )
        if sdk is not None:
            new_sdk, forced = sdk, True
        elif device.sdk_forced:
            new_sdk, forced = device.sdk, True
        else:
            new_sdk, forced = sdk_for_version(app_version, self.app.legacy_below), False
        if device.sdk is SdkGeneration.V5 and new_sdk is SdkGeneration.LEGACY:
            raise InvalidInput(
                "sdk-downgrade", "A v5 build cannot be upgraded to a build with the legacy SDK."
            )
        upgraded = replace(
            device,
            app_version=app_version,
            build=str(build_number(app_version)),
            sdk=new_sdk,
            sdk_forced=forced,
        )
        if device.sdk is SdkGeneration.LEGACY and new_sdk is SdkGeneration.V5:
            self._migrate_player(device)
        self._touch_session(upgraded, app_version=app_version)
        self.records.put_device(upgraded)
        return upgraded

    def set_permission(self, device_id: str, permission: PushPermission) -> Device:
        device = replace(self.get(device_id), push_permission=permission)
        if permission is PushPermission.GRANTED and device.push_token is None:
            device = replace(device, push_token=new_push_token(device.platform))
        self.records.put_device(device)
        self._sync_push_state(device)
        return device

    def prompt_for_push(self, device_id: str) -> Device:
        """OneSignal's permission prompt: shown only while the answer is not determined; the
        simulated user answers with the device's `prompt_response`."""
        device = self.get(device_id)
        if device.push_permission is not PushPermission.NOT_DETERMINED:
            return device
        return self.set_permission(device_id, device.prompt_response)

    def is_subscribed(self, device: Device) -> bool:
        channel = self._channel(device)
        return channel is not None and channel.enabled

    def grant_consent(self, device_id: str) -> Device:
        device = self.get(device_id)
        if device.consent_given:
            return device
        return self._register(replace(device, consent_given=True))

    def revoke_consent(self, device_id: str) -> Device:
        """Revoking stops the SDK sending data; the IDs it already made stay."""
        device = replace(self.get(device_id), consent_given=False)
        self.records.put_device(device)
        return device

    def start_session(self, device_id: str) -> Device:
        """The app comes to the foreground: a new session on its subscription or player."""
        device = self.get(device_id)
        self._touch_session(device, count=True)
        return device

    def mark_launched(self, device_id: str) -> Device:
        device = self.get(device_id)
        if not device.first_launch:
            return device
        launched = replace(device, first_launch=False)
        self.records.put_device(launched)
        return launched

    def delete(self, device_id: str) -> None:
        device = self.get(device_id)
        self._detach(device)
        self.records.delete_device(device_id)

    # -- v5 user model ---------------------------------------------------------------------

    def login(self, device_id: str, external_id: object) -> User:
        """OneSignal.login(X): identify the anonymous user, or switch the install to user X."""
        device = self._with_ids(device_id, SdkGeneration.V5)
        subscription = self._push_subscription(device)
        before = subscription.onesignal_id
        user = self.users.identify(subscription, external_id, self._new_properties(device))
        if user.onesignal_id != before:
            self._touch_session(device)
        return user

    def logout(self, device_id: str) -> User:
        """OneSignal.logout(): an identified install moves to a new anonymous user."""
        device = self._with_ids(device_id, SdkGeneration.V5)
        subscription = self._push_subscription(device)
        return self.users.forget_identity(subscription, self._new_properties(device))

    # -- legacy player model ---------------------------------------------------------------

    def set_external_user_id(self, device_id: str, external_id: object) -> LegacyPlayer:
        device = self._with_ids(device_id, SdkGeneration.LEGACY)
        rules.validate_external_id(external_id)
        return self.players.set_external_user_id(self._player(device), external_id)

    def remove_external_user_id(self, device_id: str) -> LegacyPlayer:
        device = self._with_ids(device_id, SdkGeneration.LEGACY)
        return self.players.set_external_user_id(self._player(device), None)

    # -- tags, on the current user (v5) or the player (legacy) -----------------------------

    def set_tags(self, device_id: str, tags: Mapping[str, object]) -> dict[str, str]:
        device = self._with_ids(device_id)
        if device.sdk is SdkGeneration.LEGACY:
            return dict(self.players.set_tags(self._player(device), tags).tags)
        return dict(self.users.set_tags(self._current_user(device), tags).properties.tags)

    def delete_tags(self, device_id: str, keys: object = None) -> dict[str, str]:
        device = self._with_ids(device_id)
        if device.sdk is SdkGeneration.LEGACY:
            return dict(self.players.delete_tags(self._player(device), keys).tags)
        return dict(self.users.delete_tags(self._current_user(device), keys).properties.tags)

    # -- internals -------------------------------------------------------------------------

    def _register(self, device: Device) -> Device:
        """Give the install its push subscription (v5, with a new anonymous user) or player."""
        if device.push_permission is PushPermission.GRANTED and device.push_token is None:
            device = replace(device, push_token=new_push_token(device.platform))
        if device.subscription_id is not None or not device.may_create_ids:
            self.records.put_device(device)
            return device
        subscription_id = new_id()
        device = replace(device, subscription_id=subscription_id)
        self.records.put_device(device)
        now = self.clock.now()
        enabled, status = self._push_status(device)
        if device.sdk is SdkGeneration.LEGACY:
            self.records.put_player(
                LegacyPlayer(
                    id=subscription_id,
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
            )
            return device
        user = self.users.new_user(properties=self._new_properties(device))
        self.users.add_subscription(
            Subscription(
                id=subscription_id,
                onesignal_id=user.onesignal_id,
                type=PUSH_TYPE[device.platform],
                token=device.push_token,
                enabled=enabled,
                notification_types=status,
                session_count=1,
                last_session=now,
                app_version=device.app_version,
                device_model=device.model,
                device_os=device.os_version,
                sdk=SDK_VERSION[device.platform, device.sdk],
                device_id=device.id,
                created_at=now,
            )
        )
        return device

    def _migrate_player(self, device: Device) -> None:
        player = self.player(device)
        if player is None:
            return
        owner: User | None = None
        if player.external_user_id is not None:
            owner = self.users.find_by_alias(rules.EXTERNAL_ID, player.external_user_id)
            if owner is None:
                owner = self.users.new_user(
                    {rules.EXTERNAL_ID: player.external_user_id}, self._player_properties(player)
                )
        if owner is None:
            owner = self.users.new_user(properties=self._player_properties(player))
        self.records.delete_player(player.id)
        self.users.add_subscription(
            Subscription(
                id=player.id,
                onesignal_id=owner.onesignal_id,
                type=player.type,
                token=player.token,
                enabled=player.enabled,
                notification_types=player.notification_types,
                session_count=player.session_count,
                last_session=player.last_session,
                app_version=player.app_version,
                device_model=player.device_model,
                device_os=player.device_os,
                sdk=SDK_VERSION[device.platform, SdkGeneration.V5],
                device_id=player.device_id,
                created_at=player.created_at,
            )
        )

    def _channel(self, device: Device) -> Subscription | LegacyPlayer | None:
        """The install's push channel: its v5 subscription or its legacy player."""
        return self.push_subscription(device) or self.player(device)

    def _put_channel(self, channel: Subscription | LegacyPlayer) -> None:
        if isinstance(channel, Subscription):
            self.records.put_subscription(channel)
        else:
            self.records.put_player(channel)

    def _detach(self, device: Device) -> None:
        channel = self._channel(device)
        if channel is not None:
            self._put_channel(replace(channel, device_id=None))

    def _push_status(self, device: Device) -> tuple[bool, int]:
        if device.push_permission is PushPermission.GRANTED and device.push_token:
            return True, int(NotificationTypes.SUBSCRIBED)
        return False, int(NotificationTypes.NO_PERMISSION)

    def _sync_push_state(self, device: Device) -> None:
        channel = self._channel(device)
        if channel is not None:
            enabled, status = self._push_status(device)
            self._put_channel(
                replace(
                    channel, token=device.push_token, enabled=enabled, notification_types=status
                )
            )

    def _touch_session(
        self, device: Device, *, count: bool = False, app_version: str | None = None
    ) -> None:
        channel = self._channel(device)
        if channel is not None:
            self._put_channel(
                replace(
                    channel,
                    last_session=self.clock.now(),
                    session_count=channel.session_count + (1 if count else 0),
                    app_version=app_version or channel.app_version,
                )
            )

    def _with_ids(self, device_id: str, sdk: SdkGeneration | None = None) -> Device:
        device = self.get(device_id)
        if sdk is not None and device.sdk is not sdk:
            raise InvalidInput(
                "wrong-sdk",
                f"This command needs the {sdk.value} OneSignal SDK; app version "
                f"{device.app_version} carries the {device.sdk.value} SDK.",
            )
        if not device.may_create_ids or device.subscription_id is None:
            raise ConsentRequired(
                "consent-required",
                "The app requires privacy consent and it has not been granted yet.",
            )
        return device

    def _push_subscription(self, device: Device) -> Subscription:
        subscription = self.push_subscription(device)
        if subscription is None:
            raise NotFound(
                "subscription-not-found",
                f"The install's push subscription {device.subscription_id!r} no longer exists.",
            )
        return subscription

    def _current_user(self, device: Device) -> User:
        return self.users.get_user(self._push_subscription(device).onesignal_id)

    def _player(self, device: Device) -> LegacyPlayer:
        player = self.player(device)
        if player is None:
            raise NotFound(
                "player-not-found", f"The install's player {device.subscription_id!r} is gone."
            )
        return player

    def _new_properties(self, device: Device) -> UserProperties:
        now = int(self.clock.now())
        return UserProperties(
            language=device.language,
            timezone_id=device.time_zone,
            first_active=now,
            last_active=now,
        )

    def _player_properties(self, player: LegacyPlayer) -> UserProperties:
        now = int(self.clock.now())
        return UserProperties(
            tags=dict(player.tags),
            language=player.language,
            timezone_id=player.timezone_id,
            first_active=now,
            last_active=now,
        )
