"""Random bridge messages never get a 500 nor a hang, and a refused one changes nothing."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from bridge_stub.domain import OneSignalBackend, invariant_violations
from bridge_stub.store import MemoryStore
from demo_site.app import create_app

COMMANDS = [
    "onesignal/info",
    "onesignal/login",
    "onesignal/logout",
    "onesignal/tags/set",
    "onesignal/tags/get",
    "onesignal/tags/delete",
    "onesignal/externalUserId/set",
    "onesignal/register",
    "onesignal/userPrivacyConsent/grant",
    "events/subscribe",
    "run/median_device_info",
    "nothing/here",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
DATA = st.dictionaries(
    st.sampled_from(["externalId", "tags", "callback", "eventName", "count", "enabled"])
    | st.text(max_size=8),
    JSON,
    max_size=4,
)
MESSAGES = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda scheme, command, query: f"{scheme}://{command}{query}",
        st.sampled_from(["median", "gonative", "MEDIAN", "http", ""]),
        st.sampled_from(COMMANDS),
        st.sampled_from(["", "?callback=cb", "?externalId=x&callback=cb", "?tags={bad", "?%ff"]),
    ),
    st.builds(
        lambda key, command, data: json.dumps({key: f"median://{command}", "data": data}),
        st.sampled_from(["medianCommand", "gonativeCommand", "command"]),
        st.sampled_from(COMMANDS),
        DATA | JSON,
    ),
    JSON.map(json.dumps),
)

backend = OneSignalBackend(MemoryStore())
app = backend.ensure_default_app()
client = TestClient(create_app(backend, app.app_id), client=("127.0.0.1", 50000))
device = client.post("/_harness/devices", json={}).json()


def snapshot() -> Any:
    return client.get("/_harness/state.json").json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=MESSAGES)
def test_random_messages(message: str) -> None:
    before = snapshot()
    response = client.post(f"/_harness/devices/{device['id']}/commands", content=message)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["errors"][0]["title"]
        assert snapshot() == before
    else:
        reply = response.json()
        assert set(reply) <= {"answered", "callback", "result", "delay_ms", "unsupported"}
    with backend.session(app.app_id) as session:
        assert invariant_violations(session.records) == []
