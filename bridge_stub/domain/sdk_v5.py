"""What the v5 OneSignal SDK (the user model) does on an install: its current user is whoever
owns the install's push subscription; login and logout move that subscription."""

from __future__ import annotations

from collections.abc import Mapping

from bridge_stub.domain.channels import device_properties, new_push_subscription
from bridge_stub.domain.errors import NotFound
from bridge_stub.domain.ids import Clock
from bridge_stub.domain.installs import ready_device
from bridge_stub.domain.models import Device, SdkGeneration, Subscription, User
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.users import UserRules

V5 = SdkGeneration.V5


class V5Sdk:
    def __init__(self, records: AppRecords, users: UserRules, clock: Clock) -> None:
        self.records = records
        self.users = users
        self.clock = clock

    def channel(self, device: Device) -> Subscription | None:
        """The install's push subscription."""
        if device.sdk is not V5 or device.subscription_id is None:
            return None
        return self.records.get_subscription(device.subscription_id)

    def current_user(self, device: Device) -> User | None:
        subscription = self.channel(device)
        return None if subscription is None else self.records.get_user(subscription.onesignal_id)

    def register(self, device: Device, subscription_id: str) -> None:
        """A new anonymous user owning the install's new push subscription."""
        now = self.clock.now()
        user = self.users.new_user(properties=device_properties(device, now))
        self.users.add_subscription(
            new_push_subscription(device, subscription_id, user.onesignal_id, now)
        )

    def login(self, device_id: str, external_id: object) -> User:
        """OneSignal.login(X): identify the anonymous user, or switch the install to user X.
        A switch is a new session on the subscription."""
        device = ready_device(self.records, device_id, V5)
        now = self.clock.now()
        properties = device_properties(device, now)
        return self.users.identify(self._subscription(device), external_id, properties, now)

    def logout(self, device_id: str) -> User:
        """OneSignal.logout(): an identified install moves to a new anonymous user."""
        device = ready_device(self.records, device_id, V5)
        properties = device_properties(device, self.clock.now())
        return self.users.forget_identity(self._subscription(device), properties)

    def tags(self, device: Device) -> dict[str, str]:
        return dict(self._user(device).properties.tags)

    def set_tags(self, device: Device, tags: Mapping[str, object]) -> dict[str, str]:
        return dict(self.users.set_tags(self._user(device), tags).properties.tags)

    def delete_tags(self, device: Device, keys: object) -> dict[str, str]:
        return dict(self.users.delete_tags(self._user(device), keys).properties.tags)

    def _subscription(self, device: Device) -> Subscription:
        subscription = self.channel(device)
        if subscription is None:
            raise NotFound(
                "subscription-not-found",
                f"The install's push subscription {device.subscription_id!r} no longer exists.",
            )
        return subscription

    def _user(self, device: Device) -> User:
        return self.users.get_user(self._subscription(device).onesignal_id)
