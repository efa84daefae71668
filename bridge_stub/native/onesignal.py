"""The OneSignal plugin of a Median app: each `median://onesignal/...` command, per SDK.

A handler returns what the app would send back: an answer for the page's callback, no
answer at all for commands that have none, or "unsupported" when this build's SDK does not
know the command (the real app then never calls back).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.domain.models import Device, SdkGeneration
from bridge_stub.native.answers import SILENT, UNSUPPORTED, Answer, answer
from bridge_stub.native.infos import legacy_info, v5_info

Handler = Callable[[AppSession, Device, Mapping[str, Any]], Answer]


def failure(error: OneSignalError, **extra: Any) -> Answer:
    """Only failures carry `error`: the bridge library rejects the promise on that key."""
    return answer({"success": False, "error": error.title, **extra})


def parsed(value: Any) -> Any:
    """Values sent as URL query parameters arrive as JSON text; objects arrive as they are."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# -- commands both SDKs answer ----------------------------------------------------------------


def info(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    if device.sdk is SdkGeneration.LEGACY:
        return answer(legacy_info(session.legacy, device))
    return answer(v5_info(session.v5, device))


def attempt(action: Callable[[], object], per_channel: bool = False) -> Answer:
    """`{success: true}` when the action passes OneSignal's rules, else a failure. The legacy
    SDK's external user id calls also report per channel (`push`)."""
    try:
        action()
    except OneSignalError as error:
        return failure(error, **({"push": {"success": False}} if per_channel else {}))
    return answer({"success": True, **({"push": {"success": True}} if per_channel else {})})


def get_tags(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    try:
        return answer({"success": True, "tags": session.devices.tags(device.id)})
    except OneSignalError as error:
        return failure(error)


def set_tags(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    return attempt(lambda: session.devices.set_tags(device.id, parsed(data.get("tags"))))


def delete_tags(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    return attempt(lambda: session.devices.delete_tags(device.id, parsed(data.get("tags"))))


def register(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    prompted = session.devices.prompt_for_push(device.id)
    return answer({"isSubscribed": session.devices.is_subscribed(prompted)})


def grant_consent(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    session.devices.grant_consent(device.id)
    return SILENT


def revoke_consent(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    session.devices.revoke_consent(device.id)
    return SILENT


def no_answer(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    """Commands the app acts on without calling back (UI, location, foreground display)."""
    return SILENT


# -- v5 only --------------------------------------------------------------------------------


def login(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    return attempt(lambda: session.v5.login(device.id, data.get("externalId")))


def logout(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    return attempt(lambda: session.v5.logout(device.id))


# -- legacy only ----------------------------------------------------------------------------


def set_external_user_id(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    external_id = data.get("externalId")
    return attempt(
        lambda: session.legacy.set_external_user_id(device.id, external_id), per_channel=True
    )


def remove_external_user_id(session: AppSession, device: Device, data: Mapping[str, Any]) -> Answer:
    return attempt(lambda: session.legacy.remove_external_user_id(device.id), per_channel=True)


SHARED: dict[str, Handler] = {
    "info": info,
    "onesignalInfo": info,
    "tags/get": get_tags,
    "tags/set": set_tags,
    "tags/delete": delete_tags,
    "register": register,
    "userPrivacyConsent/grant": grant_consent,
    "userPrivacyConsent/revoke": revoke_consent,
    "enableForegroundNotifications": no_answer,
    "promptLocation": no_answer,
    "showTagsUI": no_answer,
}

COMMANDS: dict[SdkGeneration, dict[str, Handler]] = {
    SdkGeneration.V5: {**SHARED, "login": login, "logout": logout, "badge/set": no_answer},
    SdkGeneration.LEGACY: {
        **SHARED,
        "externalUserId/set": set_external_user_id,
        "externalUserId/remove": remove_external_user_id,
    },
}


def run_onesignal_command(
    session: AppSession, device: Device, command: str, data: Mapping[str, Any]
) -> Answer:
    """Run `median://onesignal/<command>` on the device's SDK."""
    handler = COMMANDS[device.sdk].get(command)
    if handler is None and command.startswith("iam/"):
        handler = no_answer
    if handler is None:
        return UNSUPPORTED
    return handler(session, device, data)
