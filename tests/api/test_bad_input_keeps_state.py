"""Input the harness could not write back (lone surrogates, deep nesting) and other odd input
is refused where it enters, with a clear error, and every view of the state keeps answering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend
from bridge_stub.domain.rules import MAX_TAGS_PER_USER
from bridge_stub.store import SqliteStore
from demo_site.app import create_app
from tests.helpers import LOOPBACK_CLIENT

LONE_SURROGATE = "\\ud800"  # as JSON writes it: the escape, not the character


def app_of(client: TestClient) -> str:
    app_id: str = client.get("/_harness/state.json").json()["app"]["app_id"]
    return app_id


def device(client: TestClient, **body: object) -> str:
    created = client.post("/_harness/devices", json={"platform": "ios", **body})
    assert created.status_code == 201
    return str(created.json()["id"])


def send(client: TestClient, device_id: str, text: str) -> Any:
    return client.post(f"/_harness/devices/{device_id}/commands", content=text)


def assert_views_answer(client: TestClient, device_id: str) -> None:
    for path in (
        "/_harness/state.json",
        "/_harness/events",
        "/_harness/devices",
        f"/_harness/devices/{device_id}",
        f"/_harness/devices/{device_id}/commands",
        "/inspector",
    ):
        assert client.get(path).status_code == 200, path


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ('"median://onesignal/login?externalId=x' + LONE_SURROGATE + '"', "invalid-text"),
        (
            '{"medianCommand": "median://onesignal/login", "data": {"externalId": "'
            + LONE_SURROGATE
            + '"}}',
            "invalid-text",
        ),
        (
            '{"medianCommand": "median://onesignal/tags/set", "data": {"tags": {"'
            + LONE_SURROGATE
            + '": "v"}}}',
            "invalid-text",
        ),
        (
            '{"medianCommand": "median://onesignal/tags/set", "data": {"tags": {"k": '
            + nested(900)
            + "}}}",
            "too-deep",
        ),
        (nested(10_000), "too-deep"),
    ],
)
def test_a_message_the_harness_cannot_keep_is_refused(
    client: TestClient, message: str, code: str
) -> None:
    phone = device(client)
    before = client.get(f"/_harness/devices/{phone}").json()
    refused = send(client, phone, message)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == code
    assert client.get(f"/_harness/devices/{phone}").json() == before
    assert_views_answer(client, phone)
    (event,) = client.get("/_harness/events", params={"kind": "bad_message"}).json()["events"]
    assert event["code"] == code


def test_a_csv_cell_the_harness_cannot_keep_rejects_its_row_only(client: TestClient) -> None:
    app_id = app_of(client)
    cells = ['"{""' + LONE_SURROGATE + '"": ""v""}"', '"{""k"": ' + nested(10_000) + '}"']
    text = (
        "external_id,tags\n"
        + "".join(f"bad{i},{cell}\n" for i, cell in enumerate(cells))
        + 'good,"{""plan"": ""pro""}"\n'
    )
    report = client.post(
        f"/_harness/apps/{app_id}/import", content=text, headers={"Content-Type": "text/csv"}
    ).json()
    assert (report["created"], report["rejected"]) == (1, 2)
    assert [r["line"] for r in report["rejections"]] == [2, 3]
    assert "not Unicode text" in report["rejections"][0]["reason"]
    assert "deeper than" in report["rejections"][1]["reason"]
    users = client.get("/_harness/state.json").json()["users"]
    assert [u["identity"]["external_id"] for u in users] == ["good"]
    assert_views_answer(client, device(client))


def test_csv_cells_starting_with_nul_and_bare_cr_lines_import(client: TestClient) -> None:
    app_id = app_of(client)
    text = "external_id,note\r\x00first,\x00x\rsecond,y\r"
    report = client.post(
        f"/_harness/apps/{app_id}/import", content=text, headers={"Content-Type": "text/csv"}
    ).json()
    assert (report["created"], report["rejected"]) == (2, 0), report
    tags = {
        u["identity"]["external_id"]: u["properties"]["tags"]
        for u in client.get("/_harness/state.json").json()["users"]
    }
    assert tags == {"\x00first": {"note": "\x00x"}, "second": {"note": "y"}}


def test_a_user_keeps_at_most_the_tag_limit(client: TestClient) -> None:
    phone = device(client, push_permission="granted")
    many = {f"t{i}": "v" for i in range(MAX_TAGS_PER_USER)}
    message = {"medianCommand": "median://onesignal/tags/set", "data": {"callback": "cb"}}
    full = send(client, phone, json.dumps({**message, "data": {"callback": "cb", "tags": many}}))
    assert full.json()["result"] == {"success": True}
    one_more = {"medianCommand": "median://onesignal/tags/set", "data": {"callback": "cb"}}
    one_more["data"]["tags"] = {"extra": "v"}  # type: ignore[index]
    refused = send(client, phone, json.dumps(one_more)).json()["result"]
    assert refused["success"] is False and "at most 100 tags" in refused["error"]
    replaced = send(
        client, phone, json.dumps({**message, "data": {"callback": "cb", "tags": {"t0": "w"}}})
    )
    assert replaced.json()["result"] == {"success": True}
    got = send(client, phone, "median://onesignal/tags/get?callback=cb").json()["result"]
    assert len(got["tags"]) == MAX_TAGS_PER_USER and got["tags"]["t0"] == "w"


@pytest.mark.parametrize("header", ["Key é", "Basic \xff\xfe", 'Bearer token="é"'])
def test_a_non_ascii_api_key_is_401(client: TestClient, header: str) -> None:
    app_id = app_of(client)
    for method, path in (
        ("GET", f"/apps/{app_id}/users/by/external_id/ana"),
        ("POST", f"/apps/{app_id}/users"),
        ("POST", "/notifications"),
        ("GET", "/players/x"),
    ):
        answer = client.request(
            method,
            path,
            headers=[(b"authorization", header.encode("latin-1"))],
            json={"app_id": app_id},
        )
        assert answer.status_code in (400, 401), (path, answer.status_code)


def test_a_non_ascii_token_is_refused_not_a_500(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    with TestClient(create_app(backend, app.app_id, token="s3cret"), client=("10.0.0.9", 1)) as c:
        answer = c.get(
            "/_harness/state.json", headers=[(b"x-harness-token", "é".encode("latin-1"))]
        )
        assert answer.status_code == 403
    with TestClient(create_app(backend, app.app_id, token="sé"), client=LOOPBACK_CLIENT) as c:
        assert c.get("/_harness/state.json", params={"token": "sé"}).status_code == 200


def test_the_command_list_shows_unsupported_commands(client: TestClient) -> None:
    legacy = device(client, app_version="1.0.0", sdk="legacy")
    send(client, legacy, "median://onesignal/login?externalId=ana&callback=cb")
    listed = client.get(f"/_harness/devices/{legacy}/commands").json()["commands"]
    assert [(c["command"], c["answered"]) for c in listed] == [("onesignal/login", False)]
    assert listed[0]["data"]["externalId"] == "ana"


@pytest.mark.parametrize("info", ["x", 3, ["ios"]])
def test_a_calibration_with_a_malformed_profile_is_refused(
    client: TestClient, info: object
) -> None:
    recording = {
        "profile": {"deviceInfo": info},
        "steps": [{"call": "deviceInfo", "answered": True, "answer": {}}],
    }
    refused = client.post("/_harness/calibrations", json=recording)
    assert refused.status_code == 400 and "deviceInfo" in refused.text
    assert client.get("/_harness/calibrations").json()["calibrations"] == []


@pytest.mark.parametrize("when", ["inf", "-inf", "nan", "-1", "1e300"])
def test_an_impossible_send_after_is_refused(client: TestClient, when: str) -> None:
    app = client.get("/_harness/state.json").json()["app"]
    app_id, key = app["app_id"], app["api_key"]
    device(client, push_permission="granted")
    sent = client.post(
        "/notifications",
        headers={"Authorization": f"Key {key}"},
        json={
            "app_id": app_id,
            "contents": {"en": "later"},
            "included_segments": ["Total Subscriptions"],
            "send_after": when,
        },
    )
    assert sent.status_code == 400 and "send_after" in sent.text
    listed = client.get(
        "/notifications", params={"app_id": app_id}, headers={"Authorization": f"Key {key}"}
    )
    assert listed.status_code == 200 and listed.json()["notifications"] == []


def test_a_full_disk_is_507_with_a_reason_and_keeps_what_was_stored(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "harness.db")
    backend = OneSignalBackend(store)
    app = backend.ensure_default_app()
    with TestClient(create_app(backend, app.app_id), client=LOOPBACK_CLIENT) as c:
        kept = device(c)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        for _ in range(50):  # until the file has no room left
            full = c.post("/_harness/devices", json={"platform": "ios"})
            if full.status_code != 201:
                break
        assert full.status_code == 507
        assert full.json()["errors"][0]["code"] == "storage-full"
        assert "free some disk space" in full.json()["errors"][0]["title"]
        rest = c.post(
            f"/apps/{app.app_id}/users",
            headers={"Authorization": f"Key {app.api_key}"},
            json={
                "identity": {"external_id": "x" * 100},
                "properties": {"tags": {"k": "v" * 1000}},
            },
        )
        assert rest.status_code in (201, 507)
        assert c.get(f"/_harness/devices/{kept}").status_code == 200
    store.close()


@pytest.mark.parametrize("agent", ["x\r\nX-Evil: 1", "tab\there", "", "u" * 513])
def test_a_user_agent_that_cannot_be_a_header_is_refused(client: TestClient, agent: str) -> None:
    app_id = app_of(client)
    phone = device(client)
    before = client.get(f"/_harness/devices/{phone}").json()["web_view"]["user_agent"]
    refused = client.patch(
        f"/_harness/apps/{app_id}", json={"user_agent": {"force_user_agent": agent}}
    )
    assert refused.status_code == 400 and "force_user_agent" in refused.text
    assert client.get(f"/_harness/devices/{phone}").json()["web_view"]["user_agent"] == before


def test_the_harness_pages_of_nothing_are_404(client: TestClient) -> None:
    assert client.get("/_harness/devices/nope/phone").status_code == 404
    missing = client.get("/_harness/inspector", params={"app_id": "nope"})
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "app-not-found"


@pytest.mark.parametrize("body", ["\x0b", "\x0c", "\x1c", "\r", " "])
def test_a_body_of_whitespace_is_not_an_empty_one(client: TestClient, body: str) -> None:
    """Only a body of no bytes means all defaults: a reset with a vertical tab for a body once
    emptied every app."""
    device_id = device(client)
    refused = client.post("/_harness/reset", content=body)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "invalid-json"
    assert client.get(f"/_harness/devices/{device_id}").status_code == 200
