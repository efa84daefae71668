"""JSON from outside, taken in only when the harness can write it back out: every string
encodable as UTF-8 (no lone surrogates such as "\\ud800", which JSON escapes allow) and no
nesting deeper than `MAX_DEPTH`. What enters refused stays out of every store and log."""

from __future__ import annotations

import json
from typing import Any

from bridge_stub.domain.errors import InvalidInput

#: Deeper than any bridge message, tag cell or body the harness models (a sidebar's
#: nested menus are a handful of levels).
MAX_DEPTH = 64


def decode_json(text: str, what: str = "The JSON") -> Any:
    """`text` decoded; InvalidInput when it is not JSON, or not JSON the harness can keep."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(what) from None
    except ValueError:
        raise InvalidInput("invalid-json", f"{what} is not valid JSON.") from None
    check_writable(value, what)
    return value


def check_writable(value: Any, what: str = "The JSON") -> None:
    """Raises InvalidInput when `value` holds a string UTF-8 cannot encode, or nests deeper
    than `MAX_DEPTH`. Walks without recursion, so any depth is refused cleanly."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item, what)
        elif isinstance(item, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise _too_deep(what)
            if isinstance(item, dict):
                for key, child in item.items():
                    if isinstance(key, str):
                        _check_text(key, what)
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)


def _check_text(text: str, what: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            "invalid-text",
            f"{what} holds a string that is not Unicode text (a lone surrogate such as "
            "\\ud800): it cannot be stored or shown.",
        ) from None


def _too_deep(what: str) -> InvalidInput:
    return InvalidInput("too-deep", f"{what} nests deeper than {MAX_DEPTH} levels.")
