"""Credentials: comparing secrets (REST API keys, the harness token, device keys) in
constant time whatever a client sends, and the key of each simulated device.

A device's key is what lets a page of another origin drive that device alone.

The key is handed out inside the stub bound to the device (bridge.js, or the text a fixture
installs), and the stub's routes ask for it from any page that is not the harness's own. It is
an HMAC of the device's id under a secret kept in the store, so it survives a restart on the
same database and needs no row of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bridge_stub.domain.repository import Store

SECRET_SETTING = "device_key_secret"


class DeviceKeys:
    def __init__(self, store: Store) -> None:
        secret = store.get_setting(SECRET_SETTING)
        if secret is None:
            secret = secrets.token_hex(32)
            store.put_setting(SECRET_SETTING, secret)
        self._secret = bytes.fromhex(secret)

    def key(self, device_id: str) -> str:
        digest = hmac.new(self._secret, device_id.encode("utf-8", "replace"), hashlib.sha256)
        return digest.hexdigest()[:32]

    def check(self, device_id: str, offered: str | None) -> bool:
        return same_secret(offered, self.key(device_id))


def same_secret(offered: str | None, expected: str | None) -> bool:
    """Whether `offered` is `expected`, compared in constant time. Any text may be offered
    (a header of Latin-1 characters, say): it is compared as bytes, never raises."""
    if not offered or not expected:
        return False
    return hmac.compare_digest(
        offered.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )
