"""Importing users from CSV in OneSignal's format: through the control API and the command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend
from bridge_stub.store import SqliteStore

GOOD = """external_id,email,phone_number,subscribed,language,timezone_id,country,plan,{{language}}
ana,ana@shop.test,,yes,en,Europe/Berlin,DE,pro,German
ana,ana.work@shop.test,,no,,,,,
bo,,+15551234567,yes,fr,,FR,free,
,carol@shop.test,,,,,,,
"""


def post(client: TestClient, app_id: str, text: str) -> Any:
    return client.post(
        f"/_harness/apps/{app_id}/import", content=text, headers={"Content-Type": "text/csv"}
    )


def app_of(client: TestClient) -> str:
    app_id: str = client.get("/_harness/state.json").json()["app"]["app_id"]
    return app_id


def users_by_external_id(client: TestClient) -> dict[str | None, Any]:
    users = client.get("/_harness/state.json").json()["users"]
    return {u["identity"].get("external_id"): u for u in users}


def test_a_file_in_onesignals_format_creates_and_updates_users(client: TestClient) -> None:
    app_id = app_of(client)
    report = post(client, app_id, GOOD).json()
    assert report == {"created": 3, "updated": 1, "rejected": 0, "rejections": []}
    users = users_by_external_id(client)
    ana = users["ana"]
    assert ana["properties"]["tags"] == {"plan": "pro", "language": "German"}
    assert (ana["properties"]["language"], ana["properties"]["country"]) == ("en", "DE")
    assert ana["properties"]["timezone_id"] == "Europe/Berlin"
    emails = {s["token"]: s["enabled"] for s in ana["subscriptions"]}
    assert emails == {"ana@shop.test": True, "ana.work@shop.test": False}
    assert [s["type"] for s in users["bo"]["subscriptions"]] == ["SMS"]
    assert users[None]["subscriptions"][0]["token"] == "carol@shop.test"
    again = post(client, app_id, "external_id,plan\nana,team\n").json()
    assert again["updated"] == 1 and users_by_external_id(client)["ana"]["properties"]["tags"] == {
        "plan": "team",
        "language": "German",
    }


def test_bad_rows_are_named_by_line_and_change_nothing(client: TestClient) -> None:
    app_id = app_of(client)
    text = (
        "external_id,email,phone_number,subscription_id,tags\n"
        ',,,,"{""a"": ""1""}"\n'  # line 2: no identifier
        "null,,,,\n"  # 3: restricted
        f"{'x' * 129},,,,\n"  # 4: too long
        "dan,not-an-address,,,\n"  # 5: bad e-mail
        "eve,,555-1234,,\n"  # 6: bad phone number
        "fay,,,00000000-1111-2222-3333-444444444444,\n"  # 7: unknown subscription
        'gil,gil@shop.test,,,"{""vip"": ""yes""}"\n'  # 8: fine
    )
    report = post(client, app_id, text).json()
    assert (report["created"], report["updated"], report["rejected"]) == (1, 0, 6)
    reasons = {r["line"]: r["reason"] for r in report["rejections"]}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7]
    assert "no identifier" in reasons[2] and "restricted" in reasons[3]
    assert "128" in reasons[4] and "email" in reasons[5] and "E.164" in reasons[6]
    assert "unknown subscription_id" in reasons[7]
    users = users_by_external_id(client)
    assert set(users) == {"gil"} and users["gil"]["properties"]["tags"] == {"vip": "yes"}


def test_subscription_id_rows_set_the_external_id_and_never_merge(client: TestClient) -> None:
    app_id = app_of(client)
    device = client.post("/_harness/devices", json={"platform": "ios"}).json()
    subscription = device["subscription_id"]
    post(client, app_id, "external_id,email\nhal,hal@shop.test\n")
    report = post(client, app_id, f"subscription_id,external_id\n{subscription},hal\n").json()
    assert report["rejected"] == 1 and "another user" in report["rejections"][0]["reason"]
    report = post(client, app_id, f"subscription_id,external_id\n{subscription},ivy\n").json()
    assert report == {"created": 0, "updated": 1, "rejected": 0, "rejections": []}
    assert client.get(f"/_harness/devices/{device['id']}").json()["external_id"] == "ivy"
    assert len(users_by_external_id(client)["hal"]["subscriptions"]) == 1


def test_a_file_without_a_usable_header_is_refused_whole(client: TestClient) -> None:
    app_id = app_of(client)
    for text, code in [
        ("", "empty-file"),
        ("plan,level\npro,1\n", "no-identifier-column"),
        ("external_id,plan,plan\nana,a,b\n", "duplicate-column"),
        ("external_id,,plan\nana,,a\n", "invalid-header"),
    ]:
        response = post(client, app_id, text)
        assert response.status_code == 400 and response.json()["errors"][0]["code"] == code
    assert post(client, "nope", GOOD).status_code == 404
    assert client.get("/_harness/state.json").json()["users"] == []


def test_the_import_command(tmp_path: Path) -> None:
    db, csv_file = tmp_path / "h.db", tmp_path / "users.csv"
    csv_file.write_text(GOOD + "null,,,,,,,,\n")
    result = subprocess.run(
        [sys.executable, "-m", "demo_site.cli", "import", str(csv_file), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "3 created, 1 updated, 1 rejected" in result.stdout
    assert "line 6:" in result.stdout
    backend = OneSignalBackend(SqliteStore(db))
    app = backend.ensure_default_app()
    with backend.session(app.app_id) as session:
        assert len(list(session.records.users())) == 3
    backend.store.close()
    missing = subprocess.run(
        [sys.executable, "-m", "demo_site.cli", "import", str(tmp_path / "nope.csv")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_an_oversized_file_is_refused_and_changes_nothing(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bridge_stub.control.apps.MAX_IMPORT_BYTES", 200)
    response = post(client, app_of(client), GOOD * 10)
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "body-too-large"
    assert client.get("/_harness/state.json").json()["users"] == []
