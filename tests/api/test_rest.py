"""The simulated OneSignal REST API over HTTP: auth, error bodies, validation, the legacy
players API, notifications' response shapes, and isolation between apps."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend

IOS_TOKEN = "c3" * 32


@pytest.fixture
def app_key(client: TestClient, backend: OneSignalBackend) -> tuple[str, dict[str, str]]:
    app = backend.default_app()
    assert app is not None
    return app.app_id, {"Authorization": f"Key {app.api_key}"}


def create(client: TestClient, app_key: tuple[str, dict[str, str]], body: dict[str, Any]) -> Any:
    app_id, headers = app_key
    return client.post(f"/apps/{app_id}/users", json=body, headers=headers)


def test_201_for_a_new_user_and_200_for_an_existing_one(client: TestClient, app_key: Any) -> None:
    first = create(client, app_key, {"identity": {"external_id": "alice"}})
    assert first.status_code == 201
    assert create(client, app_key, {"identity": {"external_id": "alice"}}).status_code == 200


@pytest.mark.parametrize("prefix", ["", "/api/v1"])
@pytest.mark.parametrize("scheme", ["Key", "Basic"])
def test_auth_schemes_and_prefixes(
    client: TestClient, backend: OneSignalBackend, prefix: str, scheme: str
) -> None:
    app = backend.default_app()
    assert app is not None
    response = client.post(
        f"{prefix}/apps/{app.app_id}/users",
        json={"identity": {"external_id": "alice"}},
        headers={"Authorization": f"{scheme} {app.api_key}"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Key wrong"}, {"Authorization": "Key"}, {"Authorization": "Token x"}],
)
def test_missing_or_wrong_key_is_401(client: TestClient, app_key: Any, headers: Any) -> None:
    app_id, _ = app_key
    response = client.get(f"/apps/{app_id}/users/by/external_id/alice", headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0].startswith("Access denied.")


def test_one_apps_key_never_reaches_another_app(
    client: TestClient, backend: OneSignalBackend, app_key: Any
) -> None:
    other = backend.create_app()
    with backend.session(other.app_id) as s:
        s.users.create_user({"external_id": "secret"})
    _, my_headers = app_key
    for method, path in [
        ("GET", f"/apps/{other.app_id}/users/by/external_id/secret"),
        ("PATCH", f"/apps/{other.app_id}/users/by/external_id/secret"),
        ("DELETE", f"/apps/{other.app_id}/users/by/external_id/secret"),
        ("POST", f"/apps/{other.app_id}/users"),
    ]:
        response = client.request(method, path, headers=my_headers, json={"identity": {"a": "b"}})
        assert response.status_code == 401, (method, path)
    sent = client.post(
        "/notifications",
        headers=my_headers,
        json={"app_id": other.app_id, "contents": {"en": "x"}, "included_segments": ["All"]},
    )
    assert sent.status_code == 401
    with backend.session(other.app_id) as s:
        assert s.users.find_by_alias("external_id", "secret") is not None
        assert list(s.records.notifications()) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"identity": {"external_id": "undefined"}},
        {"identity": {"external_id": ""}},
        {"identity": {"external_id": 5}},
        {"identity": {"onesignal_id": "nope"}},
        {"identity": {"external_id": "a"}, "properties": {"lat": 123}},
        {"identity": {"external_id": "a"}, "properties": {"tags": {"k": ["v"]}}},
        {"identity": {"external_id": "a"}, "subscriptions": [{"type": "Pager"}]},
        {"identity": {"external_id": "a"}, "subscriptions": [{"type": "Email", "token": "x"}]},
        {"identity": {"external_id": "a"}, "subscriptions": [{"type": "SMS", "token": "555"}]},
        {"subscriptions": [{"type": "Email", "token": f"u{n}@x.io"} for n in range(21)]},
        [],
        "not an object",
    ],
)
def test_invalid_create_user_bodies_are_refused_and_store_nothing(
    client: TestClient, app_key: Any, body: Any
) -> None:
    response = create(client, app_key, body)
    assert response.status_code in (400, 404), response.text
    (error,) = response.json()["errors"]
    assert error["code"] and error["title"]
    assert client.get("/_harness/state.json").json()["users"] == []


def test_not_json_and_oversized_bodies(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    url = f"/apps/{app_id}/users"
    broken = client.post(url, content=b"{broken", headers=headers)
    assert broken.status_code == 400 and broken.json()["errors"][0]["code"] == "invalid-json"
    huge = client.post(url, content=b"x" * (1024 * 1024 + 10), headers=headers)
    assert huge.status_code == 400 and huge.json()["errors"][0]["code"] == "body-too-large"


def test_aliases_of_two_users_conflict_with_meta(client: TestClient, app_key: Any) -> None:
    create(client, app_key, {"identity": {"external_id": "alice"}})
    create(client, app_key, {"identity": {"external_id": "bob", "crm_id": "B"}})
    response = create(client, app_key, {"identity": {"external_id": "alice", "crm_id": "B"}})
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["meta"]["conflicting_aliases"] == {"external_id": "alice", "crm_id": "B"}


def test_alias_claimed_by_another_user_is_409_user_2(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    create(client, app_key, {"identity": {"external_id": "alice", "crm_id": "A"}})
    create(client, app_key, {"identity": {"external_id": "bob"}})
    response = client.patch(
        f"/apps/{app_id}/users/by/external_id/bob/identity",
        json={"identity": {"crm_id": "A"}},
        headers=headers,
    )
    assert response.status_code == 409 and response.json()["errors"][0]["code"] == "user-2"


def test_update_returns_202_with_merged_properties(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    create(client, app_key, {"identity": {"external_id": "a"}, "properties": {"tags": {"x": "1"}}})
    response = client.patch(
        f"/apps/{app_id}/users/by/external_id/a",
        json={"properties": {"tags": {"x": None, "y": 2}, "language": "fr"}},
        headers=headers,
    )
    assert response.status_code == 202
    assert response.json()["properties"]["tags"] == {"y": "2"}
    assert response.json()["properties"]["language"] == "fr"


def test_create_subscription_on_a_full_user_is_409(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    emails = [{"type": "Email", "token": f"u{n}@example.com"} for n in range(20)]
    create(client, app_key, {"identity": {"external_id": "a"}, "subscriptions": emails})
    response = client.post(
        f"/apps/{app_id}/users/by/external_id/a/subscriptions",
        json={"subscription": {"type": "SMS", "token": "+15555550100"}},
        headers=headers,
    )
    assert response.status_code == 409
    assert "maximum number of subscriptions" in response.json()["errors"][0]["title"]


def test_unknown_users_and_subscriptions_are_404(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    for method, path in [
        ("GET", f"/apps/{app_id}/users/by/external_id/nobody"),
        ("GET", f"/apps/{app_id}/users/by/onesignal_id/nobody/identity"),
        ("DELETE", f"/apps/{app_id}/subscriptions/nope"),
        ("GET", f"/apps/{app_id}/subscriptions/nope/user/identity"),
    ]:
        response = client.request(method, path, headers=headers)
        assert response.status_code == 404, path
        assert response.json()["errors"][0]["code"].endswith("not-found")


def test_notification_errors_use_the_message_style(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    cases = [
        ({"contents": {"en": "x"}}, "app_id not found"),
        ({"app_id": app_id, "contents": {"fr": "x"}, "included_segments": ["All"]}, "English"),
        ({"app_id": app_id, "contents": {"en": "x"}}, "exactly one targeting"),
        ({"app_id": app_id, "contents": {"en": "x"}, "included_segments": ["VIP"]}, "Unknown"),
        (
            {"app_id": app_id, "contents": {"en": "x"}, "filters": [{"field": "tag"}]},
            "Filter",
        ),
    ]
    for body, message in cases:
        response = client.post("/notifications", json=body, headers=headers)
        assert response.status_code == 400, body
        (error,) = response.json()["errors"]
        assert isinstance(error, str) and message in error


def test_notification_to_nobody_and_to_unknown_aliases(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    body = {"app_id": app_id, "contents": {"en": "Hi"}}
    empty = client.post(
        "/notifications", json={**body, "included_segments": ["All"]}, headers=headers
    )
    assert empty.json() == {
        "id": "",
        "external_id": None,
        "errors": ["All included players are not subscribed"],
    }
    unknown = client.post(
        "/notifications",
        json={**body, "include_aliases": {"external_id": ["ghost"]}, "target_channel": "push"},
        headers=headers,
    )
    assert unknown.json()["errors"] == {"invalid_aliases": {"external_id": ["ghost"]}}
    assert unknown.json()["id"] == ""


def test_notification_view_and_idempotent_external_id(
    client: TestClient, app_key: Any, backend: OneSignalBackend
) -> None:
    app_id, headers = app_key
    device = client.post("/_harness/devices", json={}).json()
    body = {
        "app_id": app_id,
        "contents": {"en": "Hi"},
        "include_subscription_ids": [device["subscription_id"]],
        "external_id": "campaign-7",
        "data": {"deep": "link"},
    }
    first = client.post("/notifications", json=body, headers=headers).json()
    again = client.post("/notifications", json=body, headers=headers).json()
    assert first["id"] and first == again and first["external_id"] == "campaign-7"
    viewed = client.get(
        f"/notifications/{first['id']}", params={"app_id": app_id}, headers=headers
    ).json()
    assert viewed["successful"] == 1 and viewed["data"] == {"deep": "link"}
    notifications = client.get(f"/_harness/devices/{device['id']}/notifications").json()
    assert [n["id"] for n in notifications["notifications"]] == [first["id"]]


def test_legacy_players_api(client: TestClient, app_key: Any) -> None:
    app_id, headers = app_key
    legacy = client.post("/_harness/devices", json={"app_version": "1.0.0"}).json()
    v5 = client.post("/_harness/devices", json={"platform": "android"}).json()
    player = client.get(
        f"/players/{legacy['player_id']}", params={"app_id": app_id}, headers=headers
    )
    assert player.status_code == 200
    assert player.json()["device_type"] == 0 and "external_user_id" not in player.json()

    edit = {"app_id": app_id, "external_user_id": "alice", "tags": {"a": "1"}}
    assert client.put(f"/players/{legacy['player_id']}", json=edit, headers=headers).json() == {
        "success": True
    }
    seen = client.get(f"/players/{legacy['player_id']}", params={"app_id": app_id}, headers=headers)
    assert seen.json()["external_user_id"] == "alice" and seen.json()["tags"] == {"a": "1"}
    removed = {"app_id": app_id, "external_user_id": ""}
    client.put(f"/players/{legacy['player_id']}", json=removed, headers=headers)
    seen = client.get(f"/players/{legacy['player_id']}", params={"app_id": app_id}, headers=headers)
    assert "external_user_id" not in seen.json()

    # a v5 subscription answers too, through its owner
    client.put(f"/players/{v5['subscription_id']}", json=edit, headers=headers)
    device = client.get(f"/_harness/devices/{v5['id']}").json()
    assert device["external_id"] == "alice"
    as_player = client.get(
        f"/players/{v5['subscription_id']}", params={"app_id": app_id}, headers=headers
    ).json()
    assert as_player["device_type"] == 1 and as_player["tags"] == {"a": "1"}

    bad = {"app_id": app_id, "external_user_id": "NaN"}
    refused = client.put(f"/players/{legacy['player_id']}", json=bad, headers=headers)
    assert refused.status_code == 400 and isinstance(refused.json()["errors"][0], str)
    missing = client.get("/players/nope", params={"app_id": app_id}, headers=headers)
    assert missing.status_code == 404


def test_rest_calls_are_in_the_event_log(client: TestClient, app_key: Any) -> None:
    create(client, app_key, {"identity": {"external_id": "alice"}})
    create(client, app_key, {"identity": {"external_id": "null"}})
    events = client.get("/_harness/events", params={"kind": "rest_call"}).json()["events"]
    assert [(e["method"], e["status"]) for e in events] == [("POST", 201), ("POST", 400)]


def test_openapi_describes_every_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    for path, method in [
        ("/apps/{app_id}/users", "post"),
        ("/apps/{app_id}/users/by/{alias_label}/{alias_id}", "patch"),
        ("/apps/{app_id}/subscriptions/{subscription_id}/owner", "patch"),
        ("/notifications", "post"),
        ("/players/{player_id}", "put"),
        ("/_harness/devices/{device_id}/commands", "post"),
        ("/_harness/bridge.js", "get"),
        ("/_harness/state.json", "get"),
    ]:
        assert method in paths[path], (path, method)
    create_user = paths["/apps/{app_id}/users"]["post"]
    assert set(create_user["responses"]) >= {"200", "201", "400", "401", "409"}
    assert "CreateUser" in document["components"]["schemas"]
