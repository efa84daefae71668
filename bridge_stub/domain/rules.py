"""Validation rules and limits of OneSignal's user model."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.models import EXTERNAL_ID as EXTERNAL_ID  # the rules name it too

MAX_SUBSCRIPTIONS_PER_USER = 20
MAX_CUSTOM_ALIASES_PER_USER = 20
MAX_ALIAS_LENGTH = 128
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 1024
#: OneSignal caps tags per user by plan (2 to 100 have been seen) and tag changes per request
#: at 100; the harness allows the largest, so no plan's site is refused what it may do.
MAX_TAGS_PER_USER = 100

ONESIGNAL_ID = "onesignal_id"
RESERVED_LABELS = frozenset({EXTERNAL_ID, ONESIGNAL_ID})

#: Placeholder values OneSignal refuses as an external ID, compared exactly as written.
RESTRICTED_EXTERNAL_IDS = frozenset(
    {
        "NA",
        "NULL",
        "null",
        "none",
        "not set",
        "unknown",
        "undefined",
        "0",
        "1",
        "-1",
        "NaN",
        "00000000-0000-0000-0000-000000000000",
        "-",
        "ok",
        "all",
        "123ABC",
        "UNQUALIFIED",
        "INVALID_USER",
    }
)


def validate_external_id(value: object) -> str:
    """Return the external ID if OneSignal would accept it; raise InvalidInput otherwise.

    Numbers are accepted and turned into strings, as the bridge library allows
    `login(12345)`. Booleans and other types are refused.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput("invalid-external-id", "The external ID must be a string.")
    text = str(value)
    if not 1 <= len(text) <= MAX_ALIAS_LENGTH:
        raise InvalidInput(
            "invalid-external-id",
            f"The external ID must be 1 to {MAX_ALIAS_LENGTH} characters long.",
        )
    if text in RESTRICTED_EXTERNAL_IDS:
        raise InvalidInput(
            "restricted-external-id",
            f"The external ID {text!r} is a restricted placeholder value and cannot be used.",
        )
    return text


def validate_alias(label: object, alias_id: object) -> tuple[str, str]:
    """Check one (label, id) alias pair; `external_id` also gets the external ID rules."""
    if not isinstance(label, str) or not 1 <= len(label) <= MAX_ALIAS_LENGTH:
        raise InvalidInput(
            "invalid-alias-label",
            f"An alias label must be a string of 1 to {MAX_ALIAS_LENGTH} characters.",
        )
    if label == ONESIGNAL_ID:
        raise InvalidInput("read-only-alias", "The onesignal_id alias is read-only.")
    if label == EXTERNAL_ID:
        return label, validate_external_id(alias_id)
    if not isinstance(alias_id, str) or not 1 <= len(alias_id) <= MAX_ALIAS_LENGTH:
        raise InvalidInput(
            "invalid-alias-id",
            f"The id of alias {label!r} must be a string of 1 to {MAX_ALIAS_LENGTH} characters.",
        )
    return label, alias_id


def count_custom_aliases(identity: Mapping[str, str]) -> int:
    return sum(1 for label in identity if label not in RESERVED_LABELS)


def check_custom_alias_limit(identity: Mapping[str, str]) -> None:
    if count_custom_aliases(identity) > MAX_CUSTOM_ALIASES_PER_USER:
        raise InvalidInput(
            "alias-limit",
            f"A user may have at most {MAX_CUSTOM_ALIASES_PER_USER} custom aliases.",
        )


def normalize_tag_value(key: str, value: object) -> str | None:
    """Tags are strings; numbers become strings; "" or None means delete the tag."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput("invalid-tag", f"The value of tag {key!r} must be a string or number.")
    text = str(value)
    if len(text) > MAX_TAG_VALUE_LENGTH:
        raise InvalidInput(
            "invalid-tag",
            f"The value of tag {key!r} is longer than {MAX_TAG_VALUE_LENGTH} characters.",
        )
    return text


def merge_tags(current: Mapping[str, str], changes: Mapping[str, object]) -> dict[str, str]:
    """Apply a tag update as OneSignal does: merge, and delete where the value is "" or None."""
    if not isinstance(changes, Mapping):
        raise InvalidInput("invalid-tag", "Tags must be an object of key/value pairs.")
    merged = dict(current)
    for key, value in changes.items():
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_TAG_KEY_LENGTH:
            raise InvalidInput(
                "invalid-tag",
                f"A tag key must be a string of 1 to {MAX_TAG_KEY_LENGTH} characters.",
            )
        normalized = normalize_tag_value(key, value)
        if normalized is None:
            merged.pop(key, None)
        else:
            merged[key] = normalized
    if len(merged) > MAX_TAGS_PER_USER and len(merged) > len(current):
        raise InvalidInput(
            "tag-limit",
            f"A user may have at most {MAX_TAGS_PER_USER} tags; this change would give it "
            f"{len(merged)}.",
        )
    return merged


def delete_tag_keys(current: Mapping[str, str], keys: object) -> dict[str, str]:
    """Delete the named tags, or all of them when no keys are given."""
    if keys is None:
        return {}
    if isinstance(keys, str) or not isinstance(keys, list | tuple):
        raise InvalidInput("invalid-tag", "Tags to delete must be a list of keys.")
    if not all(isinstance(key, str) for key in keys):
        raise InvalidInput("invalid-tag", "Tag keys must be strings.")
    return {key: value for key, value in current.items() if key not in keys}


EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
PHONE_PATTERN = re.compile(r"^\+[1-9][0-9]{1,14}$")
MAX_TOKEN_LENGTH = 512


def validate_token(channel: str, token: str | None) -> None:
    """Email subscriptions need an email address, SMS ones an E.164 phone number."""
    if token is None:
        return
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidInput(
            "invalid-token", f"A token may be at most {MAX_TOKEN_LENGTH} characters."
        )
    if channel == "Email" and not EMAIL_PATTERN.match(token):
        raise InvalidInput("invalid-email", f"{token!r} is not an email address.")
    if channel == "SMS" and not PHONE_PATTERN.match(token):
        raise InvalidInput(
            "invalid-phone-number", f"{token!r} is not a phone number in E.164 form (+15555550100)."
        )
