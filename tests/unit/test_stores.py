"""Both stores: atomic transactions, app isolation, reset, persistence and concurrency."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bridge_stub.domain import (
    InvalidInput,
    NewSubscription,
    OneSignalBackend,
    Platform,
    PushPermission,
    SubscriptionType,
    invariant_violations,
)
from bridge_stub.domain.changes import SubscriptionChanges
from bridge_stub.domain.devices import DeviceSpec
from bridge_stub.domain.notifications import Message
from bridge_stub.store import SqliteStore, open_store
from bridge_stub.store.memory import MemoryStore
from tests.helpers import AppSteps


def state(steps: AppSteps) -> tuple[object, ...]:
    with steps.session() as s:
        return (
            sorted(s.records.users(), key=lambda u: u.onesignal_id),
            sorted(s.records.subscriptions(), key=lambda x: x.id),
            sorted(s.records.players(), key=lambda p: p.id),
            sorted(s.records.devices(), key=lambda d: d.id),
        )


def test_a_refused_operation_rolls_back_every_write_before_it(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        s.v5.login(device.id, "alice")
    before = state(steps)
    with pytest.raises(InvalidInput), steps.session() as s:
        s.devices.set_tags(device.id, {"written": "first"})
        s.v5.logout(device.id)
        s.users.create_user({"external_id": "bob"})
        raise InvalidInput("test", "refused after three writes")
    assert state(steps) == before


def test_apps_do_not_share_state(steps: AppSteps) -> None:
    other = steps.backend.create_app()
    steps.install()
    with steps.backend.session(other.app_id) as s:
        s.users.create_user({"external_id": "alice"})
        assert s.users.find_by_alias("external_id", "alice") is not None
    with steps.session() as s:
        assert s.users.find_by_alias("external_id", "alice") is None
        assert len(list(s.records.devices())) == 1


def test_reset_forgets_one_app_only(steps: AppSteps) -> None:
    other = steps.backend.create_app()
    steps.install()
    with steps.backend.session(other.app_id) as s:
        s.users.create_user({"external_id": "alice"})
    steps.backend.reset(steps.app.app_id)
    assert state(steps) == ([], [], [], [])
    with steps.backend.session(other.app_id) as s:
        assert s.users.find_by_alias("external_id", "alice") is not None
    steps.backend.reset()
    with steps.backend.session(other.app_id) as s:
        assert list(s.records.users()) == []
    assert steps.backend.get_app(other.app_id) == other


def test_delete_app_removes_it_and_its_records(backend: OneSignalBackend) -> None:
    app = backend.create_app()
    with backend.session(app.app_id) as s:
        s.users.create_user({"external_id": "alice"})
    backend.delete_app(app.app_id)
    assert app not in backend.apps()
    recreated = backend.create_app(app_id=app.app_id)
    with backend.session(recreated.app_id) as s:
        assert list(s.records.users()) == []


def test_default_app_is_remembered(backend: OneSignalBackend) -> None:
    first = backend.ensure_default_app(legacy_below="2.0.0")
    assert backend.ensure_default_app() == first
    renamed = backend.ensure_default_app(api_key="new-key")
    assert (renamed.app_id, renamed.api_key, renamed.legacy_below) == (
        first.app_id,
        "new-key",
        "2.0.0",
    )
    other = backend.create_app()
    switched = backend.ensure_default_app(app_id=other.app_id)
    assert switched.is_default and backend.default_app() == switched
    assert not backend.get_app(first.app_id).is_default


def test_sqlite_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    backend = OneSignalBackend(SqliteStore(path))
    app = backend.ensure_default_app()
    with backend.session(app.app_id) as s:
        device = s.devices.install(
            DeviceSpec(Platform.IOS, "2.0.0", push_permission=PushPermission.GRANTED)
        )
        s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"plan": "pro"})
        expected = (list(s.records.users()), list(s.records.subscriptions()))
    backend.store.close()

    reopened = OneSignalBackend(open_store(path))
    assert reopened.ensure_default_app() == app
    with reopened.session(app.app_id) as s:
        assert (list(s.records.users()), list(s.records.subscriptions())) == expected
        assert s.devices.tags(device.id) == {"plan": "pro"}
    reopened.store.close()


def test_the_outbox_keeps_creation_order_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"

    def send(backend: OneSignalBackend, app_id: str, label: str) -> None:
        with backend.session(app_id) as s:
            (device,) = s.records.devices()
            s.notifications.send_to_device(device.id, Message(contents={"en": label}))

    backend = OneSignalBackend(SqliteStore(path))
    app = backend.ensure_default_app()
    with backend.session(app.app_id) as s:
        s.devices.install(DeviceSpec(Platform.IOS, "2.0.0", push_permission=PushPermission.GRANTED))
    for n in range(3):
        send(backend, app.app_id, f"before-{n}")
    backend.store.close()

    reopened = OneSignalBackend(SqliteStore(path))
    send(reopened, app.app_id, "after-restart")
    with reopened.session(app.app_id) as s:
        outbox = [n.contents["en"] for n in s.records.notifications()]
    reopened.store.close()
    assert outbox == ["before-0", "before-1", "before-2", "after-restart"]


def test_open_store_without_a_path_is_in_memory() -> None:
    assert isinstance(open_store(None), MemoryStore)


def test_concurrent_logins_to_one_external_id_end_with_one_user(steps: AppSteps) -> None:
    devices = [steps.install(Platform.ANDROID) for _ in range(30)]
    barrier = threading.Barrier(len(devices))
    failures: list[BaseException] = []

    def log_in(device_id: str) -> None:
        barrier.wait()
        try:
            with steps.session() as s:
                s.v5.login(device_id, "shared")
        except BaseException as error:  # a failure in a thread must fail the test
            failures.append(error)

    threads = [threading.Thread(target=log_in, args=(d.id,)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with steps.session() as s:
        assert invariant_violations(s.records) == []
        shared = s.users.user_by_alias("external_id", "shared")
        assert len(s.records.subscriptions_of(shared.onesignal_id)) == 20
        owners = [s.v5.current_user(s.devices.get(d.id)) for d in devices]
        assert sum(1 for o in owners if o and o.onesignal_id == shared.onesignal_id) == 20
        assert all(o is not None and (o.external_id in ("shared", None)) for o in owners)


def rows_of_all_scopes(store: SqliteStore) -> int:
    with store._lock:  # a test looks at the file directly
        return sum(
            store._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("users", "aliases", "subscriptions", "devices")
        )


def test_sqlite_reset_is_immediate_and_old_rows_are_swept(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "sweep.db")
    store.SWEEP_CHUNK = 7  # several chunks
    backend = OneSignalBackend(store)
    app, other = backend.create_app(), backend.create_app()
    for owner in (app, other):
        with backend.session(owner.app_id) as s:
            for n in range(30):
                s.users.create_user({"external_id": f"u{n}"})
    before = rows_of_all_scopes(store)
    backend.reset(app.app_id)
    with backend.session(app.app_id) as s:
        assert list(s.records.users()) == []
        s.users.create_user({"external_id": "after-reset"})
    deadline = time.monotonic() + 10
    while rows_of_all_scopes(store) > before // 2 + 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rows_of_all_scopes(store) == before // 2 + 2  # other app's rows and the new user's
    with backend.session(other.app_id) as s:
        assert len(list(s.records.users())) == 30
    store.close()


def test_sqlite_rows_of_a_reset_app_are_swept_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    store = SqliteStore(path)
    backend = OneSignalBackend(store)
    app = backend.create_app()
    with backend.session(app.app_id) as s:
        device = s.devices.install(DeviceSpec(Platform.IOS, "2.0.0"))
    store._closed.set()  # stop the sweeper before it runs, as a crash would
    backend.reset(app.app_id)
    store._db.close()
    reopened = SqliteStore(path)
    assert reopened.locate_device(device.id) is None
    deadline = time.monotonic() + 10
    while rows_of_all_scopes(reopened) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rows_of_all_scopes(reopened) == 0
    reopened.close()


def test_indexes_follow_moves_token_changes_and_rollbacks(steps: AppSteps) -> None:
    """An owner's subscriptions stay in joining order as they come and go; lookups by alias
    and by token follow every write, and a rolled-back transaction leaves them as they were."""
    email = SubscriptionType.EMAIL
    with steps.session() as s:
        alice, _ = s.users.create_user(
            {"external_id": "alice"},
            subscriptions=[
                NewSubscription(type=email, token=f"a{n}@example.com") for n in range(3)
            ],
        )
        first, second, third = s.records.subscriptions_of(alice.onesignal_id)
        bob, _ = s.users.create_user({"external_id": "bob"})
        s.users.transfer_subscription(second, bob)
        s.users.transfer_subscription(s.users.get_subscription(second.id), alice)
        order = [sub.id for sub in s.records.subscriptions_of(alice.onesignal_id)]
        assert order == [first.id, third.id, second.id]
        assert s.records.count_subscriptions_of(alice.onesignal_id) == 3
        assert s.records.subscriptions_of(bob.onesignal_id) == []
        assert s.records.count_subscriptions_of(bob.onesignal_id) == 0
        s.users.update_subscription(first, SubscriptionChanges(token="new@example.com"))
        assert s.records.find_subscription_by_token(email, "a0@example.com") is None
        found = s.records.find_subscription_by_token(email, "new@example.com")
        assert found is not None and found.id == first.id
    before = state(steps)
    with pytest.raises(InvalidInput), steps.session() as s:
        s.users.transfer_subscription(third, bob)
        s.users.delete_alias(alice, "external_id")
        s.users.delete_subscription(s.users.get_subscription(first.id))
        raise InvalidInput("test", "refused after three writes")
    assert state(steps) == before
    with steps.session() as s:
        assert [sub.id for sub in s.records.subscriptions_of(alice.onesignal_id)] == order
        assert s.records.find_user_by_alias("external_id", "alice") == alice
        found = s.records.find_subscription_by_token(email, "new@example.com")
        assert found is not None and found.id == first.id


def test_sqlite_scopes_are_short_and_never_reuse_a_live_or_dead_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scope leads every key, so it is short; one still in use, or whose rows may still be
    waiting for the sweeper, is never handed out again."""
    store = SqliteStore(tmp_path / "scopes.db")
    store._closed.set()  # no sweeping: the dead scope stays dead
    backend = OneSignalBackend(store)
    app = backend.create_app()
    live = store._scope(app.app_id)
    backend.reset(app.app_id)
    dead, live = live, store._scope(app.app_id)
    assert len(live) == 6 and live != dead
    offered = iter([live, dead, "f00d42"])
    monkeypatch.setattr("secrets.token_hex", lambda _: next(offered))
    other = backend.create_app()
    assert store._scope(other.app_id) == "f00d42"
    store._db.close()


