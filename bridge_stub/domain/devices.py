"""Simulated app installs: install, reinstall, upgrade (with OneSignal's legacy-to-v5
migration), push permission, privacy consent and sessions. What the OneSignal SDK of each
generation does on an install lives in `sdk_v5` and `sdk_legacy`; this module picks the
generation once per install and leaves the rest to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bridge_stub.domain.app_config import AppConfig, config_of
from bridge_stub.domain.channels import Channel, put_channel, with_push_state
from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.ids import Clock, new_id, new_push_token
from bridge_stub.domain.installs import find_device, ready_device
from bridge_stub.domain.migration import migrate_player
from bridge_stub.domain.models import (
    Device,
    LegacyPlayer,
    OneSignalApp,
    Platform,
    PushPermission,
    SdkGeneration,
    Subscription,
    evolve,
)
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.sdk_legacy import LegacySdk
from bridge_stub.domain.sdk_v5 import V5Sdk
from bridge_stub.domain.versions import build_number, parse_app_version, sdk_for_version

#: Every layer installs with this push permission unless told otherwise: the person has
#: allowed notifications, as most tests of a sign-in flow want.
DEFAULT_PUSH_PERMISSION = PushPermission.GRANTED
DEFAULT_MODEL = {Platform.IOS: "iPhone", Platform.ANDROID: "Google Pixel 8"}
DEFAULT_OS_VERSION = {Platform.IOS: "17.5", Platform.ANDROID: "14"}
DEFAULT_DISTRIBUTION = {Platform.IOS: "appstore", Platform.ANDROID: "playstore"}
#: The app's bundle id / package name when its config names none.
DEFAULT_BUNDLE_ID = "dev.median.harness"


def bundle_id(config: AppConfig | None, platform: Platform) -> str:
    """Device info's `appId`: the config's iosBundleId or androidPackageName."""
    if config is None:
        return DEFAULT_BUNDLE_ID
    named = config.ios_bundle_id if platform is Platform.IOS else config.android_package_name
    return named or DEFAULT_BUNDLE_ID


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    """What a test asks for when it installs the app on a simulated phone."""

    platform: Platform
    app_version: str
    sdk: SdkGeneration | None = None
    #: The device's id when the caller chose one (a random UUID), else a new one.
    id: str | None = None
    #: None: the app's config decides (not yet asked when it has one), else granted.
    push_permission: PushPermission | None = None
    prompt_response: PushPermission = PushPermission.GRANTED
    #: None: as the app's config says (no consent needed without one).
    requires_privacy_consent: bool | None = None
    language: str = "en"
    time_zone: str = "America/New_York"
    model: str | None = None
    os_version: str | None = None
    distribution: str | None = None
    build: str | None = None


class DeviceRules:
    """One app's simulated installs."""

    def __init__(
        self, records: AppRecords, app: OneSignalApp, clock: Clock, v5: V5Sdk, legacy: LegacySdk
    ) -> None:
        self.records = records
        self.app = app
        self.clock = clock
        self.v5 = v5
        self.legacy = legacy

    def sdk(self, device: Device) -> V5Sdk | LegacySdk:
        """The rules of the OneSignal SDK this install's build carries."""
        return self.v5 if device.sdk is SdkGeneration.V5 else self.legacy

    # -- reading ---------------------------------------------------------------------------

    def get(self, device_id: str) -> Device:
        return find_device(self.records, device_id)

    def channel(self, device: Device) -> Channel | None:
        """The install's push channel: its v5 subscription or its legacy player."""
        return self.sdk(device).channel(device)

    def is_subscribed(self, device: Device) -> bool:
        channel = self.channel(device)
        return channel is not None and channel.enabled

    # -- tags, on the current user (v5) or the player (legacy) -----------------------------

    def tags(self, device_id: str) -> dict[str, str]:
        device = ready_device(self.records, device_id)
        return self.sdk(device).tags(device)

    def set_tags(self, device_id: str, tags: Mapping[str, object]) -> dict[str, str]:
        device = ready_device(self.records, device_id)
        return self.sdk(device).set_tags(device, tags)

    def delete_tags(self, device_id: str, keys: object = None) -> dict[str, str]:
        device = ready_device(self.records, device_id)
        return self.sdk(device).delete_tags(device, keys)

    # -- lifecycle -------------------------------------------------------------------------

    def install(self, spec: DeviceSpec) -> Device:
        """A fresh install: new installation id and, once consent allows, new OneSignal IDs."""
        parse_app_version(spec.app_version)
        config = config_of(self.app)
        sdk = spec.sdk or self.build_sdk(spec.app_version)
        permission = spec.push_permission or (
            PushPermission.NOT_DETERMINED if config else DEFAULT_PUSH_PERMISSION
        )
        consent = spec.requires_privacy_consent
        if consent is None:
            consent = bool(config and config.requires_privacy_consent)
        device = Device(
            id=spec.id or new_id(),
            app_id=self.app.app_id,
            platform=spec.platform,
            app_version=spec.app_version,
            build=spec.build or str(build_number(spec.app_version)),
            sdk=sdk,
            sdk_forced=spec.sdk is not None,
            installation_id=new_id(),
            push_permission=permission,
            prompt_response=spec.prompt_response,
            requires_privacy_consent=consent,
            language=spec.language,
            time_zone=spec.time_zone,
            model=spec.model or DEFAULT_MODEL[spec.platform],
            os_version=spec.os_version or DEFAULT_OS_VERSION[spec.platform],
            distribution=spec.distribution or DEFAULT_DISTRIBUTION[spec.platform],
            bundle_id=bundle_id(config, spec.platform),
            created_at=self.clock.now(),
        )
        return self._register(device)

    def build_sdk(self, app_version: str) -> SdkGeneration:
        """The OneSignal SDK a build of this version carries: the config's legacy SDK for
        every build, else by the app's `legacy_below` threshold."""
        config = config_of(self.app)
        if config is not None and config.sdk is SdkGeneration.LEGACY:
            return SdkGeneration.LEGACY
        return sdk_for_version(app_version, self.app.legacy_below)

    def launched(self, device_id: str) -> Device:
        """The app has shown its first page: with the config's `autoRegister`, a first
        launch asks for push permission, answered with the device's `prompt_response`."""
        device = self.get(device_id)
        if not device.first_launch:
            return device
        config = config_of(self.app)
        if config is not None and config.auto_register:
            self.prompt_for_push(device_id)
        return self.mark_launched(device_id)

    def reinstall(self, device_id: str) -> Device:
        """Delete and install again: the old subscription or player stays on the server,
        detached; the install gets new IDs. The device's settings (platform, version,
        permission answer) are kept; the SDK's stored consent is gone with the app data."""
        device = self.get(device_id)
        self._detach(device)
        fresh = evolve(
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
            new_sdk, forced = self.build_sdk(app_version), False
        if device.sdk is SdkGeneration.V5 and new_sdk is SdkGeneration.LEGACY:
            raise InvalidInput(
                "sdk-downgrade", "A v5 build cannot be upgraded to a build with the legacy SDK."
            )
        upgraded = evolve(
            device,
            app_version=app_version,
            build=str(build_number(app_version)),
            sdk=new_sdk,
            sdk_forced=forced,
        )
        player = self.legacy.channel(device)
        if player is not None and new_sdk is SdkGeneration.V5:
            migrate_player(self.records, self.v5.users, self.clock, player, device.platform)
        self._touch_session(upgraded, app_version=app_version)
        self.records.put_device(upgraded)
        return upgraded

    def set_permission(self, device_id: str, permission: PushPermission) -> Device:
        device = evolve(self.get(device_id), push_permission=permission)
        if permission is PushPermission.GRANTED and device.push_token is None:
            device = evolve(device, push_token=new_push_token(device.platform))
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

    def grant_consent(self, device_id: str) -> Device:
        device = self.get(device_id)
        if device.consent_given:
            return device
        return self._register(evolve(device, consent_given=True))

    def revoke_consent(self, device_id: str) -> Device:
        """Revoking stops the SDK sending data; the IDs it already made stay."""
        device = evolve(self.get(device_id), consent_given=False)
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
        launched = evolve(device, first_launch=False)
        self.records.put_device(launched)
        return launched

    def forget(self, device_id: str) -> None:
        """Remove an install nobody uses any more, and with it what only it made: an anonymous
        user holding just its subscription, or a player without an external user id. What
        someone identified keeps its subscription, detached, as after an uninstall."""
        device = self.get(device_id)
        channel = self.channel(device)
        if isinstance(channel, Subscription):
            owner = self.records.get_user(channel.onesignal_id)
            alone = owner is not None and owner.is_anonymous and not owner.identity
            if alone and self.records.count_subscriptions_of(channel.onesignal_id) == 1:
                self.records.delete_subscription(channel.id)
                self.records.delete_user(channel.onesignal_id)
                channel = None
        elif isinstance(channel, LegacyPlayer) and channel.external_user_id is None:
            self.records.delete_player(channel.id)
            channel = None
        if channel is not None:
            put_channel(self.records, evolve(channel, device_id=None))
        self.records.delete_device(device_id)

    def delete(self, device_id: str) -> None:
        device = self.get(device_id)
        self._detach(device)
        self.records.delete_device(device_id)

    # -- internals -------------------------------------------------------------------------

    def _register(self, device: Device) -> Device:
        """Give the install its push channel, once consent allows the SDK to make IDs."""
        if device.push_permission is PushPermission.GRANTED and device.push_token is None:
            device = evolve(device, push_token=new_push_token(device.platform))
        if device.subscription_id is not None or not device.may_create_ids:
            self.records.put_device(device)
            return device
        device = evolve(device, subscription_id=new_id())
        self.records.put_device(device)
        self.sdk(device).register(device, device.subscription_id or "")
        return device

    def _detach(self, device: Device) -> None:
        channel = self.channel(device)
        if channel is not None:
            put_channel(self.records, evolve(channel, device_id=None))

    def _sync_push_state(self, device: Device) -> None:
        channel = self.channel(device)
        if channel is not None:
            put_channel(self.records, with_push_state(channel, device))

    def _touch_session(
        self, device: Device, *, count: bool = False, app_version: str | None = None
    ) -> None:
        channel = self.channel(device)
        if channel is not None:
            touched = evolve(
                channel,
                last_session=self.clock.now(),
                session_count=channel.session_count + (1 if count else 0),
                app_version=app_version or channel.app_version,
            )
            put_channel(self.records, touched)
