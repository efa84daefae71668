"""The simulated OneSignal backend: every app (tenant) over one store.

Each operation on an app runs in one `session`, which is one store transaction: either all
of its changes are kept or, when a rule refuses, none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from bridge_stub.domain.app_config import AppConfig
from bridge_stub.domain.billing import monthly_active_users
from bridge_stub.domain.csv_import import ImportReport, import_users
from bridge_stub.domain.devices import DeviceRules
from bridge_stub.domain.errors import Conflict, InvalidInput, NotFound
from bridge_stub.domain.ids import Clock, new_api_key, new_id
from bridge_stub.domain.models import DEFAULT_PLUGINS, OneSignalApp, UserAgentSettings, evolve
from bridge_stub.domain.notifications import NotificationRules
from bridge_stub.domain.players import PlayerRules
from bridge_stub.domain.repository import AppRecords, Store
from bridge_stub.domain.sdk_legacy import LegacySdk
from bridge_stub.domain.sdk_v5 import V5Sdk
from bridge_stub.domain.users import UserRules
from bridge_stub.domain.versions import parse_app_version

#: Between two batches of a long operation, so that waiting requests take the store.
BATCH_PAUSE_SECONDS = 0.001


class AppSession:
    """One app's rules bound to one open transaction. Each set of rules is made when first
    used: most operations need one or two of them."""

    def __init__(self, app: OneSignalApp, records: AppRecords, clock: Clock) -> None:
        self.app = app
        self.records = records
        self.clock = clock

    @cached_property
    def users(self) -> UserRules:
        return UserRules(self.records, self.clock)

    @cached_property
    def players(self) -> PlayerRules:
        return PlayerRules(self.records, self.users)

    @cached_property
    def v5(self) -> V5Sdk:
        return V5Sdk(self.records, self.users, self.clock)

    @cached_property
    def legacy(self) -> LegacySdk:
        return LegacySdk(self.records, self.players, self.clock)

    @cached_property
    def devices(self) -> DeviceRules:
        return DeviceRules(self.records, self.app, self.clock, self.v5, self.legacy)

    @cached_property
    def notifications(self) -> NotificationRules:
        return NotificationRules(self.records, self.clock)

    def monthly_active_users(self, now: float) -> int:
        return monthly_active_users(self.records, now)


#: The store keeps the clock's lead over the wall clock, so time never goes back on a restart.
CLOCK_SETTING = "clock_offset"


class OneSignalBackend:
    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or Clock()
        saved = store.get_setting(CLOCK_SETTING)
        if saved is not None:
            self.clock.restore(float(saved))

    def advance_clock(self, seconds: float) -> float:
        """Move the harness's time forward, and keep where it got to; returns the new now.
        The clock never goes back: what was delivered stays delivered."""
        if not seconds >= 0:
            raise InvalidInput("clock-backwards", "The harness's clock only moves forward.")
        self.clock.advance(seconds)
        self.store.put_setting(CLOCK_SETTING, repr(self.clock.offset))
        return self.clock.now()

    # -- apps ------------------------------------------------------------------------------

    def create_app(
        self,
        *,
        app_id: str | None = None,
        api_key: str | None = None,
        name: str = "",
        legacy_below: str | None = None,
        is_default: bool = False,
        plugins: tuple[str, ...] | None = None,
        user_agent: UserAgentSettings | None = None,
        app_config: AppConfig | None = None,
    ) -> OneSignalApp:
        """A new app; with `app_config`, its OneSignal app id is the config's (when it names
        one) and the config is kept with it (the caller derives plugins and user agent)."""
        if legacy_below is not None:
            parse_app_version(legacy_below)
        app_id = same_app_id(app_id, app_config)
        if app_id is not None and self.store.get_app(app_id) is not None:
            raise Conflict("app-exists", f"An app with id {app_id!r} already exists.")
        app = OneSignalApp(
            app_id=app_id or new_id(),
            api_key=api_key or new_api_key(),
            name=name,
            legacy_below=legacy_below,
            is_default=is_default,
            created_at=self.clock.now(),
            plugins=DEFAULT_PLUGINS if plugins is None else plugins,
            user_agent=user_agent or UserAgentSettings(),
            app_config=None if app_config is None else app_config.text,
        )
        self.store.put_app(app)
        return app

    def update_app(
        self,
        app_id: str,
        *,
        name: str | None = None,
        legacy_below: str | None = None,
        plugins: tuple[str, ...] | None = None,
        user_agent: UserAgentSettings | None = None,
        app_config: AppConfig | None = None,
    ) -> OneSignalApp:
        """Change what App Studio sets for an app's builds; None leaves a field as it is.
        A config may not name another OneSignal app id: an app's id never changes."""
        app = self.get_app(app_id)
        same_app_id(app.app_id, app_config)
        if legacy_below is not None:
            parse_app_version(legacy_below)
        updated = evolve(
            app,
            name=app.name if name is None else name,
            legacy_below=app.legacy_below if legacy_below is None else legacy_below,
            plugins=app.plugins if plugins is None else plugins,
            user_agent=app.user_agent if user_agent is None else user_agent,
            app_config=app.app_config if app_config is None else app_config.text,
        )
        self.store.put_app(updated)
        return updated

    def ensure_default_app(
        self,
        *,
        app_id: str | None = None,
        api_key: str | None = None,
        legacy_below: str | None = None,
        plugins: tuple[str, ...] | None = None,
        user_agent: UserAgentSettings | None = None,
        app_config: AppConfig | None = None,
        name: str = "Default app",
    ) -> OneSignalApp:
        """The server's default app: the one named (by id or by its config's OneSignal app
        id), else the one stored last time, else new; what is given replaces what it had."""
        app_id = same_app_id(app_id, app_config)
        existing = self.store.get_app(app_id) if app_id else self.default_app()
        if existing is None:
            return self.create_app(
                app_id=app_id,
                api_key=api_key,
                name=name,
                legacy_below=legacy_below,
                is_default=True,
                plugins=plugins,
                user_agent=user_agent,
                app_config=app_config,
            )
        same_app_id(existing.app_id, app_config)
        if legacy_below is not None:
            parse_app_version(legacy_below)
        updated = evolve(
            existing,
            api_key=api_key or existing.api_key,
            legacy_below=legacy_below if legacy_below is not None else existing.legacy_below,
            is_default=True,
            plugins=plugins if plugins is not None else existing.plugins,
            user_agent=user_agent or existing.user_agent,
            app_config=existing.app_config if app_config is None else app_config.text,
        )
        for app in self.store.apps():
            if app.is_default and app.app_id != updated.app_id:
                self.store.put_app(evolve(app, is_default=False))
        self.store.put_app(updated)
        return updated

    def default_app(self) -> OneSignalApp | None:
        return next((app for app in self.store.apps() if app.is_default), None)

    def find_app(self, app_id: str) -> OneSignalApp | None:
        return self.store.get_app(app_id)

    def locate_device(self, device_id: str) -> str | None:
        """The id of the app a device belongs to, or None for an unknown device."""
        return self.store.locate_device(device_id)

    def get_app(self, app_id: str) -> OneSignalApp:
        app = self.store.get_app(app_id)
        if app is None:
            raise NotFound("app-not-found", f"No app with id {app_id!r}.")
        return app

    def apps(self) -> list[OneSignalApp]:
        return self.store.apps()

    def app_of_device(self, device_id: str) -> OneSignalApp:
        app_id = self.store.locate_device(device_id)
        if app_id is None:
            raise NotFound("device-not-found", f"No device with id {device_id!r}.")
        return self.get_app(app_id)

    def delete_app(self, app_id: str) -> None:
        self.get_app(app_id)
        self.store.delete_app(app_id)

    def reset(self, app_id: str | None = None) -> None:
        """Forget one app's users, subscriptions, players and devices (or every app's)."""
        targets = [self.get_app(app_id)] if app_id else self.store.apps()
        for app in targets:
            self.store.reset_app(app.app_id)

    def import_users(self, app_id: str, text: str) -> ImportReport:
        """Import a CSV file of users (OneSignal's format): a transaction per batch of rows
        and a savepoint per row, so a refused row changes nothing and the others are kept,
        and other requests are served between batches."""
        self.get_app(app_id)

        @contextmanager
        def batch() -> Iterator[None]:
            with self.store.transaction(app_id):
                yield
            time.sleep(BATCH_PAUSE_SECONDS)  # the store's lock is not fair: let others in

        @contextmanager
        def row_session() -> Iterator[UserRules]:
            with self.store.transaction(app_id) as records:
                yield UserRules(records, self.clock)

        return import_users(text, batch, row_session)

    # -- one app's rules -------------------------------------------------------------------

    @contextmanager
    def session(self, app_id: str) -> Iterator[AppSession]:
        app = self.get_app(app_id)
        with self.store.transaction(app_id) as records:
            yield AppSession(app, records, self.clock)


def same_app_id(app_id: str | None, config: AppConfig | None) -> str | None:
    """The app's id, given one or a config naming one (or both, when they agree)."""
    named = None if config is None else config.onesignal_app_id
    if named is None or app_id is None or named == app_id:
        return app_id or named
    raise InvalidInput(
        "app-id-mismatch",
        f"The config's services.oneSignalV5.applicationId is {named!r}, not this app's "
        f"id {app_id!r}: an app's id never changes; create an app from the config instead.",
    )
