"""Finding an install, and checking it may act: the SDK generation a command needs, and
privacy consent before the SDK has made any OneSignal ID."""

from __future__ import annotations

from bridge_stub.domain.errors import ConsentRequired, InvalidInput, NotFound
from bridge_stub.domain.models import Device, SdkGeneration
from bridge_stub.domain.repository import AppRecords


def find_device(records: AppRecords, device_id: str) -> Device:
    device = records.get_device(device_id)
    if device is None:
        raise NotFound("device-not-found", f"No device with id {device_id!r}.")
    return device


def ready_device(records: AppRecords, device_id: str, sdk: SdkGeneration | None = None) -> Device:
    """The install, once it carries `sdk` (when given) and its SDK has made its IDs."""
    device = find_device(records, device_id)
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
