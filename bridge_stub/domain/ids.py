"""Identifiers, push tokens and a clock for the simulated backend."""

from __future__ import annotations

import secrets
import threading
import time

from bridge_stub.domain.models import Platform


def new_id() -> str:
    """OneSignal IDs, subscription ids and player ids are UUID v4. Knowing a device's id is
    driving it, so ids come from the operating system's randomness (`secrets`): a page that
    sees some ids learns nothing of the others. Formatted by hand, as `str(uuid.uuid4())`
    was a tenth of a create-user's time."""
    n = secrets.randbits(128)
    n = (n & ~(0xF << 76)) | (0x4 << 76)  # version 4
    n = (n & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_api_key() -> str:
    return "os_v2_app_" + secrets.token_hex(24)


def new_push_token(platform: Platform) -> str:
    """An APNs device token (64 hex digits) or an FCM registration token's shape."""
    if platform is Platform.IOS:
        return secrets.token_hex(32)
    return f"{secrets.token_urlsafe(16)}:APA91b{secrets.token_urlsafe(100)}"


class Clock:
    """Wall-clock seconds that never repeat, so 'the oldest last session' is always defined."""

    def __init__(self) -> None:
        self._last = 0.0
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            self._last = max(self._wall() + self._offset, self._last + 1e-6)
            return self._last

    def advance(self, seconds: float) -> None:
        """Move the harness's time forward (scheduled notifications fall due)."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    @property
    def offset(self) -> float:
        """How far the harness's time is ahead of the wall clock."""
        return self._offset

    def restore(self, offset: float) -> None:
        """Resume the time a stopped server had reached (never moving it back)."""
        with self._lock:
            self._offset = max(self._offset, offset)

    def _wall(self) -> float:
        return time.time()


class ManualClock(Clock):
    """A clock tests move by hand (for session ages and the 30-day MAU window)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        super().__init__()
        self.current = start

    def advance(self, seconds: float) -> None:
        self.current += seconds

    def _wall(self) -> float:
        return self.current
