"""The harness as a whole: ping, each app's state (users, players, devices, MAU), static files and
strict mode's message."""

from __future__ import annotations

from starlette.testclient import TestClient

from bridge_stub.domain import (
    DeviceSpec,
    ManualClock,
    NewSubscription,
    OneSignalBackend,
    Platform,
    PushPermission,
    SubscriptionType,
)


def test_ping(client: TestClient) -> None:
    response = client.get("/_harness/ping")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_state_of_the_default_app_shows_users_players_devices_and_mau(
    client: TestClient, backend: OneSignalBackend
) -> None:
    app = backend.default_app()
    assert app is not None
    with backend.session(app.app_id) as s:
        v5 = s.devices.install(
            DeviceSpec(Platform.IOS, "2.0.0", push_permission=PushPermission.GRANTED)
        )
        s.v5.login(v5.id, "alice")
        s.devices.set_tags(v5.id, {"plan": "pro"})
        legacy = s.devices.install(DeviceSpec(Platform.ANDROID, "1.0.0"))
        s.legacy.set_external_user_id(legacy.id, "alice")
    state = client.get("/_harness/state.json").json()
    assert state["app"]["app_id"] == app.app_id
    (user,) = state["users"]
    assert user["identity"]["external_id"] == "alice"
    assert set(user["identity"]) == {"onesignal_id", "external_id"}
    assert user["properties"]["tags"] == {"plan": "pro"}
    (subscription,) = user["subscriptions"]
    assert subscription["id"] == v5.subscription_id
    assert subscription["type"] == "iOSPush"
    (player,) = state["players"]
    assert player["external_user_id"] == "alice" and player["type"] == "AndroidPush"
    assert {d["id"] for d in state["devices"]} == {v5.id, legacy.id}
    assert state["mau"] == 2


def test_mau_counts_mobile_push_with_a_session_in_the_last_30_days(
    client: TestClient, backend: OneSignalBackend
) -> None:
    app = backend.default_app()
    assert app is not None
    clock = backend.clock
    assert isinstance(clock, ManualClock)
    with backend.session(app.app_id) as s:
        old = s.devices.install(DeviceSpec(Platform.ANDROID, "2.0.0"))  # not opted in: counts
        s.users.create_user(
            {"external_id": "e"},
            subscriptions=[NewSubscription(type=SubscriptionType.EMAIL, token="e@example.com")],
        )
    clock.advance(31 * 24 * 3600)
    with backend.session(app.app_id) as s:
        s.devices.install(DeviceSpec(Platform.IOS, "2.0.0"))
    assert client.get("/_harness/state.json").json()["mau"] == 1
    with backend.session(app.app_id) as s:
        s.devices.start_session(old.id)
    assert client.get("/_harness/state.json").json()["mau"] == 2


def test_state_of_another_or_unknown_app(client: TestClient, backend: OneSignalBackend) -> None:
    other = backend.create_app(name="other")
    state = client.get("/_harness/state.json", params={"app_id": other.app_id}).json()
    assert state["app"]["name"] == "other" and state["users"] == []
    missing = client.get("/_harness/state.json", params={"app_id": "nope"})
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "app-not-found"


def test_static_files_are_served(client: TestClient) -> None:
    response = client.get("/static/site.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


def test_strict_mode_has_one_message_in_each_package_words(client: TestClient) -> None:
    app_id = client.get("/_harness/state.json").json()["app"]["app_id"]
    assert client.get(f"/_harness/apps/{app_id}/strict").json() == {
        "message": None,
        "unsupported": 0,
    }
    device = client.post("/_harness/devices", json={"app_version": "1.0.0"}).json()["id"]
    client.post(f"/_harness/devices/{device}/commands", content="median://haptics/trigger")
    python = client.get(f"/_harness/apps/{app_id}/strict?package=pytest").json()["message"]
    npm = client.get(f"/_harness/apps/{app_id}/strict?package=npm").json()["message"]
    assert python.startswith("median-harness (strict mode): median://haptics/trigger needs the")
    assert "onesignal_app.set_plugins" in python and "@pytest.mark.median_lenient" in python
    assert "onesignalApp.setPlugins" in npm and "test.use({ medianStrict: false })" in npm
    refused = client.get(f"/_harness/apps/{app_id}/strict?package=ruby")
    assert refused.status_code == 400
