"""`appConfig.json` through the control API and the command: what it builds, what it refuses
(with the key's path, changing nothing), and the config the harness gives back."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.api.test_cli import serve

CONFIG_FILE = Path(__file__).parents[1] / "e2e" / "configs" / "shop-appConfig.json"
APP_ID = "3f2c9a8e-5b1d-4e7a-9c6f-2d8b7e1a4c05"


def shop_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads(CONFIG_FILE.read_text())
    return config


def make_app(client: TestClient, config: dict[str, Any]) -> Any:
    return client.post("/_harness/apps", json={"app_config": config})


def test_a_config_makes_the_app_under_its_onesignal_app_id(client: TestClient) -> None:
    made = make_app(client, shop_config())
    assert made.status_code == 201, made.text
    app = made.json()
    assert app["app_id"] == APP_ID and app["name"] == "Corner Shop"
    assert app["plugins"] == ["onesignal", "haptics"]
    assert app["user_agent"]["user_agent_add"] == "cornershop"
    assert app["app_config"]["styling"] == {"iosTintColor": "#0E0D08"}  # unknown keys kept
    key = app["api_key"]
    rest = client.post(
        "/notifications",
        headers={"Authorization": f"Key {key}"},
        json={"app_id": APP_ID, "contents": {"en": "Hi"}, "included_segments": ["All"]},
    )
    assert rest.status_code == 200, rest.text
    again = make_app(client, shop_config())
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "app-exists"


def test_a_legacy_config_gives_legacy_devices(client: TestClient) -> None:
    config = shop_config()
    services = config["services"]
    services["oneSignal"] = services.pop("oneSignalV5")
    app_id = make_app(client, config).json()["app_id"]
    device = client.post("/_harness/devices", json={"app_id": app_id, "app_version": "9.0.0"})
    assert device.json()["sdk"] == "legacy"


def test_a_consent_config_withholds_the_subscription(client: TestClient) -> None:
    config = shop_config()
    config["services"]["oneSignalV5"]["requiresUserPrivacyConsent"] = True
    config["services"]["oneSignalV5"]["autoRegister"] = False
    app_id = make_app(client, config).json()["app_id"]
    device = client.post("/_harness/devices", json={"app_id": app_id}).json()
    assert device["requires_privacy_consent"] is True
    assert device["subscription_id"] is None
    assert device["push_permission"] == "not_determined"  # no prompt until the page asks
    granted = client.post(
        f"/_harness/devices/{device['id']}/commands",
        content="median://onesignal/userPrivacyConsent/grant",
    )
    assert granted.status_code == 200, granted.text
    after = client.get(f"/_harness/devices/{device['id']}").json()
    assert after["subscription_id"] is not None  # consent given: the SDK subscribes


def test_without_onesignal_the_build_has_no_onesignal_plugin(client: TestClient) -> None:
    config = shop_config()
    config["services"]["oneSignalV5"] = {"active": False}
    app = make_app(client, config).json()
    assert app["plugins"] == ["haptics"]


def at(config: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of the config with the value at a dotted path replaced."""
    changed = copy.deepcopy(config)
    *parents, last = path.split(".")
    place: Any = changed
    for part in parents:
        place = place[int(part)] if isinstance(place, list) else place[part]
    place[int(last) if isinstance(place, list) else last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "services.oneSignalV5.applicationId",
            5,
            "services.oneSignalV5.applicationId: expected a string",
        ),
        (
            "services.oneSignalV5.applicationId",
            "not-a-uuid",
            "services.oneSignalV5.applicationId: expected a OneSignal app id (a UUID)",
        ),
        ("services.haptics.active", "yes", "services.haptics.active: expected true or false"),
        (
            "navigation.regexInternalExternal.rules",
            [{"regex": ".*", "mode": "web"}],
            "navigation.regexInternalExternal.rules[0].mode: expected one of",
        ),
        ("general.userAgentAdd", "a\nb", "general.userAgentAdd: expected one line"),
        ("navigation.sidebarNavigation", [], "navigation.sidebarNavigation: expected an object"),
    ],
)
def test_a_bad_key_is_refused_with_its_path_and_nothing_changes(
    client: TestClient, path: str, value: Any, message: str
) -> None:
    before = client.get("/_harness/apps").json()
    refused = make_app(client, at(shop_config(), path, value))
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["title"].startswith(message)
    default_id = before["apps"][0]["app_id"]
    patched = client.patch(
        f"/_harness/apps/{default_id}", json={"app_config": at(shop_config(), path, value)}
    )
    assert patched.status_code == 400
    assert client.get("/_harness/apps").json() == before


def test_a_patch_with_a_config_rebuilds_the_app_and_its_id_stays(client: TestClient) -> None:
    app_id = make_app(client, shop_config()).json()["app_id"]
    config = at(shop_config(), "services.haptics.active", False)
    patched = client.patch(f"/_harness/apps/{app_id}", json={"app_config": config})
    assert patched.json()["plugins"] == ["onesignal"]
    other = at(config, "services.oneSignalV5.applicationId", "11111111-2222-4333-8444-555555555555")
    moved = client.patch(f"/_harness/apps/{app_id}", json={"app_config": other})
    assert moved.status_code == 400 and moved.json()["errors"][0]["code"] == "app-id-mismatch"


def test_the_exported_config_carries_what_the_harness_changed(client: TestClient) -> None:
    app_id = make_app(client, shop_config()).json()["app_id"]
    client.patch(
        f"/_harness/apps/{app_id}",
        json={"plugins": ["onesignal", "iap"], "user_agent": {"user_agent_add": "shop2"}},
    )
    exported = client.get(f"/_harness/apps/{app_id}/app-config").json()
    assert exported["services"]["iap"]["active"] is True
    assert exported["services"]["haptics"]["active"] is False
    assert exported["services"]["oneSignalV5"]["applicationId"] == app_id
    assert exported["general"]["userAgentAdd"] == "shop2"
    assert exported["navigation"] == shop_config()["navigation"]
    remade = client.post("/_harness/apps", json={"app_config": exported, "api_key": "k" * 12})
    assert remade.status_code == 409  # the same app, taken back: its id is its own


def test_serve_builds_its_default_app_from_the_config() -> None:
    with serve("--memory", "--app-config", str(CONFIG_FILE)) as (url, details):
        assert details["app id"] == APP_ID
        app = httpx.get(f"{url}/_harness/apps/{APP_ID}").json()
        assert app["plugins"] == ["onesignal", "haptics"] and app["name"] == "Corner Shop"


def test_a_bad_config_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "appConfig.json"
    broken.write_text('{"services": {"oneSignalV5": {"active": "yes"}}}')
    not_json = tmp_path / "not.json"
    not_json.write_text("{nope")
    for path, expected in [
        (broken, "services.oneSignalV5.active: expected true or false"),
        (not_json, "is not JSON"),
    ]:
        for command in (["serve", "--memory"], ["open", "--headless"]):
            done = subprocess.run(
                [sys.executable, "-m", "bridge_stub.cli", *command, "--app-config", str(path)],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 2
            assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr
