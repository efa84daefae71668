"""The rest of the Median bridge through the control API: the app core's answers, UI
commands, plugins, programmed answers, native events and the command log."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient


def device(client: TestClient, **body: object) -> str:
    made = client.post("/_harness/devices", json={"platform": "ios", **body})
    assert made.status_code == 201, made.text
    device_id: str = made.json()["id"]
    return device_id


def send(client: TestClient, device_id: str, command: str, **data: Any) -> dict[str, Any]:
    message = {"medianCommand": f"median://{command}", "data": {"callback": "cb", **data}}
    reply = client.post(f"/_harness/devices/{device_id}/commands", json=message)
    assert reply.status_code == 200, reply.text
    outcome: dict[str, Any] = reply.json()
    return outcome


def events(client: TestClient, device_id: str, kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(
        "/_harness/events", params={"device": device_id, "kind": kind}
    ).json()["events"]
    return found


def test_permission_status_follows_push_and_what_a_test_sets(client: TestClient) -> None:
    phone = device(client, push_permission="denied")
    status = send(client, phone, "permissions/status")["result"]
    assert status["Notifications"] == "denied" and status["Camera"] == "undetermined"
    assert len(status) == 8
    change = {"permission": "Camera", "status": "granted"}
    assert client.post(f"/_harness/devices/{phone}/permission", json=change).status_code == 200
    asked = send(client, phone, "permissions/status", permissions=["Camera", "Notifications"])
    assert asked["result"] == {"Camera": "granted", "Notifications": "denied"}


def test_each_device_has_its_own_clipboard(client: TestClient) -> None:
    first, second = device(client), device(client, platform="android")
    send(client, first, "clipboard/set", data="copied text")
    assert send(client, first, "clipboard/get")["result"] == {"data": "copied text"}
    assert send(client, second, "clipboard/get")["result"] == {"data": ""}


def test_connectivity_keyboard_and_sidebar_answer_from_the_device(client: TestClient) -> None:
    phone = device(client)
    assert send(client, phone, "connectivity/get")["result"] == {"connected": True, "type": "wifi"}
    change = {"connected": False, "type": "cellular"}
    moved = client.post(f"/_harness/devices/{phone}/connectivity", json=change).json()
    assert moved["connected"] is False and moved["subscribers"] == 0
    assert send(client, phone, "connectivity/subscribe")["result"]["connected"] is False
    again = client.post(f"/_harness/devices/{phone}/connectivity", json={"connected": True})
    assert again.json()["subscribers"] == 1
    keyboard = send(client, phone, "keyboard/info")["result"]
    assert keyboard["visible"] is False and keyboard["visibleWindowSize"]["width"] > 0
    items = [{"label": "Home", "url": "/"}]
    send(client, phone, "sidebar/setItems", items=items, enabled=True)
    assert send(client, phone, "sidebar/getItems")["result"][0]["items"] == items


def test_ui_commands_change_what_the_app_shows(client: TestClient) -> None:
    phone = device(client)
    send(client, phone, "share/sharePage", url="https://shop.test/p/1", text="Look")
    send(client, phone, "statusbar/set", style="dark", color="#000000")
    send(client, phone, "navigationTitles/setCurrent", title="Cart")
    client.post(f"/_harness/devices/{phone}/commands", content="median://tabs/select/2")
    ui = client.get(f"/_harness/devices/{phone}/ui").json()
    assert ui["last_share"] == {"url": "https://shop.test/p/1", "text": "Look"}
    assert ui["statusbar"]["style"] == "dark" and ui["title"] == "Cart"
    assert ui["selected_tab"] == "2"
    shares = client.get(f"/_harness/devices/{phone}/commands", params={"prefix": "share/"})
    assert [c["command"] for c in shares.json()["commands"]] == ["share/sharePage"]


def test_att_is_an_ios_command(client: TestClient) -> None:
    iphone, pixel = device(client), device(client, platform="android")
    assert send(client, iphone, "ios/attconsent/request")["result"] == {"granted": True}
    assert send(client, pixel, "ios/attconsent/status")["answered"] is False
    (event,) = events(client, pixel, "unsupported_command")
    assert "iOS command" in event["message"]


def test_a_missing_plugin_never_answers_and_names_the_plugin(client: TestClient) -> None:
    app = client.post("/_harness/apps", json={"name": "shop"}).json()
    assert app["plugins"] == ["onesignal"]
    phone = device(client, app_id=app["app_id"], app_version="2.1.0")
    assert send(client, phone, "haptics/trigger", style="impactLight")["answered"] is False
    (event,) = events(client, phone, "unsupported_command")
    assert event["message"].startswith(
        "median://haptics/trigger needs the haptics plugin, which app version 2.1.0 does not "
        "include"
    )
    patched = client.patch(f"/_harness/apps/{app['app_id']}", json={"plugins": ["haptics"]})
    assert patched.json()["plugins"] == ["haptics"]
    send(client, phone, "haptics/trigger", style="impactLight")
    assert len(events(client, phone, "unsupported_command")) == 1
    assert client.get(f"/_harness/devices/{phone}/ui").json()["last"]["haptics/trigger"] == {
        "style": "impactLight"
    }
    assert send(client, phone, "onesignal/info")["answered"] is False  # onesignal removed


def test_programmed_answers_per_device_before_per_app_and_counted(client: TestClient) -> None:
    client.patch(
        f"/_harness/apps/{client.get('/_harness/state.json').json()['app']['app_id']}",
        json={"plugins": ["onesignal", "iap"]},
    )
    first, second = device(client), device(client)
    assert send(client, first, "iap/info")["answered"] is False
    (hint,) = events(client, first, "unanswered_command")
    assert f"/_harness/devices/{first}/responses" in hint["message"]
    client.post(
        "/_harness/responses", json={"command": "iap/info", "result": {"inAppPurchases": []}}
    )
    mine = {"command": "median://iap/info", "result": {"products": ["pro"]}, "count": 1}
    assert client.post(f"/_harness/devices/{first}/responses", json=mine).status_code == 201
    assert send(client, first, "iap/info")["result"] == {"products": ["pro"]}
    assert send(client, first, "iap/info")["result"] == {"inAppPurchases": []}
    assert send(client, second, "iap/info")["result"] == {"inAppPurchases": []}
    assert len(client.get("/_harness/responses").json()["responses"]) == 1
    assert client.delete("/_harness/responses").status_code == 204
    assert send(client, second, "iap/info")["answered"] is False


def test_native_events_reach_no_page_without_one(client: TestClient) -> None:
    phone = device(client)
    fired = client.post(f"/_harness/devices/{phone}/events", json={"name": "_median_app_resumed"})
    assert fired.json() == {"name": "_median_app_resumed", "delivered_to_pages": 0}
    assert events(client, phone, "native_event")[0]["name"] == "_median_app_resumed"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/responses", {"result": {}}),
        ("post", "/responses", {"command": "iap/info", "result": 1, "count": 0}),
        ("post", "/responses", {"command": "a b", "result": 1}),
        ("post", "/responses", {"command": "iap/info", "result": 1, "app_id": "nope"}),
        ("post", "/devices/{d}/responses", {"command": "iap/info"}),
        ("post", "/devices/{d}/events", {"name": "not a name()"}),
        ("post", "/devices/{d}/events", {}),
        ("post", "/devices/{d}/connectivity", {"connected": "yes"}),
        ("post", "/devices/{d}/connectivity", {}),
        ("post", "/devices/{d}/permission", {"permission": "Camera"}),
        ("post", "/devices/{d}/permission", {"permission": "Teleport", "status": "granted"}),
        ("post", "/devices/{d}/permission", {"push_permission": "granted", "permission": "Camera"}),
        ("patch", "/apps/{a}", {"plugins": ["haptics", "telepathy"]}),
        ("patch", "/apps/{a}", {"legacy_below": "not a version"}),
        ("patch", "/apps/{a}", {"plugins": "haptics"}),
        ("post", "/apps", {"plugins": ["nope"]}),
    ],
)
def test_bad_input_to_the_new_routes_is_refused_and_changes_nothing(
    client: TestClient, method: str, path: str, body: dict[str, Any]
) -> None:
    phone = device(client)
    app_id = client.get("/_harness/state.json").json()["app"]["app_id"]
    before = (
        client.get(f"/_harness/devices/{phone}/ui").json(),
        client.get("/_harness/apps").json(),
    )
    url = "/_harness" + path.format(d=phone, a=app_id)
    response = getattr(client, method)(url, json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["errors"][0]["title"]
    after = (
        client.get(f"/_harness/devices/{phone}/ui").json(),
        client.get("/_harness/apps").json(),
    )
    assert after == before
    assert client.get("/_harness/responses").json()["responses"] == []


@pytest.mark.parametrize("path", ["commands", "ui", "responses"])
def test_an_unknown_device_is_404(client: TestClient, path: str) -> None:
    assert client.get(f"/_harness/devices/nope/{path}").status_code == 404
    assert client.post("/_harness/devices/nope/events", json={"name": "x"}).status_code == 404
