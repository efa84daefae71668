"""External ID, alias and tag validation."""

from __future__ import annotations

import pytest

from bridge_stub.domain import rules
from bridge_stub.domain.errors import InvalidInput
from tests.helpers import RESTRICTED


def test_the_restricted_list_is_exactly_onesignals() -> None:
    assert set(RESTRICTED) == rules.RESTRICTED_EXTERNAL_IDS


@pytest.mark.parametrize("value", RESTRICTED)
def test_each_restricted_external_id_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        rules.validate_external_id(value)
    assert refused.value.code == "restricted-external-id"
    assert value in refused.value.title


@pytest.mark.parametrize("value", ["Null", "NONE", "okay", "01", "alice@example.com", "a" * 128])
def test_values_near_the_restricted_ones_are_accepted(value: str) -> None:
    assert rules.validate_external_id(value) == value


@pytest.mark.parametrize("value", ["", "a" * 129])
def test_external_id_length_is_1_to_128(value: str) -> None:
    with pytest.raises(InvalidInput, match="1 to 128"):
        rules.validate_external_id(value)


def test_numbers_become_strings_and_other_types_are_refused() -> None:
    assert rules.validate_external_id(12345) == "12345"
    for bad in (None, True, 1.5, ["a"], {"a": 1}):
        with pytest.raises(InvalidInput, match="must be a string"):
            rules.validate_external_id(bad)


def test_number_that_reads_as_restricted_is_refused() -> None:
    with pytest.raises(InvalidInput):
        rules.validate_external_id(0)


def test_aliases_have_labels_and_ids_of_1_to_128_characters() -> None:
    assert rules.validate_alias("crm_id", "c-1") == ("crm_id", "c-1")
    for label, alias_id in [("", "x"), ("a" * 129, "x"), ("crm", ""), ("crm", "x" * 129)]:
        with pytest.raises(InvalidInput):
            rules.validate_alias(label, alias_id)
    with pytest.raises(InvalidInput, match="read-only"):
        rules.validate_alias("onesignal_id", "x")
    with pytest.raises(InvalidInput, match="restricted"):
        rules.validate_alias("external_id", "undefined")


def test_tags_merge_and_empty_or_null_deletes() -> None:
    merged = rules.merge_tags({"a": "1", "b": "2"}, {"b": "", "c": 3, "a": None, "d": "x"})
    assert merged == {"c": "3", "d": "x"}


@pytest.mark.parametrize(
    "changes",
    [{"": "x"}, {"k" * 129: "x"}, {"k": ["list"]}, {"k": {"o": 1}}, {"k": True}, {"k": "v" * 1025}],
)
def test_bad_tags_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        rules.merge_tags({"keep": "me"}, changes)


def test_delete_tags_by_key_or_all() -> None:
    tags = {"a": "1", "b": "2"}
    assert rules.delete_tag_keys(tags, ["a", "missing"]) == {"b": "2"}
    assert rules.delete_tag_keys(tags, None) == {}
    for bad in ("a", [1], {"a": 1}):
        with pytest.raises(InvalidInput):
            rules.delete_tag_keys(tags, bad)
