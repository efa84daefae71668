"""What a page can make the server keep is bounded, and what the server keeps beside the
store for a device goes with the device (reset, app deleted, device deleted, forgotten)."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from bridge_stub.asgi import runtime_of_app
from bridge_stub.bridge.live_pages import MAX_LISTENERS_PER_PAGE, MAX_PAGES_PER_DEVICE
from bridge_stub.runtime import Runtime


def runtime(client: TestClient) -> Runtime:
    return runtime_of_app(client.app)  # type: ignore[arg-type]


def device(client: TestClient, app_id: str | None = None) -> str:
    body = {"platform": "android", **({"app_id": app_id} if app_id else {})}
    return str(client.post("/_harness/devices", json=body).json()["id"])


def subscribe(client: TestClient, device_id: str, page: str, event: str) -> None:
    message = {"medianCommand": "median://events/subscribe", "data": {"eventName": event}}
    answer = client.post(
        f"/_harness/devices/{device_id}/commands",
        params={"page": page},
        content=json.dumps(message),
    )
    assert answer.status_code == 200


def use_everything(client: TestClient, device_id: str) -> None:
    """Leave something of the device in every table the server keeps beside the store."""
    subscribe(client, device_id, "p1", "_median_app_resumed")
    client.post(f"/_harness/devices/{device_id}/commands", content="median://clipboard/set?data=x")
    client.post(
        f"/_harness/devices/{device_id}/permission",
        json={"permission": "Camera", "status": "granted"},
    )
    client.post(
        "/_harness/faults", json={"device": device_id, "command": "onesignal/info", "mode": "drop"}
    )
    client.post(
        f"/_harness/devices/{device_id}/responses", json={"command": "iap/info", "result": {}}
    )
    client.post(f"/_harness/devices/{device_id}/notifications", json={})  # opened later: pending
    kept = runtime(client)
    assert device_id in kept.shells.devices() and device_id in kept.pages.devices()
    assert device_id in kept.bridge.devices_seen() and device_id in kept.faults.devices()


def kept_anything(client: TestClient, device_id: str) -> bool:
    kept = runtime(client)
    return any(
        device_id in table
        for table in (
            kept.shells.devices(),
            kept.pages.devices(),
            kept.bridge.devices_seen(),
            kept.faults.devices(),
            kept.responses.devices(),
        )
    )


def test_fresh_page_ids_do_not_grow_a_device_without_bound(client: TestClient) -> None:
    phone = device(client)
    for page in range(MAX_PAGES_PER_DEVICE * 4):
        subscribe(client, phone, f"page-{page}", "_median_app_resumed")
    for name in range(MAX_LISTENERS_PER_PAGE * 2):
        subscribe(client, phone, "last", f"event-{name}")
    hub = runtime(client).pages
    kept = [
        f"page-{page}"
        for page in range(MAX_PAGES_PER_DEVICE * 4)
        if hub.listeners(phone, f"page-{page}")
    ]
    assert len(kept) == MAX_PAGES_PER_DEVICE - 1  # the pages used last, beside "last"
    assert kept[-1] == f"page-{MAX_PAGES_PER_DEVICE * 4 - 1}"
    assert len(hub.listeners(phone, "last")) == MAX_LISTENERS_PER_PAGE


def test_a_long_event_name_is_refused(client: TestClient) -> None:
    phone = device(client)
    message = {
        "medianCommand": "median://events/subscribe",
        "data": {"eventName": "e" * 5000, "callback": "cb"},
    }
    answer = client.post(f"/_harness/devices/{phone}/commands", content=json.dumps(message)).json()
    assert answer["result"]["success"] is False
    assert not runtime(client).pages.listeners(phone, "")


def test_reset_and_deleting_an_app_leave_nothing_of_its_devices(client: TestClient) -> None:
    first = device(client)
    use_everything(client, first)
    assert client.post("/_harness/reset", json={}).status_code == 200
    assert not kept_anything(client, first)

    app_id = client.post("/_harness/apps", json={}).json()["app_id"]
    second = device(client, app_id)
    use_everything(client, second)
    assert client.delete(f"/_harness/apps/{app_id}").status_code == 204
    assert not kept_anything(client, second)


def test_deleting_or_forgetting_a_device_leaves_nothing_of_it(client: TestClient) -> None:
    deleted, idle = device(client), device(client)
    use_everything(client, deleted)
    use_everything(client, idle)
    assert client.delete(f"/_harness/devices/{deleted}").status_code == 204
    assert not kept_anything(client, deleted) and kept_anything(client, idle)
    forgotten = client.post("/_harness/devices/forget-idle", json={"idle_seconds": 0}).json()
    assert idle in forgotten["forgotten"]
    assert not kept_anything(client, idle)
