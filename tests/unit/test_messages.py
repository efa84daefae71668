"""Reading what a page posts to the native bridge."""

from __future__ import annotations

import json

import pytest

from bridge_stub.bridge.messages import MAX_MESSAGE_CHARS, BadMessage, parse_message


def test_bare_url_query_parameters_become_string_data() -> None:
    message = parse_message("median://onesignal/iam/pauseInAppMessages?pause=true&n=3")
    assert (message.scheme, message.host, message.path) == (
        "median",
        "onesignal",
        "/iam/pauseInAppMessages",
    )
    assert message.command == "onesignal/iam/pauseInAppMessages"
    assert message.data == {"pause": "true", "n": "3"}


def test_object_form_with_either_key_and_scheme() -> None:
    for key in ("medianCommand", "gonativeCommand"):
        for scheme in ("median", "gonative", "GoNative"):
            message = parse_message(
                {key: f"{scheme}://onesignal/login", "data": {"externalId": "a", "callback": "cb"}}
            )
            assert message.command == "onesignal/login"
            assert message.data["externalId"] == "a"
            assert message.callback == "cb"


def test_json_strings_of_either_form() -> None:
    as_object = json.dumps({"medianCommand": "median://onesignal/info", "data": {"callback": "x"}})
    assert parse_message(as_object).callback == "x"
    assert parse_message(json.dumps("median://run/median_device_info")).command == (
        "run/median_device_info"
    )


def test_callback_comes_from_any_of_the_three_keys() -> None:
    assert parse_message("median://x/y?statuscallback=s").callback == "s"
    assert (
        parse_message({"medianCommand": "median://x/y", "data": {"callbackFunction": "f"}}).callback
        == "f"
    )
    assert parse_message("median://x/y").callback is None


def test_missing_data_is_an_empty_object() -> None:
    assert parse_message({"medianCommand": "median://onesignal/logout", "data": None}).data == {}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not a url", "invalid-url"),
        ("https://example.com/onesignal/login", "invalid-url"),
        ("median:onesignal", "invalid-url"),
        ("{not json", "invalid-json"),
        ('"unterminated', "invalid-json"),
        ({"data": {}}, "missing-command"),
        ({"medianCommand": 5}, "missing-command"),
        ({"medianCommand": "median://a/b", "data": "text"}, "invalid-data"),
        ({"medianCommand": "median://a/b", "data": [1]}, "invalid-data"),
        ({"medianCommand": "median://a/b", "data": {"callback": 7}}, "invalid-callback"),
        ({"medianCommand": "median://a/b", "data": {"callback": "x" * 300}}, "invalid-callback"),
        (42, "invalid-message"),
        ("12345", "invalid-message"),
        ("null", "invalid-message"),
        ("[1, 2]", "invalid-message"),
        (None, "invalid-message"),
        (["median://a/b"], "invalid-message"),
        ("median://a/b?" + "x" * MAX_MESSAGE_CHARS, "message-too-large"),
    ],
)
def test_bad_messages_are_refused_with_a_code(raw: object, code: str) -> None:
    with pytest.raises(BadMessage) as refused:
        parse_message(raw)
    assert refused.value.code == code
    assert refused.value.title
