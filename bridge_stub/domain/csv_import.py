"""Importing users from a CSV file in OneSignal's own import format.

A header row of unique column names. Identifiers: `external_id`, `email` (an email
subscription), `phone_number` (E.164, an SMS subscription) and `subscription_id` (sets the
external ID of an existing subscription; never links or merges users). Properties:
`subscribed` (yes/no, for email and SMS rows), `language` (ISO 639-1), `timezone_id` (IANA),
`country` (ISO 3166 alpha-2). Every other column is a tag, or one `tags` column holds a JSON
object; `{{language}}` names a tag that shares a property's name. An empty cell leaves a
value alone. Each row runs in its own savepoint: a bad row changes nothing and the others go on.
Rows are read outside the store and applied in batches, a transaction each, so a long file
never holds the store for long: requests of other clients run between batches.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

import bridge_stub.domain.rules as rules
from bridge_stub.domain.changes import NewSubscription, PropertyChanges
from bridge_stub.domain.errors import InvalidInput, OneSignalError
from bridge_stub.domain.json_text import decode_json
from bridge_stub.domain.models import SubscriptionType
from bridge_stub.domain.users import UserRules

IDENTIFIERS = ("external_id", "email", "phone_number", "subscription_id")
PROPERTIES = ("subscribed", "language", "timezone_id", "country")
YES, NO = {"yes", "true", "1", "y"}, {"no", "false", "0", "n"}
LANGUAGE = re.compile(r"^[a-z]{2}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
BRACED = re.compile(r"^\{\{(.+)\}\}$")
MAX_REASONS = 1000
#: Rows per transaction: a few tens of milliseconds of work on either store.
BATCH_ROWS = 500


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line the CSV reader could not read."""

    problem: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_REASONS:
            self.rejections.append({"line": line, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "rejections": self.rejections,
        }


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the file, read into what it asks of the user model."""

    line: int
    identifiers: dict[str, str]
    properties: PropertyChanges
    subscribed: bool | None


def read_header(text: str) -> tuple[list[str], Iterator[tuple[int, list[str] | BadLine]]]:
    """The columns and the numbered rows; a file without a usable header is refused whole.
    Lines end in CRLF, LF or a bare CR (as old spreadsheet exports write them)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise InvalidInput("empty-file", "The file is empty: it needs a header row.") from None
    except csv.Error as error:
        raise InvalidInput("invalid-csv", f"The header row is not CSV: {error}.") from None
    if not any(header) or "" in header:
        raise InvalidInput("invalid-header", "Every column needs a name in the header row.")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidInput("duplicate-column", f"Columns must be unique: {repeated[0]!r} repeats.")
    if not set(header) & set(IDENTIFIERS):
        raise InvalidInput(
            "no-identifier-column",
            "The header names no identifier: external_id, email, phone_number or subscription_id.",
        )

    def rows() -> Iterator[tuple[int, list[str] | BadLine]]:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield reader.line_num, BadLine(str(error))
                continue
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells

    return header, rows()


def parse_row(header: list[str], line: int, cells: list[str] | BadLine) -> Row:
    """Raises InvalidInput naming what is wrong with the row."""
    if isinstance(cells, BadLine):
        raise InvalidInput("invalid-csv", f"the line is not CSV ({cells.problem})")
    if len(cells) > len(header):
        raise InvalidInput("too-many-cells", "the row has more cells than the header")
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
    identifiers = {k: values[k] for k in IDENTIFIERS if values.get(k)}
    if not identifiers:
        raise InvalidInput(
            "no-identifier", "no identifier (external_id, email, phone_number, subscription_id)"
        )
    tags: dict[str, str] = {}
    for name, value in values.items():
        if name in IDENTIFIERS or name in PROPERTIES or not value:
            continue
        if name == "tags":
            tags.update(json_tags(value))
        else:
            braced = BRACED.match(name)
            tags[braced.group(1) if braced else name] = value
    return Row(
        line=line,
        identifiers=identifiers,
        properties=PropertyChanges(
            tags=tags or None,
            language=checked(values.get("language"), LANGUAGE.match, "language", "ISO 639-1"),
            timezone_id=checked(values.get("timezone_id"), is_time_zone, "timezone_id", "IANA"),
            country=checked(values.get("country"), COUNTRY.match, "country", "ISO 3166 alpha-2"),
        ),
        subscribed=yes_or_no(values.get("subscribed")),
    )


def json_tags(text: str) -> dict[str, str]:
    """The tags cell's object; a value that is not a string is kept as its JSON text."""
    try:
        tags = decode_json(text, "the tags cell")
    except InvalidInput as error:
        if error.code == "invalid-json":
            raise InvalidInput("invalid-tags", "the tags cell is not a JSON object") from None
        raise InvalidInput("invalid-tags", error.title) from None
    if not isinstance(tags, dict):
        raise InvalidInput("invalid-tags", "the tags cell is not a JSON object")
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in tags.items()}


