"""A recording made in a real Median app: the device profile (Device Info and OneSignal info)
and the answers the app gave to a fixed script of bridge calls; and the profile a simulated
device is installed with to replay it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bridge_stub.domain.models import Platform, PushPermission, SdkGeneration


class Step(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    call: str = Field(min_length=1, max_length=128)
    args: list[Any] = Field(default_factory=list, max_length=8)
    answered: bool
    answer: Any = None
    ms: float | int | None = Field(default=None, ge=0)


class Recording(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    profile: dict[str, Any]
    steps: list[Step] = Field(min_length=1, max_length=100)

    @field_validator("profile")
    @classmethod
    def infos_are_objects(cls, profile: dict[str, Any]) -> dict[str, Any]:
        """The profile's infos are what the bridge answered: objects, when present."""
        for key in ("deviceInfo", "onesignalInfo"):
            if profile.get(key) is not None and not isinstance(profile[key], dict):
                raise ValueError(f"profile.{key} must be an object (the bridge's answer)")
        return profile


@dataclass(frozen=True, slots=True)
class Profile:
    platform: Platform
    app_version: str
    sdk: SdkGeneration
    push_permission: PushPermission


def profile_of(recording: Recording) -> Profile:
    """The device to simulate: platform and app version from Device Info, the SDK generation
    from the OneSignal info's shape."""
    device = recording.profile.get("deviceInfo") or {}
    onesignal = recording.profile.get("onesignalInfo") or {}
    try:
        platform = Platform(str(device.get("platform", "ios")).lower())
    except ValueError:
        platform = Platform.IOS
    legacy = onesignal.get("legacy") is True or "oneSignalUserId" in onesignal
    subscription = onesignal.get("subscription")
    subscription = subscription if isinstance(subscription, dict) else {}
    subscribed = onesignal.get("oneSignalSubscribed") if legacy else subscription.get("optedIn")
    return Profile(
        platform,
        str(device.get("appVersion") or "1.0.0"),
        SdkGeneration.LEGACY if legacy else SdkGeneration.V5,
        PushPermission.GRANTED if subscribed else PushPermission.DENIED,
    )
