"""What a running server holds beside the simulated backend: the event log, injected faults
and the live pages, around the bridge."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import HTTPConnection

from bridge_stub.bridge.dispatch import Bridge
from bridge_stub.bridge.faults import FaultTable
from bridge_stub.bridge.live_pages import PageHub
from bridge_stub.bridge.responses import ResponseTable
from bridge_stub.calibration.shelf import CalibrationShelf
from bridge_stub.credentials import DeviceKeys
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.errors import InvalidInput
from bridge_stub.events import EventLog
from bridge_stub.native.shell import ShellTable
from bridge_stub.rate_limit import TokenBucket
from bridge_stub.scheduler import Scheduler

FOREIGN_INSTALLS_PER_SECOND = 2.0


class Runtime:
    def __init__(
        self,
        backend: OneSignalBackend,
        default_app_id: str,
        token: str | None = None,
        calibrations_dir: Path | None = None,
    ) -> None:
        self.backend = backend
        self.default_app_id = default_app_id
        self.token = token
        self.device_keys = DeviceKeys(backend.store)
        #: Devices that pages of another origin install by loading the stub.
        self.foreign_installs = TokenBucket(rate=FOREIGN_INSTALLS_PER_SECOND, burst=20)
        self.events = EventLog()
        self.faults = FaultTable()
        self.pages = PageHub()
        self.shells = ShellTable()
        self.responses = ResponseTable()
        self.scheduler = Scheduler(backend, self.events)
        self.calibrations = CalibrationShelf(calibrations_dir)
        self.bridge = Bridge(
            backend, self.events, self.faults, self.pages, self.shells, self.responses
        )

    def close(self) -> None:
        """The server is stopping: end the pages' streams and the scheduler."""
        self.scheduler.stop()
        self.pages.close()

    def reset(self, app_id: str | None = None) -> list[str]:
        """Forget one app's state (or every app's); the apps themselves stay."""
        self.backend.reset(app_id)
        self.events.clear(app_id)
        self.faults.clear(app_id)
        self.responses.clear(app_id)
        self.forget_gone_devices()
        return [app_id] if app_id else [app.app_id for app in self.backend.apps()]

    def delete_app(self, app_id: str) -> None:
        """Delete an app and everything kept of it; the server's default app stays."""
        if app_id == self.default_app_id:
            raise InvalidInput("default-app", "The server's default app cannot be deleted.")
        self.backend.delete_app(app_id)
        self.events.clear(app_id)
        self.faults.clear(app_id)
        self.responses.clear(app_id)
        self.forget_gone_devices()

    def delete_device(self, device_id: str) -> None:
        """Uninstall the app from a device, and drop all the server kept of it."""
        app = self.backend.app_of_device(device_id)
        with self.backend.session(app.app_id) as session:
            session.devices.delete(device_id)
        self.forget_gone_devices()

    def forget_idle(self, app_id: str, idle_seconds: float) -> list[str]:
        """Remove the app's devices no page has used for `idle_seconds`, with the anonymous
        users only they made (monthly active users), and all the server kept of them."""
        now = self.backend.clock.now()
        with self.backend.session(app_id) as session:
            idle = [
                device.id
                for device in session.records.devices()
                if now - self.bridge.last_seen.get(device.id, device.created_at) > idle_seconds
            ]
            for device_id in idle:
                session.devices.forget(device_id)
        self.forget_gone_devices()
        return idle

    def forget_gone_devices(self) -> list[str]:
        """Drop what the server keeps beside the store (shells, pages, last use, faults and
        answers set on a device) for every device the store no longer has."""
        kept = (
            self.shells.devices()
            | self.pages.devices()
            | self.bridge.devices_seen()
            | self.faults.devices()
            | self.responses.devices()
        )
        gone = [device for device in kept if self.backend.locate_device(device) is None]
        for device in gone:
            self.shells.forget(device)
            self.pages.forget_device(device)
            self.bridge.forget(device)
            self.faults.clear(device=device)
            self.responses.clear(device=device)
        return gone


def runtime_of(request: HTTPConnection) -> Runtime:
    """The harness serving this request."""
    runtime: Runtime = request.app.state.runtime
    return runtime
