"""The demo site's own backend: sign-in, the reported IDs, records, test notifications."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend


def signed_in(client: TestClient, user: str = "ana") -> None:
    response = client.post("/login", data={"username": user}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login/success"


def report(client: TestClient, **fields: object) -> Any:
    """The demo backend's answer to a page reporting its OneSignal IDs."""
    body = {"yourAppUserId": "ana", "platform": "ios", "appVersion": "2.0.0", "sdk": "v5"}
    return client.post("/site/onesignal-ids", json={**body, **fields})


def test_pages_answer_with_html(client: TestClient) -> None:
    for path in ("/", "/onesignal", "/onesignal-legacy", "/login", "/records", "/inspector"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        assert '<script src="/_harness/bridge.js"></script>' in response.text
    assert client.get("/login/success", follow_redirects=False).status_code == 303


def test_pages_carry_a_content_security_policy(client: TestClient) -> None:
    policy = client.get("/onesignal").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_the_median_user_agent_gets_no_stub(client: TestClient) -> None:
    page = client.get("/", headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) gonative"})
    assert "bridge.js" not in page.text and "device-panel" not in page.text


def test_sign_in_needs_a_sensible_name(client: TestClient) -> None:
    for name in ("", "   ", "x" * 129):
        response = client.post("/login", data={"username": name}, follow_redirects=False)
        assert response.status_code == 200 and "1 to 128 characters" in response.text


def test_reported_ids_are_stored_and_signed_out(client: TestClient) -> None:
    signed_in(client)
    saved = report(
        client, oneSignalId="os-1", oneSignalExternalId="ana", oneSignalSubscriptionId="sub-1"
    )
    assert saved.status_code == 200
    again = report(
        client, oneSignalId="os-2", oneSignalExternalId="ana", oneSignalSubscriptionId="sub-1"
    )
    assert again.json()["onesignal_id"] == "os-2"
    page = client.get("/records").text
    assert page.count("<code>sub-1</code>") == 1 and "os-2" in page and "os-1" not in page
    out = report(client, signedIn=False, oneSignalSubscriptionId="sub-1")
    assert out.json() == {"signedIn": False}
    assert "<td>no</td>" in client.get("/records").text


@pytest.mark.parametrize(
    "fields",
    [
        {"sdk": "v4", "oneSignalSubscriptionId": "s"},
        {"yourAppUserId": "", "oneSignalSubscriptionId": "s"},
        {"appVersion": 2, "oneSignalSubscriptionId": "s"},
        {"unexpected": True, "oneSignalSubscriptionId": "s"},
        {},
    ],
)
def test_bad_reports_are_refused_and_store_nothing(
    client: TestClient, fields: dict[str, object]
) -> None:
    signed_in(client)
    response = report(client, **fields)
    assert response.status_code == 400 and response.json()["error"]
    assert "no-records" in client.get("/records").text


def test_reports_need_the_signed_in_user(client: TestClient) -> None:
    assert report(client, oneSignalSubscriptionId="s").status_code == 403
    signed_in(client, "bob")
    assert report(client, oneSignalSubscriptionId="s").status_code == 403


def test_test_notification_goes_through_the_rest_api(
    client: TestClient, backend: OneSignalBackend
) -> None:
    device = client.post("/_harness/devices", json={}).json()
    client.post(
        f"/_harness/devices/{device['id']}/commands",
        json={"medianCommand": "median://onesignal/login", "data": {"externalId": "ana"}},
    )
    sent = client.post(
        "/records/notify",
        data={"external_id": "ana", "message": "<b>hi</b>"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and "sent=" in sent.headers["location"]
    (shown,) = client.get(f"/_harness/devices/{device['id']}/notifications").json()["notifications"]
    assert shown["contents"] == {"en": "<b>hi</b>"} and shown["data"]["externalId"] == "ana"
    calls = client.get("/_harness/events", params={"kind": "rest_call"}).json()["events"]
    assert [(c["path"], c["status"]) for c in calls] == [("/notifications", 200)]
    nobody = client.post("/records/notify", data={"external_id": "nobody"}, follow_redirects=False)
    problem = client.get(nobody.headers["location"]).text
    assert "invalid_aliases" in problem and "<b>" not in problem