def checked(value: str | None, test: Callable[[str], object], name: str, form: str) -> str | None:
    if not value:
        return None
    if not test(value):
        raise InvalidInput(f"invalid-{name}", f"{name} {value!r} is not {form}")
    return value


def is_time_zone(value: str) -> bool:
    return value in time_zones()


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA names on this machine: listing them reads the whole zone database."""
    return frozenset(zoneinfo.available_timezones())


def yes_or_no(value: str | None) -> bool | None:
    if not value:
        return None
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise InvalidInput("invalid-subscribed", f"subscribed must be yes or no, not {value!r}")


def import_users(
    text: str,
    batch: Callable[[], AbstractContextManager[object]],
    session: Callable[[], AbstractContextManager[UserRules]],
) -> ImportReport:
    """Import every row: `BATCH_ROWS` rows are read, then applied in one `batch()` (a
    transaction), each row in its own `session()` (a savepoint of it)."""
    header, rows = read_header(text)
    report = ImportReport()
    while chunk := list(itertools.islice(rows, BATCH_ROWS)):
        parsed: list[tuple[int, Row]] = []
        for line, cells in chunk:
            try:
                parsed.append((line, parse_row(header, line, cells)))
            except OneSignalError as error:
                report.reject(line, error.title)
        with batch():
            for line, row in parsed:
                try:
                    with session() as users:
                        created = apply_row(users, row)
                except OneSignalError as error:
                    report.reject(line, error.title)
                    continue
                if created:
                    report.created += 1
                else:
                    report.updated += 1
    report.rejections.sort(key=lambda rejection: int(rejection["line"]))
    return report


def apply_row(users: UserRules, row: Row) -> bool:
    """Create or update the row's user; True when the user is new."""
    ids = row.identifiers
    if "subscription_id" in ids:
        return set_external_id(users, row)
    subscriptions = []
    if "email" in ids:
        subscriptions.append(channel(SubscriptionType.EMAIL, ids["email"], row.subscribed))
    if "phone_number" in ids:
        subscriptions.append(channel(SubscriptionType.SMS, ids["phone_number"], row.subscribed))
    identity = {rules.EXTERNAL_ID: ids["external_id"]} if "external_id" in ids else {}
    _, created = users.create_user(identity, row.properties, subscriptions)
    return created


def channel(kind: SubscriptionType, token: str, subscribed: bool | None) -> NewSubscription:
    enabled = subscribed is not False
    return NewSubscription(type=kind, token=token, enabled=enabled)


def set_external_id(users: UserRules, row: Row) -> bool:
    """A `subscription_id` row names the external ID of that subscription's user; it never
    moves the subscription to another user nor merges two users."""
    try:
        subscription = users.get_subscription(row.identifiers["subscription_id"])
    except OneSignalError:
        raise InvalidInput("unknown-subscription", "unknown subscription_id") from None
    owner = users.get_user(subscription.onesignal_id)
    wanted = row.identifiers.get("external_id")
    if wanted is not None and owner.external_id != wanted:
        if owner.external_id is not None:
            raise InvalidInput(
                "already-identified",
                f"the subscription's user already has the external_id {owner.external_id!r}",
            )
        owner = users.add_aliases(owner, {rules.EXTERNAL_ID: wanted})
    users.update_properties(owner, row.properties)
    return False
