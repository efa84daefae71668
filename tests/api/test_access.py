"""Only the page under test gets in: foreign origins reach the stub's routes alone, and a
`Host` header that does not name the server is refused (DNS rebinding)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bridge_stub.asgi import allowed_hosts
from bridge_stub.domain import OneSignalBackend
from demo_site.app import create_app
from tests.helpers import LOOPBACK_CLIENT, device_key, stub_config

FOREIGN = {"Origin": "https://evil.example"}


def test_a_foreign_origin_cannot_read_state_or_reset(client: TestClient) -> None:
    client.post("/_harness/devices", json={"platform": "ios"})
    read = client.get("/_harness/state.json", headers=FOREIGN)
    assert read.status_code == 403
    assert "access-control-allow-origin" not in read.headers
    assert client.post("/_harness/reset", json={}, headers=FOREIGN).status_code == 403
    assert len(client.get("/_harness/state.json").json()["devices"]) == 1


def test_a_foreign_origin_may_drive_a_device_with_its_key(client: TestClient) -> None:
    script = client.get("/_harness/bridge.js", headers=FOREIGN)
    assert script.status_code == 200
    device = client.post("/_harness/devices", json={"platform": "android"}).json()["id"]
    reply = client.post(
        f"/_harness/devices/{device}/commands?key={device_key(client, device)}",
        content="median://onesignal/info?callback=cb",
        headers=FOREIGN,
    )
    assert reply.status_code == 200 and reply.json()["answered"] is True
    assert reply.headers["access-control-allow-origin"] == "*"


def test_a_foreign_origin_cannot_drive_a_device_without_its_key(client: TestClient) -> None:
    mine = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
    theirs = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
    for key in ("", device_key(client, mine), "é", "x" * 5000):
        for route in ("commands", "page-load", "reports", "links"):
            refused = client.post(
                f"/_harness/devices/{theirs}/{route}",
                params={"key": key},
                content="median://onesignal/login?externalId=taken",
                headers=FOREIGN,
            )
            assert refused.status_code == 403, (route, key)
            assert refused.headers["access-control-allow-origin"] == "*"
        stream = client.get(
            f"/_harness/devices/{theirs}/stream", params={"key": key}, headers=FOREIGN
        )
        assert stream.status_code == 403
    commands = client.get(f"/_harness/devices/{mine}/commands", headers=FOREIGN)
    assert commands.status_code == 403  # the listing is the control API's, not the stub's
    assert client.get(f"/_harness/devices/{theirs}").json()["external_id"] is None


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
        path = f"/_harness/devices/{device}/socket?page=p1&key={device_key(client, device)}"
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect(path.split("&")[0], headers=FOREIGN) as refused,
        ):
            # Were the socket let in, this event would arrive: the test fails, never hangs.
            client.post(f"/_harness/devices/{device}/events", json={"name": "_median_x"})
            refused.receive_json()
        with client.websocket_connect(path, headers=FOREIGN) as socket:
            socket.send_json({"url": "https://shop.example/"})  # the page's load comes first
            assert "calls" in socket.receive_json()
            client.post(f"/_harness/devices/{device}/events", json={"name": "_median_x", "data": 1})
            assert socket.receive_json() == {"calls": [{"function": "_median_x", "args": [1]}]}
    outside = ("10.1.2.3", 40000)
    with (
        TestClient(create_app(backend, app.app_id), client=outside) as client,
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(path) as socket,
    ):
        socket.receive_json()


def test_the_socket_reports_the_page_load_before_the_page_joins(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    with TestClient(create_app(backend, app.app_id, token="s3cret"), client=LOOPBACK_CLIENT) as c:
        device = c.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
        path = f"/_harness/devices/{device}/socket?page=p1"
        with c.websocket_connect(path) as socket:
            socket.send_json({"url": "http://127.0.0.1:8000/shop?token=s3cret&tab=2"})
            calls = [call["function"] for call in socket.receive_json()["calls"]]
            assert calls[-2:] == ["median_library_ready", "gonative_library_ready"]
            c.post(f"/_harness/devices/{device}/events", json={"name": "_median_x"})
            assert socket.receive_json()["calls"][0]["function"] == "_median_x"
        logged = c.get("/_harness/events", params={"kind": "page_load"}).json()["events"]
        shop = "http://127.0.0.1:8000/shop?tab=2"
        assert [(e["url"], e["page"]) for e in logged] == [(shop, "p1")]
        for first in ("not json", '{"url": 5}'):
            with c.websocket_connect(path) as socket, pytest.raises(WebSocketDisconnect) as closed:
                socket.send_text(first)
                socket.receive_json()
            assert closed.value.code == 4400
        assert len(c.get("/_harness/events", params={"kind": "page_load"}).json()["events"]) == 1


DEMO_WRITES = [
    ("/login", {"data": {"username": "mallory"}}),
    ("/records/notify", {"data": {"external_id": "ana", "message": "hi"}}),
    ("/records/import", {"files": {"file": ("u.csv", b"external_id\nfrom-evil\n", "text/csv")}}),
    ("/site/onesignal-ids", {"json": {"yourAppUserId": "ana"}}),
]


def _outbox_and_users(client: TestClient) -> tuple[int, int]:
    state = client.get("/_harness/state.json").json()
    return len(state["outbox"]), len(state["users"])


@pytest.mark.parametrize(("path", "body"), DEMO_WRITES)
def test_the_demo_refuses_writes_from_a_foreign_origin(
    client: TestClient, path: str, body: dict[str, Any]
) -> None:
    before = _outbox_and_users(client)
    refused = client.post(path, headers=FOREIGN, follow_redirects=False, **body)
    assert refused.status_code == 403
    assert "set-cookie" not in refused.headers
    assert _outbox_and_users(client) == before


@pytest.mark.parametrize(("path", "body"), DEMO_WRITES)
def test_in_token_mode_the_network_needs_the_token_for_demo_writes(
    backend: OneSignalBackend, path: str, body: dict[str, Any]
) -> None:
    app = backend.ensure_default_app()
    web = create_app(backend, app.app_id, token="s3cret")
    with TestClient(web, client=("10.1.2.3", 40000)) as phone:
        assert phone.post(path, follow_redirects=False, **body).status_code == 403
        assert phone.get("/login").status_code == 200  # pages are for reading
        with_token = phone.post(
            path, headers={"X-Harness-Token": "s3cret"}, follow_redirects=False, **body
        )
        assert with_token.status_code != 403


def test_a_page_opened_with_the_token_keeps_it_as_a_cookie(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    web = create_app(backend, app.app_id, token="s3cret", hosts=allowed_hosts("192.168.1.5"))
    with TestClient(web, base_url="http://192.168.1.5:8000", client=("10.1.2.3", 40000)) as phone:
        navigate = {"Sec-Fetch-Dest": "document"}
        for page in ("/inspector", "/_harness/calibrate"):
            opened = phone.get(f"{page}?token=s3cret&x=1", headers=navigate, follow_redirects=False)
            assert opened.status_code == 307 and opened.headers["location"] == f"{page}?x=1"
        api = phone.get("/_harness/state.json?token=s3cret", follow_redirects=False)
        assert api.status_code == 200  # an API call with the token is answered, not redirected
        assert "samesite=strict" in opened.headers["set-cookie"].lower()
        assert phone.get("/_harness/state.json").status_code == 200  # the inspector's reads
        same = {"Origin": "http://192.168.1.5:8000"}
        assert phone.post("/login", data={"username": "ana"}, headers=same).status_code == 200
        # The cookie proves the client, never the page: a foreign page's request carries it too.
        assert phone.post("/_harness/reset", json={}, headers=FOREIGN).status_code == 403
        wrong = phone.get("/login?token=wrong", headers=navigate, follow_redirects=False)
        assert wrong.status_code == 200


def test_the_demo_import_has_the_import_size_limit(client: TestClient) -> None:
    big = b"external_id\n" + b"u\n" * (64 * 1024 * 1024 // 2)
    refused = client.post("/records/import", files={"file": ("u.csv", big, "text/csv")})
    assert refused.status_code == 413 and "larger than" in refused.text
    assert _outbox_and_users(client) == (0, 0)


def test_a_token_in_a_page_url_stays_out_of_the_event_log(backend: OneSignalBackend) -> None:
    app = backend.ensure_default_app()
    with TestClient(create_app(backend, app.app_id, token="s3cret"), client=LOOPBACK_CLIENT) as c:
        device = c.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
        url = "http://127.0.0.1:8000/records?token=s3cret&tab=2"
        assert c.post(f"/_harness/devices/{device}/page-load", json={"url": url}).status_code == 200
        logged = c.get("/_harness/events", params={"kind": "page_load"}).json()["events"]
        assert [e["url"] for e in logged] == ["http://127.0.0.1:8000/records?tab=2"]


def test_pages_of_another_origin_install_devices_at_a_bounded_rate(client: TestClient) -> None:
    page_load = {"Sec-Fetch-Dest": "script", "Sec-Fetch-Site": "cross-site"}
    answers = [client.get("/_harness/bridge.js", headers=page_load).status_code for _ in range(40)]
    assert answers.count(200) < 30 and answers[-1] == 429
    refused = client.get("/_harness/bridge.js", headers=page_load)
    assert refused.json()["errors"][0]["code"] == "too-many-installs"
    devices = client.get("/_harness/devices").json()["devices"]
    assert len(devices) == answers.count(200)
    own = {"Sec-Fetch-Dest": "script", "Sec-Fetch-Site": "same-origin"}
    assert client.get("/_harness/bridge.js", headers=own).status_code == 200  # never limited


def test_the_device_cookie_is_for_the_harness_own_pages(client: TestClient) -> None:
    mine = client.get(
        "/_harness/bridge.js", headers={"Sec-Fetch-Dest": "script", "Sec-Fetch-Site": "same-origin"}
    )
    cookie_device = stub_config(mine.text)["device"]
    client.cookies.set("median_harness_device", str(cookie_device))
    other_port = client.get(
        "/_harness/bridge.js", headers={"Sec-Fetch-Dest": "script", "Sec-Fetch-Site": "same-site"}
    )
    assert stub_config(other_port.text)["device"] not in (None, cookie_device)


def test_a_link_report_is_checked_and_bad_ones_change_nothing(client: TestClient) -> None:
    device = client.post("/_harness/devices", json={"platform": "ios"}).json()["id"]
    route = f"/_harness/devices/{device}/links?key={device_key(client, device)}"
    good = {"url": "https://legal.shop.test/terms", "mode": "external"}
    for bad in (
        "not json",
        '{"url": "https://x.test/", "mode": "internal"}',  # internal links navigate
        '{"url": 5, "mode": "external"}',
        '{"mode": "external"}',
        '{"url": "' + "x" * 9000 + '", "mode": "external"}',
        '{"url": "https://x.test/", "mode": "external", "extra": 1}',
    ):
        refused = client.post(route, content=bad, headers=FOREIGN)
        assert refused.status_code == 400, bad
    assert "opened_outside" not in client.get(f"/_harness/devices/{device}/ui").json()
    assert client.post(route, json=good, headers=FOREIGN).status_code == 204
    assert client.get(f"/_harness/devices/{device}/ui").json()["opened_outside"] == [
        {**good, "label": None}
    ]
