"""The rest of the user-management surface: subscriptions by token, listing notifications,
scheduled notifications with the harness clock and cancelling them; who a notification
reaches by any alias on each channel, and OneSignal's words for the unsubscribed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from onesignal.api.default_api import DefaultApi
from onesignal.model.language_string_map import LanguageStringMap
from onesignal.model.notification import Notification
from onesignal.model.subscription import Subscription
from onesignal.model.subscription_body import SubscriptionBody

from bridge_stub.testkit import AppUnderTest, DeviceFactory


def create_user(app: AppUnderTest, external_id: str, **extra: Any) -> dict[str, Any]:
    body = {"identity": {"external_id": external_id}, **extra}
    response = app.rest.post(f"/apps/{app.app_id}/users", json=body)
    assert response.status_code in (200, 201), response.text
    user: dict[str, Any] = response.json()
    return user


def test_update_a_subscription_found_by_its_token(
    api: DefaultApi, onesignal_app: AppUnderTest
) -> None:
    create_user(onesignal_app, "ana", subscriptions=[{"type": "Email", "token": "ana@shop.test"}])
    body = SubscriptionBody(subscription=Subscription(enabled=False, notification_types=-2))
    api.update_subscription_by_token(onesignal_app.app_id, "Email", "ana@shop.test", body)
    (email,) = onesignal_app.user("ana")["subscriptions"]  # type: ignore[index]
    assert (email["enabled"], email["notification_types"]) == (False, -2)
    rest = onesignal_app.rest
    path = f"/apps/{onesignal_app.app_id}/subscriptions_by_token"
    missing = rest.patch(f"{path}/Email/nobody@shop.test", json={"subscription": {}})
    assert missing.status_code == 404 and missing.json()["errors"][0]["title"]
    bad_type = rest.patch(f"{path}/Pigeon/ana@shop.test", json={"subscription": {}})
    assert bad_type.status_code == 400
    bad_token = rest.patch(
        f"{path}/Email/ana@shop.test", json={"subscription": {"token": "not an address"}}
    )
    assert bad_token.status_code == 400
    assert onesignal_app.user("ana")["subscriptions"][0]["token"] == "ana@shop.test"  # type: ignore[index]


def send(app: AppUnderTest, **fields: Any) -> dict[str, Any]:
    body = {"include_aliases": {"external_id": ["ana"]}, "target_channel": "push", **fields}
    return app.send_notification(**body)


def test_list_notifications_newest_first_with_paging(
    api: DefaultApi, onesignal_app: AppUnderTest, median_device: DeviceFactory
) -> None:
    phone = median_device()
    phone.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "ana"}})
    ids = [send(onesignal_app, contents={"en": f"n{n}"})["id"] for n in range(3)]
    listed = api.get_notifications(onesignal_app.app_id, limit=2, offset=0, kind=1)
    assert listed.total_count == 3 and listed.limit == 2 and listed.offset == 0
    assert [n.id for n in listed.notifications] == [ids[2], ids[1]]
    first = listed.notifications[0]
    assert (first.successful, first.failed, first.remaining) == (1, 0, 0)
    assert first.completed_at is not None and first.queued_at is not None
    rest = onesignal_app.rest
    page = rest.get("/notifications", params={"app_id": onesignal_app.app_id, "offset": 2})
    assert [n["id"] for n in page.json()["notifications"]] == [ids[0]]
    dashboard = rest.get("/notifications", params={"app_id": onesignal_app.app_id, "kind": 0})
    assert dashboard.json()["total_count"] == 0
    for params in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"limit": "many"}):
        bad = rest.get("/notifications", params={"app_id": onesignal_app.app_id, **params})
        assert bad.status_code == 400 and isinstance(bad.json()["errors"][0], str)


def test_scheduled_notifications_wait_for_the_clock_and_can_be_cancelled(
    api: DefaultApi, onesignal_app: AppUnderTest, median_device: DeviceFactory
) -> None:
    phone = median_device()
    phone.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "ana"}})
    now = onesignal_app.client.http.get("/clock").json()["now"]
    later = send(onesignal_app, contents={"en": "later"}, send_after=str(now + 3600))
    never = send(onesignal_app, contents={"en": "never"}, send_after=str(now + 3600))
    assert phone.notifications() == []
    assert api.cancel_notification(onesignal_app.app_id, never["id"]).success is True
    view = onesignal_app.rest.get(
        f"/notifications/{later['id']}", params={"app_id": onesignal_app.app_id}
    ).json()
    assert view["remaining"] == 1 and view["completed_at"] is None
    onesignal_app.client.http.post("/clock", json={"advance_seconds": 3601})
    assert [n["contents"]["en"] for n in phone.notifications()] == ["later"]
    again = onesignal_app.rest.delete(
        f"/notifications/{later['id']}", params={"app_id": onesignal_app.app_id}
    )
    assert again.status_code == 409 and again.json() == {
        "errors": ["Notification has already been sent to all recipients"]
    }
    gone = onesignal_app.rest.delete("/notifications/nope", params={"app_id": onesignal_app.app_id})
    assert gone.status_code == 404
    backwards = onesignal_app.client.http.post("/clock", json={"advance_seconds": -5})
    assert backwards.status_code == 400


def test_due_notifications_are_delivered_without_a_request(
    onesignal_app: AppUnderTest, median_device: DeviceFactory
) -> None:
    import time

    phone = median_device()
    phone.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "ana"}})
    now = onesignal_app.client.http.get("/clock").json()["now"]
    send(onesignal_app, contents={"en": "soon"}, send_after=str(now + 0.5))
    deadline = time.monotonic() + 5
    while not phone.notifications() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [n["contents"]["en"] for n in phone.notifications()] == ["soon"]


def test_any_alias_label_and_each_channel(onesignal_app: AppUnderTest) -> None:
    create_user(
        onesignal_app,
        "bo",
        identity={"external_id": "bo", "crm_id": "c-7"},
        subscriptions=[
            {"type": "Email", "token": "bo@shop.test"},
            {"type": "SMS", "token": "+15551234567", "enabled": False},
        ],
    )
    by_crm = onesignal_app.send_notification(
        include_aliases={"crm_id": ["c-7"]}, target_channel="email", contents={"en": "mail"}
    )
    assert by_crm["id"] and "errors" not in by_crm
    sms = onesignal_app.send_notification(
        include_aliases={"crm_id": ["c-7"]}, target_channel="sms", contents={"en": "text"}
    )
    assert sms == {
        "id": "",
        "external_id": None,
        "errors": {"invalid_aliases": {"crm_id": ["c-7"]}},
    }
    push = onesignal_app.send_notification(
        include_aliases={"external_id": ["bo", "ghost"]},
        target_channel="email",
        contents={"en": "x"},
    )
    assert push["id"] and push["errors"] == {"invalid_aliases": {"external_id": ["ghost"]}}


def test_bad_send_after_is_refused(onesignal_app: AppUnderTest) -> None:
    response = onesignal_app.rest.post(
        "/notifications",
        json={
            "app_id": onesignal_app.app_id,
            "contents": {"en": "x"},
            "included_segments": ["All"],
            "send_after": "next tuesday-ish",
        },
    )
    assert response.status_code == 400 and "send_after" in response.json()["errors"][0]
    assert onesignal_app.state()["outbox"] == []


def test_the_official_client_sends_for_later(
    api: DefaultApi, onesignal_app: AppUnderTest, median_device: DeviceFactory
) -> None:
    phone = median_device()
    phone.command({"medianCommand": "median://onesignal/login", "data": {"externalId": "ana"}})
    notification = Notification(
        app_id=onesignal_app.app_id,
        contents=LanguageStringMap(en="tomorrow"),
        include_aliases={"external_id": ["ana"]},
        target_channel="push",
        send_after=datetime(2099, 1, 1, 9, tzinfo=UTC),
    )
    sent = api.create_notification(notification)
    assert sent.id and phone.notifications() == []
    listed = api.get_notifications(onesignal_app.app_id)
    assert listed.notifications[0].remaining == 1


def test_a_message_needs_english_content_unless_a_template_or_background_push(
    onesignal_app: AppUnderTest, median_device: DeviceFactory
) -> None:
    median_device()  # someone to send to
    body = {"app_id": onesignal_app.app_id, "included_segments": ["All"]}
    refused = onesignal_app.rest.post("/notifications", json={**body, "contents": {"es": "Hola"}})
    assert refused.status_code == 400
    assert refused.json()["errors"] == ["Message Notifications must have English language content"]
    assert onesignal_app.state()["outbox"] == []
    silent = onesignal_app.rest.post("/notifications", json={**body, "content_available": True})
    assert silent.status_code == 200 and silent.json()["id"]
