"""The simulated app's answers to bridge messages (v5 and legacy), without HTTP or a browser."""

from __future__ import annotations

from typing import Any

import pytest

from bridge_stub.bridge.faults import FaultMode
from bridge_stub.bridge.messages import BadMessage
from bridge_stub.domain import DeviceSpec, NotFound, Platform, PushPermission, SdkGeneration
from bridge_stub.runtime import Runtime
from tests.helpers import DEVICE_KEYS, LEGACY_KEYS, PLATFORM_KEYS, V5_KEYS, AppSteps


@pytest.fixture
def live(steps: AppSteps) -> Runtime:
    return Runtime(steps.backend, steps.app.app_id)


def send(live: Runtime, device_id: str, command: str, **data: Any) -> dict[str, Any]:
    message = {"medianCommand": f"median://{command}", "data": {"callback": "cb", **data}}
    return live.bridge.handle(device_id, message, "page-1").as_dict()


def result(live: Runtime, device_id: str, command: str, **data: Any) -> Any:
    outcome = send(live, device_id, command, **data)
    assert outcome["answered"], outcome
    return outcome["result"]


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_device_info_shape_per_platform(steps: AppSteps, live: Runtime, platform: str) -> None:
    device = steps.install(Platform(platform))
    info = result(live, device.id, "run/median_device_info")
    assert set(info) == DEVICE_KEYS | PLATFORM_KEYS[platform]
    assert info["platform"] == platform and info["appVersion"] == "2.0.0"
    if platform == "ios":
        assert info["appBuild"] == "20000" and info["apnsToken"] == device.push_token
    else:
        assert info["appVersionCode"] == 20000


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_v5_info_shape(steps: AppSteps, live: Runtime, platform: str) -> None:
    device = steps.install(Platform(platform))
    info = result(live, device.id, "onesignal/info")
    assert set(info) == DEVICE_KEYS | PLATFORM_KEYS[platform] | V5_KEYS
    assert info["legacy"] is False and info["externalId"] is None
    assert info["subscription"] == {
        "id": device.subscription_id,
        "optedIn": True,
        "token": device.push_token,
    }
    assert (info["requiresUserPrivacyConsent"], info["userConsentGiven"]) == (False, False)
    result(live, device.id, "onesignal/login", externalId="alice")
    assert result(live, device.id, "onesignal/info")["externalId"] == "alice"


def test_v5_info_before_consent_has_no_ids(steps: AppSteps, live: Runtime) -> None:
    device = steps.install(consent=True)
    info = result(live, device.id, "onesignal/info")
    assert info["oneSignalId"] is None
    assert info["subscription"] == {"id": None, "optedIn": False, "token": None}
    assert info["requiresUserPrivacyConsent"] is True
    assert send(live, device.id, "onesignal/userPrivacyConsent/grant")["answered"] is False
    info = result(live, device.id, "onesignal/info")
    assert info["oneSignalId"] and info["userConsentGiven"] is True
    assert info["requiresUserPrivacyConsent"] is False


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_legacy_info_shape(steps: AppSteps, live: Runtime, platform: str) -> None:
    device = steps.install(Platform(platform), "1.0.0")
    info = result(live, device.id, "onesignal/info")
    android_only = {"oneSignalregistrationId"} if platform == "android" else set()
    assert set(info) == DEVICE_KEYS | PLATFORM_KEYS[platform] | LEGACY_KEYS | android_only
    assert info["legacy"] is True and info["oneSignalUserId"] == device.subscription_id
    assert info["oneSignalSubscribed"] is True
    if platform == "android":
        assert info["oneSignalregistrationId"] == info["oneSignalPushToken"]


def test_legacy_info_leaves_out_what_has_no_value(steps: AppSteps, live: Runtime) -> None:
    ios = steps.install(Platform.IOS, "1.0.0", permission=PushPermission.NOT_DETERMINED)
    info = result(live, ios.id, "onesignal/info")
    assert "oneSignalUserId" not in info and "oneSignalPushToken" not in info
    assert "apnsToken" not in info
    assert info["oneSignalSubscribed"] is False
    assert None not in info.values()
    android = steps.install(Platform.ANDROID, "1.0.0", permission=PushPermission.DENIED)
    info = result(live, android.id, "onesignal/info")
    assert info["oneSignalUserId"] == android.subscription_id
    assert "oneSignalPushToken" not in info and "oneSignalregistrationId" not in info


