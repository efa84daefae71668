"""Version comparison and the SDK generation a build carries."""

from __future__ import annotations

import pytest

from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.models import SdkGeneration
from bridge_stub.domain.versions import build_number, parse_app_version, sdk_for_version


def test_versions_compare_part_by_part_as_numbers() -> None:
    assert parse_app_version("2.10.0") > parse_app_version("2.9.0")
    assert parse_app_version("2.0") == parse_app_version("2.0.0")
    assert parse_app_version("10") > parse_app_version("9.9.9")


@pytest.mark.parametrize(
    ("version", "threshold", "expected"),
    [
        ("1.9.9", "2.0.0", SdkGeneration.LEGACY),
        ("2.0.0", "2.0.0", SdkGeneration.V5),
        ("2", "2.0.0", SdkGeneration.V5),
        ("2.9.0", "2.10.0", SdkGeneration.LEGACY),
        ("2.10.0", "2.9.0", SdkGeneration.V5),
        ("0.1", None, SdkGeneration.V5),
    ],
)
def test_sdk_generation_follows_the_apps_threshold(
    version: str, threshold: str | None, expected: SdkGeneration
) -> None:
    assert sdk_for_version(version, threshold) is expected


@pytest.mark.parametrize("bad", ["", "  ", "two", "1..2", None, 2, "1.0" * 40])
def test_bad_versions_are_refused(bad: object) -> None:
    with pytest.raises(InvalidInput):
        parse_app_version(bad)


def test_build_number_is_derived_from_the_version() -> None:
    assert build_number("2.10.3") == 21003
    assert build_number("3") == 30000
