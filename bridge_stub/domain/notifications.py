"""Push notifications: delivery to subscribed channels, the outbox, and opening on a device."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bridge_stub.domain.errors import Conflict, InvalidInput, NotFound
from bridge_stub.domain.ids import Clock, new_id
from bridge_stub.domain.models import LegacyPlayer, Notification, Subscription, evolve
from bridge_stub.domain.repository import AppRecords
from bridge_stub.domain.targeting import Audience, Targeting


@dataclass(frozen=True, slots=True)
class Message:
    """What a notification says and carries; `data` is OneSignal's additional data."""

    contents: Mapping[str, str] = field(default_factory=lambda: {"en": "Test notification"})
    headings: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sent:
    """The notification (None when nobody subscribed was targeted) and the targets that
    named nobody, as OneSignal reports them (`invalid_aliases`, `invalid_player_ids`...)."""

    notification: Notification | None
    invalid: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Due:
    """What one delivery round did: the notifications delivered, and when the earliest of
    those still waiting falls due (None when none waits; maybe now, past a round's limit)."""

    delivered: list[Notification]
    next_due: float | None


#: OneSignal's `kind` of a notification (the list's filter): 0 dashboard, 1 API, 3 automated.
KIND_OF_SOURCE = {"rest": 1, "harness": 0}
#: OneSignal lists notifications at most this many at a time.
MAX_PAGE = 50


def check_content(contents: Mapping[str, str], template: bool, content_available: bool) -> None:
    """A message notification needs English content, unless a template or a background
    (content-available) push supplies what it is."""
    if not contents.get("en") and not template and not content_available:
        raise InvalidInput(
            "missing-contents", "Message Notifications must have English language content"
        )


def kind_of(notification: Notification) -> int:
    return KIND_OF_SOURCE.get(notification.source, 0)


class NotificationRules:
    def __init__(self, records: AppRecords, clock: Clock) -> None:
        self.records = records
        self.clock = clock

    def newest_first(
        self, kind: int | None = None, offset: int = 0, limit: int = MAX_PAGE
    ) -> tuple[int, list[Notification]]:
        """One page of the app's notifications (of one `kind`, if given), newest first, and
        how many there are in all."""
        found = [n for n in self.records.notifications() if kind is None or kind_of(n) == kind]
        found.reverse()
        return len(found), found[offset : offset + min(limit, MAX_PAGE)]

    def send(
        self,
        message: Message,
        audience: Audience,
        external_id: str | None = None,
        send_after: float | None = None,
    ) -> Sent:
        """Send to an audience, now or at `send_after`. A repeated `external_id` (OneSignal's
        idempotency key) returns the notification already sent instead of sending it again."""
        if external_id is not None:
            for earlier in self.records.notifications():
                if earlier.external_id == external_id:
                    return Sent(earlier, {})
        now = self.clock.now()
        targets = Targeting(self.records, now).resolve(audience)
        if not any(channel.enabled for channel in targets.channels):
            return Sent(None, targets.invalid)
        if send_after is not None and send_after > now:
            notification = _outbox_entry(
                message,
                "rest",
                external_id,
                now,
                send_after=send_after,
                scheduled=tuple(c.id for c in targets.channels if c.enabled),
            )
            self.records.put_notification(notification)
            return Sent(notification, targets.invalid)
        notification = self.deliver(message, targets.channels, "rest", external_id)
        return Sent(notification, targets.invalid)

    def deliver_due(self, limit: int | None = None) -> Due:
        """Deliver waiting notifications whose time has come (at most `limit`), to those of
        their channels still subscribed."""
        now = self.clock.now()
        delivered: list[Notification] = []
        next_due: float | None = None
        for notification in list(self.records.notifications()):
            if notification.send_after is None or not notification.waiting:
                continue
            if notification.send_after > now or (limit is not None and len(delivered) >= limit):
                next_due = min(next_due or notification.send_after, notification.send_after)
                continue
            channels = [
                found
                for channel_id in notification.scheduled
                if (found := self._channel(channel_id)) is not None and found.enabled
            ]
            sent = evolve(
                notification,
                recipients=_recipients(channels),
                scheduled=(),
                completed_at=now,
            )
            self.records.put_notification(sent)
            delivered.append(sent)
        return Due(delivered, next_due)

    def cancel(self, notification_id: str) -> Notification:
        """Cancel a notification waiting for its time; one already delivered cannot be."""
        notification = self.get(notification_id)
        if not notification.waiting or notification.send_after is None:
            raise Conflict("already-sent", "Notification has already been sent to all recipients")
        canceled = evolve(notification, canceled=True, scheduled=())
        self.records.put_notification(canceled)
        return canceled

    def get(self, notification_id: str) -> Notification:
        notification = self.records.get_notification(notification_id)
        if notification is None:
            raise NotFound("notification-not-found", "Could not find notification with that id")
        return notification

    def _channel(self, channel_id: str) -> Subscription | LegacyPlayer | None:
        return self.records.get_subscription(channel_id) or self.records.get_player(channel_id)

    def deliver(
        self,
        message: Message,
        channels: Iterable[Subscription | LegacyPlayer],
        source: str,
        external_id: str | None = None,
    ) -> Notification:
        """Put a notification in the outbox, delivered to every enabled channel given; push
        channels show it on their install."""
        now = self.clock.now()
        notification = _outbox_entry(
            message,
            source,
            external_id,
            now,
            recipients=_recipients([c for c in channels if c.enabled]),
            completed_at=now,
        )
        self.records.put_notification(notification)
        return notification

    def send_to_device(self, device_id: str, message: Message) -> Notification:
        """A push straight to one install's channel, as if sent from OneSignal's dashboard."""
        device = self.records.get_device(device_id)
        if device is None:
            raise NotFound("device-not-found", f"No device with id {device_id!r}.")
        channel_id = device.subscription_id or ""
        channel = self.records.get_subscription(channel_id) or self.records.get_player(channel_id)
        if channel is None or not channel.enabled:
            raise Conflict(
                "not-subscribed",
                "The device is not subscribed to push (no permission or no consent yet).",
            )
        return self.deliver(message, [channel], source="harness")

    def for_device(self, device_id: str) -> list[Notification]:
        return self.records.notifications_for_device(device_id)

    def open(self, device_id: str, notification_id: str) -> Notification:
        """The user taps the notification on the device."""
        notification = self.records.get_notification(notification_id)
        if notification is None or device_id not in notification.device_ids:
            raise NotFound(
                "notification-not-found",
                f"Notification {notification_id!r} was not delivered to device {device_id!r}.",
            )
        opened = evolve(notification, opened={**notification.opened, device_id: self.clock.now()})
        self.records.put_notification(opened)
        return opened


def _recipients(channels: Iterable[Subscription | LegacyPlayer]) -> dict[str, str]:
    """Each channel reached, and the install that shows it ("" for email, SMS, no install)."""
    return {c.id: (c.device_id or "") if c.type.is_push else "" for c in channels}


def _outbox_entry(
    message: Message, source: str, external_id: str | None, now: float, **state: Any
) -> Notification:
    """A new notification saying `message`; `state` is whether it was delivered or waits."""
    return Notification(
        id=new_id(),
        contents=dict(message.contents),
        headings=dict(message.headings),
        data=None if message.data is None else dict(message.data),
        url=message.url,
        source=source,
        external_id=external_id,
        created_at=now,
        **state,
    )