def test_v5_commands(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    assert result(live, device.id, "onesignal/login", externalId="alice") == {"success": True}
    assert result(live, device.id, "onesignal/tags/set", tags={"a": "1", "b": "2"}) == {
        "success": True
    }
    assert result(live, device.id, "onesignal/tags/get") == {
        "success": True,
        "tags": {"a": "1", "b": "2"},
    }
    assert result(live, device.id, "onesignal/tags/delete", tags=["a"]) == {"success": True}
    assert result(live, device.id, "onesignal/tags/get")["tags"] == {"b": "2"}
    assert result(live, device.id, "onesignal/tags/delete") == {"success": True}
    assert result(live, device.id, "onesignal/tags/get")["tags"] == {}
    assert result(live, device.id, "onesignal/register") == {"isSubscribed": True}
    assert result(live, device.id, "onesignal/logout") == {"success": True}
    with steps.session() as s:
        assert s.users.find_by_alias("external_id", "alice") is not None


def test_failures_carry_error_and_success_false(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    for external_id in ("null", "", {"an": "object"}, None):
        failed = result(live, device.id, "onesignal/login", externalId=external_id)
        assert failed["success"] is False and isinstance(failed["error"], str)
    assert result(live, device.id, "onesignal/tags/set", tags=5)["success"] is False
    assert result(live, device.id, "onesignal/tags/delete", tags="a")["success"] is False


def test_tags_sent_as_url_query_json(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    url = 'median://onesignal/tags/set?tags={"k":"v"}&callback=cb'
    assert live.bridge.handle(device.id, url).result == {"success": True}
    assert result(live, device.id, "onesignal/tags/get")["tags"] == {"k": "v"}


def test_register_answers_with_the_prompt_outcome(steps: AppSteps, live: Runtime) -> None:
    undecided = steps.install(permission=PushPermission.NOT_DETERMINED)
    assert result(live, undecided.id, "onesignal/register") == {"isSubscribed": True}
    with steps.session() as s:
        refuser = s.devices.install(
            DeviceSpec(
                Platform.ANDROID,
                "2.0.0",
                push_permission=PushPermission.NOT_DETERMINED,
                prompt_response=PushPermission.DENIED,
            )
        )
    assert result(live, refuser.id, "onesignal/register") == {"isSubscribed": False}


def test_legacy_commands(steps: AppSteps, live: Runtime) -> None:
    device = steps.install(Platform.ANDROID, "1.0.0")
    assert result(live, device.id, "onesignal/externalUserId/set", externalId="alice") == {
        "success": True,
        "push": {"success": True},
    }
    failed = result(live, device.id, "onesignal/externalUserId/set", externalId="undefined")
    assert failed["success"] is False and "error" in failed
    assert result(live, device.id, "onesignal/externalUserId/remove") == {
        "success": True,
        "push": {"success": True},
    }
    assert result(live, device.id, "onesignal/tags/set", tags={"p": "1"}) == {"success": True}
    assert result(live, device.id, "onesignal/tags/get") == {"success": True, "tags": {"p": "1"}}


@pytest.mark.parametrize(
    ("app_version", "command"),
    [
        ("1.0.0", "onesignal/login"),
        ("1.0.0", "onesignal/logout"),
        ("1.0.0", "onesignal/badge/set"),
        ("2.0.0", "onesignal/externalUserId/set"),
        ("2.0.0", "onesignal/externalUserId/remove"),
        ("2.0.0", "onesignal/noSuchCommand"),
        ("2.0.0", "nosuchplugin/anything"),
    ],
)
def test_unsupported_commands_never_answer_and_are_recorded(
    steps: AppSteps, live: Runtime, app_version: str, command: str
) -> None:
    device = steps.install(app_version=app_version)
    outcome = send(live, device.id, command, externalId="alice")
    assert outcome["answered"] is False and outcome["callback"] is None
    assert f"median://{command}" in outcome["unsupported"]
    (event,) = live.events.query(steps.app.app_id, kind="unsupported_command")
    assert event["command"] == command and event["device"] == device.id
    assert event["app_version"] == app_version
    assert event["sdk"] == ("legacy" if app_version == "1.0.0" else "v5")
    assert app_version in event["message"] and "never" in event["message"]


@pytest.mark.parametrize(
    "command",
    [
        "onesignal/userPrivacyConsent/revoke",
        "onesignal/enableForegroundNotifications",
        "onesignal/promptLocation",
        "onesignal/showTagsUI",
        "onesignal/iam/addTrigger",
        "onesignal/iam/pauseInAppMessages",
        "onesignal/badge/set",
    ],
)
def test_commands_without_a_reply_are_recorded(
    steps: AppSteps, live: Runtime, command: str
) -> None:
    device = steps.install()
    assert send(live, device.id, command, count=3)["answered"] is False
    (event,) = live.events.query(steps.app.app_id, kind="bridge_command")
    assert event["command"] == command and event["answered"] is False
    assert live.events.query(steps.app.app_id, kind="unsupported_command") == []


def test_run_commands_reply_to_their_own_global(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    for name in ("median_device_info", "gonative_device_info"):
        outcome = live.bridge.handle(device.id, f"median://run/{name}")
        assert outcome.callback == name and outcome.result and outcome.result["platform"] == "ios"
    outcome = live.bridge.handle(device.id, "gonative://run/gonative_onesignal_info")
    assert outcome.callback == "gonative_onesignal_info"
    assert outcome.result and outcome.result["legacy"] is False
    outcome = live.bridge.handle(device.id, "median://onesignal/info")
    assert outcome.callback == "median_onesignal_info"


def test_faults_error_delay_drop_and_counts(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    app_id = steps.app.app_id
    live.faults.add_fault(
        app_id=app_id,
        command="onesignal/login",
        mode=FaultMode.ERROR,
        message="Network down",
        count=1,
    )
    assert send(live, device.id, "onesignal/login", externalId="a")["result"] == {
        "success": False,
        "error": "Network down",
    }
    assert result(live, device.id, "onesignal/login", externalId="a") == {"success": True}
    live.faults.add_fault(
        app_id=app_id, command="median://onesignal/info", mode=FaultMode.DELAY, ms=250
    )
    delayed = send(live, device.id, "onesignal/info")
    assert delayed["answered"] and delayed["delay_ms"] == 250
    live.faults.add_fault(
        app_id=app_id, command="onesignal/logout", mode=FaultMode.DROP, device=device.id
    )
    assert send(live, device.id, "onesignal/logout") == {
        "answered": False,
        "callback": None,
        "result": None,
    }
    with steps.session() as s:  # a dropped message never reached the SDK
        user = s.v5.current_user(s.devices.get(device.id))
        assert user is not None and user.external_id == "a"
    faults = [e["fault"] for e in live.events.query(app_id, kind="bridge_command")]
    assert faults == ["error", None, "delay", "drop"]


@pytest.mark.parametrize(
    "raw",
    [
        "not json {",
        "https://example.com/x",
        '{"medianCommand": 5}',
        '{"medianCommand": "median://onesignal/login", "data": "x"}',
        "median://onesignal/login?x=" + "y" * 300_000,
    ],
)
def test_bad_messages_are_logged_and_change_nothing(
    steps: AppSteps, live: Runtime, raw: str
) -> None:
    device = steps.install()
    with steps.session() as s:
        snapshot = (list(s.records.users()), list(s.records.subscriptions()))
    with pytest.raises(BadMessage):
        live.bridge.handle(device.id, raw)
    (event,) = live.events.query(steps.app.app_id, kind="bad_message")
    assert event["error"] and len(event["message"]) < 300
    with steps.session() as s:
        assert (list(s.records.users()), list(s.records.subscriptions())) == snapshot


def test_page_load_calls_in_order_and_first_launch_once(steps: AppSteps, live: Runtime) -> None:
    device = steps.install(Platform.ANDROID, "1.0.0")
    calls = live.bridge.page_load(device.id, "p", "http://site.test/")
    assert [c["function"] for c in calls] == [
        "median_device_info",
        "gonative_device_info",
        "median_onesignal_info",
        "gonative_onesignal_info",
        "median_library_ready",
        "gonative_library_ready",
    ]
    assert calls[0]["args"][0]["isFirstLaunch"] is True
    assert calls[2]["args"][0]["legacy"] is True
    assert calls[4]["args"] == []
    again = live.bridge.page_load(device.id, "p", "http://site.test/next")
    assert again[0]["args"][0]["isFirstLaunch"] is False


def test_event_subscriptions_decide_push_opened_calls(steps: AppSteps, live: Runtime) -> None:
    device = steps.install()
    subscribe = {
        "medianCommand": "median://events/subscribe",
        "data": {"eventName": "_median_onesignal_push_opened"},
    }
    assert live.bridge.handle(device.id, subscribe, "page-1").answered is False
    assert live.pages.listeners(device.id, "page-1") == {"_median_onesignal_push_opened"}
    assert live.pages.push_opened(device.id, {"k": "v"}) == 0  # no live page: kept for later
    unsubscribe = {**subscribe, "medianCommand": "median://events/unsubscribe"}
    live.bridge.handle(device.id, unsubscribe, "page-1")
    assert live.pages.listeners(device.id, "page-1") == set()
    bad = {"medianCommand": "median://events/subscribe", "data": {"eventName": 3}}
    assert live.bridge.handle(device.id, bad, "page-1").answered is False


def test_unknown_device_is_not_found(live: Runtime) -> None:
    with pytest.raises(NotFound):
        live.bridge.handle("no-such-device", "median://onesignal/info")


def test_sdk_generation_decides_the_info_even_when_forced(steps: AppSteps, live: Runtime) -> None:
    forced = steps.install(app_version="9.0.0", sdk=SdkGeneration.LEGACY)
    assert result(live, forced.id, "onesignal/info")["legacy"] is True
