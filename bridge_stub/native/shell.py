"""What the simulated app shows and keeps beside the web page, per device: the clipboard,
connectivity, the keyboard, permissions other than push, and the UI the page changed through
the bridge (title, status bar, tabs, sidebar, last share...). It lives as long as the server:
a restarted app starts with a fresh shell, as a relaunched one does."""

from __future__ import annotations

import copy
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

#: The permissions `median.permissions.status()` reports; `Notifications` follows the
#: device's push permission, the others are `undetermined` until a test sets them.
PERMISSIONS = (
    "Notifications",
    "Camera",
    "Contacts",
    "Microphone",
    "LocationWhenInUse",
    "LocationAlways",
    "AppTrackingTransparency",
    "PhotoLibrary",
)
PERMISSION_STATES = ("undetermined", "granted", "denied")


@dataclass
class Shell:
    clipboard: str = ""
    connected: bool = True
    connection_type: str = "wifi"
    connectivity_callbacks: set[str] = field(default_factory=set)
    permissions: dict[str, str] = field(default_factory=dict)
    ui: dict[str, Any] = field(default_factory=dict)


class ShellTable:
    """Every device's shell, created on first use."""

    def __init__(self) -> None:
        self._shells: dict[str, Shell] = defaultdict(Shell)
        self._lock = threading.Lock()

    def read(self, device: str) -> Shell:
        """A copy of the device's shell, safe to read while others change it."""
        with self._lock:
            return copy.deepcopy(self._shells[device])

    def change(self, device: str, how: Any) -> Any:
        """Run `how(shell)` on the device's shell under the lock; returns what it returns."""
        with self._lock:
            return how(self._shells[device])

    def devices(self) -> set[str]:
        with self._lock:
            return set(self._shells)

    def forget(self, device: str) -> None:
        with self._lock:
            self._shells.pop(device, None)
