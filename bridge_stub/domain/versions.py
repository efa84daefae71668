"""App versions and which OneSignal SDK generation a build carries."""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.models import SdkGeneration


def parse_app_version(text: object) -> Version:
    """Parse a dotted app version; parts compare as numbers, missing parts count as 0."""
    if not isinstance(text, str) or not text.strip() or len(text) > 64:
        raise InvalidInput("invalid-app-version", "An app version must be a string like '2.10.0'.")
    try:
        return Version(text)
    except InvalidVersion:
        raise InvalidInput(
            "invalid-app-version", f"{text!r} is not an app version like '2.10.0'."
        ) from None


def sdk_for_version(app_version: str, legacy_below: str | None) -> SdkGeneration:
    """Builds older than `legacy_below` carry the legacy SDK; with no threshold all are v5."""
    version = parse_app_version(app_version)
    if legacy_below is not None and version < parse_app_version(legacy_below):
        return SdkGeneration.LEGACY
    return SdkGeneration.V5


def build_number(app_version: str) -> int:
    """A plausible build number for a version (2.10.3 -> 21003), as the Android versionCode."""
    release = parse_app_version(app_version).release
    major, minor, patch = [*release, 0, 0, 0][:3]
    return major * 10000 + minor * 100 + patch
