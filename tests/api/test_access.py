"""Only the page under test gets in: foreign origins reach the stub's routes alone, and a
`Host` header that does not name the server is refused (DNS rebinding)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bridge_stub.asgi import allowed_hosts
from bridge_stub.domain import OneSignalBackend
from demo_site.app import create_app
from tests.helpers import LOOPBACK_CLIENT

FOREIGN = {"Origin": "https://evil.example"}


def test_a_foreign_origin_cannot_read_state_or_reset(client: TestClient) -> None:
    client.post("/_harness/devices", json={"platform": "ios"})
    read = client.get("/_harness/state.json", headers=FOREIGN)
    assert read.status_code == 403
    assert "access-control-allow-origin" not in read.headers
    assert client.post("/_harness/reset", json={}, headers=FOREIGN).status_code == 403
    assert len(client.get("/_harness/state.json").json()["devices"]) == 1


def test_a_foreign_origin_may_use_the_stub_routes(client: TestClient) -> None:
    script = client.get("/_harness/bridge.js", headers=FOREIGN)
    assert script.status_code == 200
    device = client.post("/_harness/devices", json={"platform": "android"}).json()
    reply = client.post(
        f"/_harness/devices/{device['id']}/commands",
        content="median://onesignal/info?callback=cb",
        headers=FOREIGN,
    )
    assert reply.status_code == 200 and reply.json()["answered"] is True
    assert reply.headers["access-control-allow-origin"] == "*"


def test_state_routes_answer_no_preflight_but_stub_routes_do(client: TestClient) -> None:
    ask = {**FOREIGN, "Access-Control-Request-Method": "POST"}
    assert client.options("/_harness/reset", headers=ask).status_code == 403
    assert client.options("/_harness/devices/x/commands", headers=ask).status_code == 204


def test_same_origin_pages_and_the_token_are_served(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    web = create_app(backend, app.app_id, token="s3cret")
    with TestClient(web, base_url="http://127.0.0.1:8000", client=LOOPBACK_CLIENT) as client:
        same = {"Origin": "http://127.0.0.1:8000"}
        assert client.post("/_harness/reset", json={}, headers=same).status_code == 200
        token = {**FOREIGN, "X-Harness-Token": "s3cret"}
        assert client.get("/_harness/state.json", headers=token).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io"])
def test_a_forged_host_gets_400(client: TestClient, host: str) -> None:
    for path in ("/_harness/state.json", "/_harness/bridge.js", "/", "/openapi.json"):
        assert client.get(path, headers={"Host": host}).status_code == 400


def test_loopback_names_and_allowed_hosts_are_served(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    hosts = allowed_hosts("192.168.1.5", ["phone-lab.local"])
    with TestClient(create_app(backend, app.app_id, hosts=hosts), client=LOOPBACK_CLIENT) as c:
        for host in ("127.0.0.1:8000", "localhost", "192.168.1.5:8000", "phone-lab.local"):
            assert c.get("/_harness/ping", headers={"Host": host}).status_code == 200
        assert c.get("/_harness/ping", headers={"Host": "other.local"}).status_code == 400
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0")


def test_the_stub_socket_is_open_to_pages_of_any_origin_only(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    with TestClient(create_app(backend, app.app_id), client=LOOPBACK_CLIENT) as client:
        device = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
        path = f"/_harness/devices/{device}/socket?page=p1"
        with client.websocket_connect(path, headers=FOREIGN) as socket:
            client.post(f"/_harness/devices/{device}/events", json={"name": "_median_x", "data": 1})
            assert socket.receive_json() == {"calls": [{"function": "_median_x", "args": [1]}]}
    outside = ("10.1.2.3", 40000)
    with (
        TestClient(create_app(backend, app.app_id), client=outside) as client,
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(path) as socket,
    ):
        socket.receive_json()
