"""Calibration: hold the simulation against a recording made in a real Median app.

A recording is the device profile (Device Info and OneSignal info) and the answers a real
app gave to a fixed script of bridge calls. The harness installs a device with the same
profile, replays the script, and compares each answer's shape: keys, types and classes of
values (UUID, push token, e-mail, empty, boolean, number), never values that must differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bridge_stub.domain.devices import DeviceSpec
from bridge_stub.domain.models import Platform, PushPermission, SdkGeneration

if TYPE_CHECKING:
    from bridge_stub.bridge.dispatch import Bridge
    from bridge_stub.domain.backend import OneSignalBackend


class Harness(Protocol):
    """What a replay needs of a running harness (the runtime is one)."""

    @property
    def backend(self) -> OneSignalBackend: ...

    @property
    def bridge(self) -> Bridge: ...

    def delete_app(self, app_id: str) -> None: ...


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HEX_TOKEN = re.compile(r"^[0-9a-f]{64}$", re.I)
FCM_TOKEN = re.compile(r"^[\w-]{10,}:[\w-]{20,}$")

#: The bridge message each call of the script posts (`{0}` is the call's first argument).
COMMANDS: dict[str, tuple[str, str | None]] = {
    "deviceInfo": ("run/median_device_info", None),
    "onesignal.info": ("onesignal/info", None),
    "onesignal.onesignalInfo": ("onesignal/info", None),
    "permissions.status": ("permissions/status", "permissions"),
    "onesignal.tags.getTags": ("onesignal/tags/get", None),
    "onesignal.tags.setTags": ("onesignal/tags/set", "*"),
    "onesignal.tags.deleteTags": ("onesignal/tags/delete", "*"),
    "onesignal.login": ("onesignal/login", "externalId"),
    "onesignal.logout": ("onesignal/logout", None),
    "onesignal.externalUserId.set": ("onesignal/externalUserId/set", "*"),
    "onesignal.externalUserId.remove": ("onesignal/externalUserId/remove", None),
}


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


def value_class(value: Any) -> str:
    """What kind of value this is, as far as a comparison cares."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    text = str(value)
    if text == "":
        return "empty"
    if UUID.match(text):
        return "UUID"
    if EMAIL.match(text):
        return "e-mail"
    if HEX_TOKEN.match(text) or FCM_TOKEN.match(text):
        return "push token"
    return "string"


def differences(real: Any, simulated: Any, where: str = "") -> list[str]:
    """How the simulated answer's shape differs from the real one's."""
    here = where or "the answer"
    real_class, simulated_class = value_class(real), value_class(simulated)
    if real_class != simulated_class:
        return [f"{here}: {real_class} in the real app, {simulated_class} in the simulation"]
    found: list[str] = []
    if isinstance(real, dict) and isinstance(simulated, dict):
        for key in sorted(set(real) - set(simulated)):
            found.append(f"{where + '.' if where else ''}{key}: missing in the simulation")
        for key in sorted(set(simulated) - set(real)):
            found.append(f"{where + '.' if where else ''}{key}: extra in the simulation")
        for key in sorted(set(real) & set(simulated)):
            found += differences(real[key], simulated[key], f"{where + '.' if where else ''}{key}")
    elif isinstance(real, list) and isinstance(simulated, list) and real and simulated:
        found += differences(real[0], simulated[0], f"{here}[0]")
    return found


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


def message_for(step: Step) -> dict[str, Any] | None:
    known = COMMANDS.get(step.call)
    if known is None:
        return None
    command, argument = known
    data: dict[str, Any] = {"callback": "calibration_answer"}
    first = step.args[0] if step.args else None
    if argument == "*" and isinstance(first, dict):
        data.update(first)
    elif argument and first is not None:
        data[argument] = first
    return {"medianCommand": f"median://{command}", "data": data}


def compare(runtime: Harness, recording: Recording) -> dict[str, Any]:
    """Replay the recording on a fresh simulated device in a scratch app; report per step."""
    profile = profile_of(recording)
    backend = runtime.backend
    app = backend.create_app(name="calibration", plugins=("onesignal",))
    try:
        with backend.session(app.app_id) as session:
            device = session.devices.install(
                DeviceSpec(
                    profile.platform,
                    profile.app_version,
                    sdk=profile.sdk,
                    push_permission=profile.push_permission,
                )
            )
        steps = [replay(runtime, device.id, step) for step in recording.steps]
    finally:
        runtime.delete_app(app.app_id)
    agree = sum(1 for step in steps if step["agree"])
    return {
        "profile": {
            "platform": profile.platform.value,
            "app_version": profile.app_version,
            "sdk": profile.sdk.value,
            "push_permission": profile.push_permission.value,
        },
        "agree": agree,
        "differ": len(steps) - agree,
        "steps": steps,
    }


def replay(runtime: Harness, device_id: str, step: Step) -> dict[str, Any]:
    message = message_for(step)
    real = step.answer if step.answered else None
    if message is None:
        found = [f"{step.call} is not a call of the calibration script"]
        return {
            "call": step.call,
            "real": real,
            "simulated": None,
            "agree": False,
            "differences": found,
        }
    outcome = runtime.bridge.handle(device_id, message)
    simulated = outcome.result if outcome.answered else None
    if step.answered != outcome.answered:
        said = "answered" if step.answered else "did not answer"
        found = [f"the real app {said}; the simulation {'did' if outcome.answered else 'did not'}"]
    else:
        found = differences(real, simulated) if step.answered else []
    return {
        "call": step.call,
        "real": real,
        "simulated": simulated,
        "agree": not found,
        "differences": found,
    }
