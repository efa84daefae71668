"""Schemathesis against /openapi.json: generated requests to every route (bounded examples)
never get a 5xx, every response matches the document, requests that break the document are
refused, and the API key is not ignored.

Schema-valid requests may still be refused: OneSignal's rules (restricted external IDs, one
targeting family, limits) say more than a JSON schema can, so that check is not run."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from bridge_stub.domain import OneSignalBackend
from bridge_stub.store import MemoryStore
from demo_site.app import create_app

APP_ID = "0c3f2a5e-6a53-4a53-9e0e-5f0c2f7b9d11"
API_KEY = "schemathesis-key"
TOKEN = "schemathesis-token"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]

backend = OneSignalBackend(MemoryStore())
backend.ensure_default_app(app_id=APP_ID, api_key=API_KEY)
app = create_app(backend, APP_ID, token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path_regex=r"/stream$")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_generated_requests(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    if "app_id" in (case.path_parameters or {}):
        case.path_parameters["app_id"] = APP_ID  # reach the app, not only the key check
    # Generated headers may name any Host; the Host check (DNS rebinding) has its own tests.
    headers = {"Authorization": f"Key {API_KEY}", "X-Harness-Token": TOKEN, "Host": "testserver"}
    case.call_and_validate(headers=headers, checks=CHECKS)
