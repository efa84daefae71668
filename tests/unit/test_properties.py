"""Property tests: random sequences of installs, logins, logouts, reinstalls, upgrades,
create-user and transfers on several devices keep every invariant, on both stores, and a
refused step changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from bridge_stub.domain import (
    ManualClock,
    NewSubscription,
    OneSignalBackend,
    OneSignalError,
    Platform,
    PushPermission,
    SubscriptionType,
    invariant_violations,
)
from bridge_stub.domain.backend import AppSession
from bridge_stub.domain.devices import DeviceSpec
from bridge_stub.domain.repository import Store
from bridge_stub.store import MemoryStore, SqliteStore

EXTERNAL_IDS = st.sampled_from(["alice", "bob", "carol", "null", "0", "undefined", ""])
VERSIONS = st.sampled_from(["1.0.0", "1.9.9", "2.0.0", "2.10.0", "3"])
DEVICE = st.integers(min_value=0, max_value=5)

OPERATIONS = st.one_of(
    st.tuples(st.just("install"), st.sampled_from(list(Platform)), VERSIONS, st.booleans()),
    st.tuples(st.just("login"), DEVICE, EXTERNAL_IDS),
    st.tuples(st.just("logout"), DEVICE),
    st.tuples(st.just("reinstall"), DEVICE),
    st.tuples(st.just("upgrade"), DEVICE, VERSIONS),
    st.tuples(st.just("set_external_user_id"), DEVICE, EXTERNAL_IDS),
    st.tuples(st.just("grant_consent"), DEVICE),
    st.tuples(st.just("tags"), DEVICE, st.sampled_from(["a", "b"]), st.sampled_from(["1", ""])),
    st.tuples(
        st.just("create_user"),
        EXTERNAL_IDS,
        st.lists(st.integers(0, 60), max_size=20),
        st.lists(DEVICE, max_size=2),
    ),
    st.tuples(st.just("transfer"), DEVICE, EXTERNAL_IDS),
    st.tuples(st.just("new_emails"), EXTERNAL_IDS, st.integers(1, 20)),
)


def new_store(kind: str) -> Store:
    return MemoryStore() if kind == "memory" else SqliteStore(":memory:")


def snapshot(session: AppSession) -> tuple[Any, ...]:
    records = session.records
    return (
        sorted(records.users(), key=lambda u: u.onesignal_id),
        sorted(records.subscriptions(), key=lambda s: s.id),
        sorted(records.players(), key=lambda p: p.id),
        sorted(records.devices(), key=lambda d: d.id),
    )


def apply(session: AppSession, devices: list[str], operation: tuple[Any, ...]) -> None:
    name, *args = operation
    if name == "install":
        platform, version, consent = args
        spec = DeviceSpec(
            platform,
            version,
            push_permission=PushPermission.GRANTED,
            requires_privacy_consent=consent,
        )
        devices.append(session.devices.install(spec).id)
        return
    if name == "new_emails":
        external_id, count = args
        start = len(list(session.records.subscriptions()))
        subscriptions = [
            NewSubscription(type=SubscriptionType.EMAIL, token=f"new{start + n}@example.com")
            for n in range(count)
        ]
        session.users.create_user({"external_id": external_id}, subscriptions=subscriptions)
        return
    if name == "create_user":
        external_id, emails, device_indexes = args
        subscriptions = [
            NewSubscription(type=SubscriptionType.EMAIL, token=f"u{n}@example.com") for n in emails
        ]
        for index in device_indexes:
            if devices:
                subscription_id = session.devices.get(devices[index % len(devices)]).subscription_id
                if subscription_id and session.records.get_subscription(subscription_id):
                    subscriptions.append(
                        NewSubscription(type=SubscriptionType.IOS_PUSH, id=subscription_id)
                    )
        session.users.create_user({"external_id": external_id}, subscriptions=subscriptions)
        return
    if not devices:
        return
    device_id = devices[args[0] % len(devices)]
    rest = args[1:]
    if name == "transfer":
        subscription = session.v5.channel(session.devices.get(device_id))
        if subscription is not None:
            target = session.users.user_by_alias("external_id", rest[0])
            session.users.transfer_subscription(subscription, target)
    elif name == "tags":
        session.devices.set_tags(device_id, {rest[0]: rest[1]})
    elif name in ("login", "logout"):
        getattr(session.v5, name)(device_id, *rest)
    elif name == "set_external_user_id":
        session.legacy.set_external_user_id(device_id, *rest)
    else:
        getattr(session.devices, name)(device_id, *rest)


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(OPERATIONS, min_size=3, max_size=40))
def test_random_sequences_keep_the_invariants(
    store_kind: str, operations: list[tuple[Any, ...]]
) -> None:
    backend = OneSignalBackend(new_store(store_kind), ManualClock())
    app = backend.create_app(legacy_below="2.0.0")
    devices: list[str] = []
    for operation in operations:
        with backend.session(app.app_id) as session:
            before = snapshot(session)
        try:
            with backend.session(app.app_id) as session:
                apply(session, devices, operation)
        except OneSignalError:
            with backend.session(app.app_id) as session:
                assert snapshot(session) == before, f"refused {operation} changed state"
        with backend.session(app.app_id) as session:
            problems = invariant_violations(session.records)
        assert problems == [], f"after {operation}: {problems}"
        backend.clock.advance(1)
    with backend.session(app.app_id) as session:
        owned = [
            len(session.records.subscriptions_of(u.onesignal_id)) for u in session.records.users()
        ]
    target(float(max(owned, default=0)), label="most subscriptions on one user")
    backend.store.close()