def test_a_database_whose_aliases_table_has_rowids_still_works(tmp_path: Path) -> None:
    """Databases made before the aliases table went WITHOUT ROWID keep their table: lookups,
    writes and the sweeper work on both kinds."""
    path = tmp_path / "older.db"
    older = sqlite3.connect(path)
    older.execute(
        "CREATE TABLE aliases (app_id TEXT NOT NULL, label TEXT NOT NULL, alias_id TEXT NOT NULL,"
        " onesignal_id TEXT NOT NULL, PRIMARY KEY (app_id, label, alias_id))"
    )
    older.close()
    store = SqliteStore(path)
    store.SWEEP_CHUNK = 3
    backend = OneSignalBackend(store)
    app = backend.create_app()
    with backend.session(app.app_id) as s:
        for n in range(10):
            s.users.create_user({"external_id": f"u{n}", "crm_id": f"c{n}"})
        s.users.delete_alias(s.users.user_by_alias("crm_id", "c3"), "crm_id")
    with backend.session(app.app_id) as s:
        assert s.users.find_by_alias("crm_id", "c3") is None
        assert s.users.user_by_alias("crm_id", "c4").external_id == "u4"
    backend.reset(app.app_id)
    deadline = time.monotonic() + 10
    while rows_of_all_scopes(store) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rows_of_all_scopes(store) == 0
    store.close()
