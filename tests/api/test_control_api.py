"""The control API in process: apps, devices and their lifecycle, the command endpoint, faults,
events, reset, the stub's routes and who may call them."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import ManualClock, OneSignalBackend
from demo_site.app import create_app


def make_device(client: TestClient, **body: object) -> dict[str, Any]:
    response = client.post("/_harness/devices", json=body)
    assert response.status_code == 201, response.text
    device: dict[str, Any] = response.json()
    return device


def command(client: TestClient, device_id: object, message: object) -> dict[str, object]:
    if isinstance(message, str):
        response = client.post(f"/_harness/devices/{device_id}/commands", content=message)
    else:
        response = client.post(f"/_harness/devices/{device_id}/commands", json=message)
    assert response.status_code == 200, response.text
    reply: dict[str, object] = response.json()
    return reply


def test_apps_are_created_listed_and_deleted(client: TestClient) -> None:
    created = client.post("/_harness/apps", json={"legacy_below": "2.0.0", "name": "shop"})
    assert created.status_code == 201
    app = created.json()
    assert set(app) >= {"app_id", "api_key", "legacy_below", "name"}
    assert app["legacy_below"] == "2.0.0"
    listed = [a["app_id"] for a in client.get("/_harness/apps").json()["apps"]]
    assert app["app_id"] in listed
    assert client.delete(f"/_harness/apps/{app['app_id']}").status_code == 204
    assert client.get(f"/_harness/apps/{app['app_id']}").status_code == 404
    default = client.get("/_harness/state.json").json()["app"]["app_id"]
    assert client.delete(f"/_harness/apps/{default}").status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"legacy_below": "soon"},
        {"name": "x" * 201},
        {"unknown": 1},
        [],
        "text",
    ],
)
def test_bad_app_bodies_are_400(client: TestClient, body: object) -> None:
    response = client.post("/_harness/apps", json=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["title"]


def test_device_lifecycle(client: TestClient) -> None:
    device = make_device(client, platform="android", app_version="1.9.0")
    assert device["sdk"] == "legacy" and device["platform"] == "android"
    assert device["player_id"] == device["subscription_id"]
    got = client.get(f"/_harness/devices/{device['id']}").json()
    assert got == device

    command(
        client,
        device["id"],
        {"medianCommand": "median://onesignal/externalUserId/set", "data": {"externalId": "al"}},
    )
    upgraded = client.post(
        f"/_harness/devices/{device['id']}/upgrade", json={"app_version": "2.1.0"}
    ).json()
    assert upgraded["sdk"] == "v5" and upgraded["external_id"] == "al"
    assert upgraded["subscription_id"] == device["subscription_id"]

    reinstalled = client.post(f"/_harness/devices/{device['id']}/reinstall").json()
    assert reinstalled["installation_id"] != device["installation_id"]
    assert reinstalled["external_id"] is None

    denied = client.post(
        f"/_harness/devices/{device['id']}/permission", json={"push_permission": "denied"}
    ).json()
    assert denied["push_permission"] == "denied"
    infos = client.get(f"/_harness/devices/{device['id']}/info").json()
    assert infos["onesignal_info"]["subscription"]["optedIn"] is False
    assert infos["device_info"]["appVersionCode"] == 20100

    listed = client.get("/_harness/devices").json()["devices"]
    assert [d["id"] for d in listed] == [device["id"]]
    assert client.delete(f"/_harness/devices/{device['id']}").status_code == 204
    assert client.get(f"/_harness/devices/{device['id']}").status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_harness/devices", {"platform": "windows"}),
        ("/_harness/devices", {"app_version": "one"}),
        ("/_harness/devices", {"sdk": "v4"}),
        ("/_harness/devices", {"push_permission": "maybe"}),
        ("/_harness/devices", {"app_id": "no-such-app"}),
        ("/_harness/devices", {"build": "12a"}),
    ],
)
def test_bad_device_bodies_are_refused(client: TestClient, path: str, body: object) -> None:
    response = client.post(path, json=body)
    assert response.status_code in (400, 404)
    assert client.get("/_harness/state.json").json()["devices"] == []


def test_bad_lifecycle_requests_change_nothing(client: TestClient) -> None:
    device = make_device(client, app_version="2.5.0")
    base = f"/_harness/devices/{device['id']}"
    assert client.post(f"{base}/upgrade", json={"app_version": "2.0.0"}).status_code == 400
    assert client.post(f"{base}/upgrade", json={}).status_code == 400
    assert client.post(f"{base}/permission", json={"push_permission": 1}).status_code == 400
    assert client.post(f"{base}/upgrade", content=b"{not json").status_code == 400
    assert client.get(base).json() == device
    assert client.post("/_harness/devices/nope/reinstall").status_code == 404


def test_commands_in_every_message_form(client: TestClient) -> None:
    device = make_device(client)
    forms = [
        "median://onesignal/info?callback=cb",
        "gonative://onesignal/info?callback=cb",
        '{"medianCommand": "median://onesignal/info", "data": {"callback": "cb"}}',
        '{"gonativeCommand": "gonative://onesignal/info", "data": {"callback": "cb"}}',
        '"median://onesignal/info?callback=cb"',
    ]
    for form in forms:
        reply = command(client, device["id"], form)
        assert reply["answered"] is True and reply["callback"] == "cb", form
        assert reply["result"]["oneSignalId"] == device["onesignal_id"]  # type: ignore[index]
    silent = command(client, device["id"], "median://onesignal/userPrivacyConsent/grant")
    assert silent == {"answered": False, "callback": None, "result": None}


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"garbage",
        b'{"medianCommand": 1}',
        b"\xff\xfe not utf-8",
        b"x" * (1024 * 1024 + 1),
        b"median://onesignal/login?externalId=" + b"a" * 300_000,
    ],
)
def test_bad_messages_are_400_with_an_event(client: TestClient, body: bytes) -> None:
    device = make_device(client)
    before = client.get("/_harness/state.json").json()
    response = client.post(f"/_harness/devices/{device['id']}/commands", content=body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["title"]
    events = client.get("/_harness/events", params={"kind": "bad_message"}).json()["events"]
    assert len(events) == 1 and events[0]["device"] == device["id"]
    assert client.get("/_harness/state.json").json() == before


def test_command_for_an_unknown_device_is_404(client: TestClient) -> None:
    response = client.post("/_harness/devices/nope/commands", content="median://onesignal/info")
    assert response.status_code == 404


def test_faults_through_the_api(client: TestClient) -> None:
    device = make_device(client)
    fault = client.post(
        "/_harness/faults",
        json={
            "device": device["id"],
            "command": "onesignal/login",
            "mode": "error",
            "message": "Server says no",
            "count": 2,
        },
    )
    assert fault.status_code == 201 and fault.json()["count"] == 2
    login = {
        "medianCommand": "median://onesignal/login",
        "data": {"externalId": "a", "callback": "c"},
    }
    for _ in range(2):
        assert command(client, device["id"], login)["result"] == {
            "success": False,
            "error": "Server says no",
        }
    assert command(client, device["id"], login)["result"] == {"success": True}
    client.post("/_harness/faults", json={"command": "onesignal/info", "mode": "drop"})
    assert len(client.get("/_harness/faults").json()["faults"]) == 1
    assert client.delete("/_harness/faults").status_code == 204
    assert client.get("/_harness/faults").json()["faults"] == []
    for bad in (
        {"command": "x", "mode": "explode"},
        {"command": "x", "mode": "delay", "ms": -1},
        {"command": "x", "mode": "drop", "count": 0},
        {"command": "", "mode": "drop"},
        {"device": "nope", "command": "x", "mode": "drop"},
    ):
        assert client.post("/_harness/faults", json=bad).status_code in (400, 404)


def test_events_filter_by_device_and_kind(client: TestClient) -> None:
    first, second = make_device(client), make_device(client, app_version="1.0.0")
    command(client, first["id"], "median://onesignal/info?callback=a")
    command(client, second["id"], "median://onesignal/login?externalId=x&callback=b")
    everything = client.get("/_harness/events").json()["events"]
    assert [e["kind"] for e in everything] == ["bridge_command", "unsupported_command"]
    assert [e["seq"] for e in everything] == sorted(e["seq"] for e in everything)
    mine = client.get("/_harness/events", params={"device": second["id"]}).json()["events"]
    assert [e["kind"] for e in mine] == ["unsupported_command"]
    after = client.get("/_harness/events", params={"after": everything[0]["seq"]}).json()
    assert len(after["events"]) == 1
    assert client.get("/_harness/events", params={"after": "x"}).status_code == 400


def test_notifications_pushed_listed_and_opened(client: TestClient) -> None:
    device = make_device(client)
    base = f"/_harness/devices/{device['id']}/notifications"
    sent = client.post(base, json={"data": {"a": 1}, "headings": {"en": "Hi"}})
    assert sent.status_code == 201
    notification = sent.json()
    assert notification["device_ids"] == [device["id"]]
    opened = client.post(f"{base}/{notification['id']}/open").json()
    assert opened["opened_on_device"] is True and opened["delivered_to_pages"] == 0
    assert client.get(base).json()["notifications"][0]["opened_on_device"] is True
    assert client.post(f"{base}/nope/open").status_code == 404
    outbox = client.get("/_harness/state.json").json()["outbox"]
    assert [n["id"] for n in outbox] == [notification["id"]]
    unsubscribed = make_device(client, push_permission="denied")
    refused = client.post(f"/_harness/devices/{unsubscribed['id']}/notifications", json={})
    assert refused.status_code == 409


def test_reset_one_app_or_all(client: TestClient) -> None:
    other = client.post("/_harness/apps", json={}).json()
    make_device(client)
    make_device(client, app_id=other["app_id"])
    command(client, make_device(client)["id"], "median://onesignal/info")
    assert client.post("/_harness/reset", json={"app_id": other["app_id"]}).status_code == 200
    assert (
        client.get("/_harness/state.json", params={"app_id": other["app_id"]}).json()["devices"]
        == []
    )
    assert len(client.get("/_harness/state.json").json()["devices"]) == 2
    assert client.post("/_harness/reset").json()["reset"]
    assert client.get("/_harness/state.json").json()["devices"] == []
    assert client.get("/_harness/events").json()["events"] == []
    assert client.post("/_harness/reset", json={"app_id": "nope"}).status_code == 404


def test_bridge_js_is_bound_to_a_device(client: TestClient) -> None:
    device = make_device(client, platform="android")
    script = client.get("/_harness/bridge.js", params={"device": device["id"]})
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("application/javascript")
    assert f'"device": "{device["id"]}"' in script.text
    assert '"platform": "android"' in script.text and '"force": false' in script.text
    assert "__MEDIAN_HARNESS_CONFIG__" not in script.text
    assert client.get("/_harness/bridge.js", params={"device": "nope"}).status_code == 404
    assert client.get("/_harness/bridge.js", params={"platform": "web"}).status_code == 400


def test_a_device_view_carries_its_stub_when_asked(client: TestClient) -> None:
    device = make_device(client, platform="android")
    plain = client.get(f"/_harness/devices/{device['id']}").json()
    assert "bridge_js" not in plain
    asked = client.get(f"/_harness/devices/{device['id']}", params={"bridge_js": "1"}).json()
    stub = client.get("/_harness/bridge.js", params={"device": device["id"], "web_view": "1"}).text
    assert asked == {**plain, "bridge_js": stub}
    made = client.post("/_harness/devices", params={"bridge_js": "1"}, json={}).json()
    assert f'"device": "{made["id"]}"' in made["bridge_js"]


def test_an_app_is_made_with_its_device_in_one_call(client: TestClient) -> None:
    body = {"name": "shop", "device": {"platform": "android", "app_version": "2.3.0"}}
    created = client.post("/_harness/apps", params={"bridge_js": "1"}, json=body).json()
    device = created["device"]
    assert (device["app_id"], device["platform"], device["app_version"]) == (
        created["app_id"],
        "android",
        "2.3.0",
    )
    assert f'"device": "{device["id"]}"' in device["bridge_js"]
    listed = client.get("/_harness/devices", params={"app_id": created["app_id"]}).json()
    assert [d["id"] for d in listed["devices"]] == [device["id"]]


@pytest.mark.parametrize("device", [{"platform": "web"}, {"app_id": "another"}, "taken id"])
def test_an_app_whose_device_cannot_be_made_is_not_made(
    client: TestClient, device: dict[str, str] | str
) -> None:
    if device == "taken id":
        device = {"id": make_device(client, id="0b6f6f1e-5a0e-4c57-9a3e-2f1d8a7c6b5e")["id"]}
    apps = client.get("/_harness/apps").json()
    refused = client.post("/_harness/apps", json={"name": "shop", "device": device})
    assert refused.status_code in (400, 409), refused.text
    assert client.get("/_harness/apps").json() == apps


PAGE_SCRIPT = {"Sec-Fetch-Dest": "script"}


def test_bridge_js_without_a_device_uses_the_cookie_or_makes_one(client: TestClient) -> None:
    first = client.get("/_harness/bridge.js", params={"platform": "android"}, headers=PAGE_SCRIPT)
    device_id = first.cookies["median_harness_device"]
    assert f'"device": "{device_id}"' in first.text
    again = client.get("/_harness/bridge.js", headers=PAGE_SCRIPT)  # the cookie comes back
    assert f'"device": "{device_id}"' in again.text
    assert len(client.get("/_harness/state.json").json()["devices"]) == 1


def test_no_device_for_head_or_a_tool_fetching_the_stub(client: TestClient) -> None:
    assert client.head("/_harness/bridge.js").status_code == 200
    fetched = client.get("/_harness/bridge.js")  # curl, or a test reading the script
    assert fetched.status_code == 200 and '"device": null' in fetched.text
    assert "median_harness_device" not in fetched.cookies
    assert client.get("/_harness/state.json").json()["devices"] == []
    assert client.get("/_harness/state.json").json()["mau"] == 0


def test_forgetting_idle_devices_removes_their_anonymous_users(
    client: TestClient, clock: ManualClock
) -> None:
    idle = make_device(client)
    identified = make_device(client)
    command(client, identified["id"], "median://onesignal/login?externalId=ana&callback=cb")
    clock.advance(2 * 3600)
    busy = make_device(client)
    command(client, busy["id"], "median://onesignal/info?callback=cb")
    assert client.get("/_harness/state.json").json()["mau"] == 3
    forgotten = client.post("/_harness/devices/forget-idle", json={}).json()["forgotten"]
    assert sorted(forgotten) == sorted([idle["id"], identified["id"]])
    state = client.get("/_harness/state.json").json()
    assert [d["id"] for d in state["devices"]] == [busy["id"]]
    assert [u["identity"].get("external_id") for u in state["users"]] == ["ana", None]
    assert (
        client.post("/_harness/devices/forget-idle", json={"idle_seconds": -1}).status_code == 400
    )


def test_non_loopback_clients_are_refused_unless_they_have_the_token(
    backend: OneSignalBackend,
) -> None:
    app = backend.ensure_default_app()
    remote = ("10.1.2.3", 40000)
    with TestClient(create_app(backend, app.app_id), client=remote) as outsider:
        response = outsider.get("/_harness/state.json")
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "forbidden"
    with TestClient(create_app(backend, app.app_id, token="s3cret"), client=remote) as insider:
        assert insider.get("/_harness/ping").status_code == 403
        assert insider.get("/_harness/ping", headers={"X-Harness-Token": "s3cret"}).json() == {
            "ok": True
        }
        assert insider.get("/_harness/ping", params={"token": "s3cret"}).status_code == 200
        assert insider.get("/_harness/ping", params={"token": "wrong"}).status_code == 403


def test_cors_and_private_network_preflight(client: TestClient) -> None:
    response = client.get("/_harness/ping", headers={"Origin": "http://site.test"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/_harness/devices/x/commands",
        headers={
            "Origin": "https://site.test",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-private-network"] == "true"


def test_clearing_faults_and_answers_leaves_other_apps_alone(client: TestClient) -> None:
    other = client.post("/_harness/apps", json={"name": "another test"}).json()["app_id"]
    for app_id in (None, other):
        where = {"app_id": app_id} if app_id else {}
        client.post("/_harness/faults", json={"command": "onesignal/info", "mode": "drop", **where})
        client.post("/_harness/responses", json={"command": "iap/info", "result": {}, **where})
    assert client.delete("/_harness/faults").status_code == 204  # the default app's only
    assert client.delete("/_harness/responses").status_code == 204
    assert len(client.get(f"/_harness/faults?app_id={other}").json()["faults"]) == 1
    assert len(client.get(f"/_harness/responses?app_id={other}").json()["responses"]) == 1
    assert client.get("/_harness/faults").json()["faults"] == []


def test_a_device_may_be_named_by_its_maker(client: TestClient) -> None:
    chosen = "5b7f3c1e-2d4a-4f6b-8c9d-0e1f2a3b4c5d"
    made = client.post("/_harness/devices", json={"id": chosen})
    assert made.status_code == 201 and made.json()["id"] == chosen
    assert client.post("/_harness/devices", json={"id": chosen}).status_code == 409
    assert client.post("/_harness/devices", json={"id": "my-device"}).status_code == 400
