"""What the simulated app sends back for one command: an answer for the page's callback,
nothing (commands without one), or nothing because this build does not know the command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The keys of a message's data that name the page function the app calls back.
CALLBACK_KEYS = ("callback", "callbackFunction", "statuscallback")


@dataclass(frozen=True, slots=True)
class Answer:
    """`answered` is False for commands the app handles without calling back; `supported`
    False when the build does not know the command (`why` says what it lacks)."""

    answered: bool
    result: Any = None
    supported: bool = True
    why: str | None = None


SILENT = Answer(answered=False)
UNSUPPORTED = Answer(answered=False, supported=False)


def answer(result: Any) -> Answer:
    return Answer(answered=True, result=result)


def unsupported(why: str) -> Answer:
    return Answer(answered=False, supported=False, why=why)
