"""Parse what a page posts to the native side into one command URL and its data.

A message is a bare command URL (its query parameters become string fields of `data`), or
`{"medianCommand": url, "data": {...}}` (also the older key `gonativeCommand`), or a JSON
string of either. Both the `median://` and `gonative://` schemes are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bridge_stub.domain.errors import CodedError, InvalidInput
from bridge_stub.domain.json_text import check_writable, decode_json
from bridge_stub.native.answers import CALLBACK_KEYS

MAX_MESSAGE_CHARS = 256 * 1024
MAX_CALLBACK_CHARS = 256
SCHEMES = ("median", "gonative")


class BadMessage(CodedError):
    """The page posted something that is not a bridge message."""


@dataclass(frozen=True, slots=True)
class BridgeMessage:
    url: str
    scheme: str
    host: str
    path: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> str:
        """`host/path` without the scheme, e.g. `onesignal/login` or `run/median_device_info`."""
        return f"{self.host}{self.path}".rstrip("/")

    @property
    def callback(self) -> str | None:
        """The page global the reply goes to, if the message names one."""
        for key in CALLBACK_KEYS:
            value = self.data.get(key)
            if isinstance(value, str) and value:
                return value
        return None


def parse_message(raw: object) -> BridgeMessage:
    if isinstance(raw, str):
        if len(raw) > MAX_MESSAGE_CHARS:
            raise BadMessage(
                "message-too-large",
                f"A bridge message may be at most {MAX_MESSAGE_CHARS} characters.",
            )
        text = raw.strip()
        try:
            decoded = decode_json(text, "The message")
        except InvalidInput as error:
            if error.code != "invalid-json":
                raise BadMessage(error.code, error.title) from None
            if text.startswith(("{", "[", '"')):
                raise BadMessage(
                    "invalid-json", "The message looks like JSON but does not parse."
                ) from None
            return _from_url(text, {})
        return parse_message(decoded)
    if isinstance(raw, dict):
        try:
            check_writable(raw, "The message")
        except InvalidInput as error:
            raise BadMessage(error.code, error.title) from None
        command = raw.get("medianCommand", raw.get("gonativeCommand"))
        if not isinstance(command, str):
            raise BadMessage(
                "missing-command",
                "The message has no 'medianCommand' (or 'gonativeCommand') string.",
            )
        data = raw.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise BadMessage("invalid-data", "The message's 'data' must be an object.")
        return _from_url(command, data)
    raise BadMessage(
        "invalid-message", "A bridge message must be a command URL string or an object."
    )


def _from_url(url: str, data: dict[str, Any]) -> BridgeMessage:
    if len(url) > MAX_MESSAGE_CHARS:
        raise BadMessage("message-too-large", "The command URL is too long.")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise BadMessage("invalid-url", f"{_excerpt(url)} is not a command URL.") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.netloc:
        raise BadMessage(
            "invalid-url",
            f"{_excerpt(url)} is not a median:// or gonative:// command URL.",
        )
    merged = {**dict(parse_qsl(parts.query, keep_blank_values=True)), **data}
    for key in CALLBACK_KEYS:
        value = merged.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_CALLBACK_CHARS):
            raise BadMessage(
                "invalid-callback",
                f"'{key}' must name a page function (a string of at most "
                f"{MAX_CALLBACK_CHARS} characters).",
            )
    return BridgeMessage(
        url=url, scheme=scheme, host=parts.netloc, path=parts.path or "", data=merged
    )


def _excerpt(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")
