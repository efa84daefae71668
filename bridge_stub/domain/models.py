"""The user model's values: apps, users, subscriptions, legacy players and devices.

All are frozen: the rules build new values with `evolve`, so a refused operation can never
leave a half-changed object behind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

V = TypeVar("V")


def evolve(value: V, **changes: Any) -> V:
    """A copy of a frozen, slotted value with some fields changed: `dataclasses.replace` for
    about 60% of its cost (it runs no `__init__`; these values have nothing in theirs)."""
    kind = type(value)
    fields_of: Mapping[str, object] = kind.__dataclass_fields__  # type: ignore[attr-defined]
    if not changes.keys() <= fields_of.keys():
        raise TypeError(f"{kind.__name__} has no field {sorted(changes.keys() - fields_of.keys())}")
    copy = object.__new__(kind)
    for name in kind.__slots__:  # type: ignore[attr-defined]
        object.__setattr__(copy, name, getattr(value, name))
    for name, changed in changes.items():
        object.__setattr__(copy, name, changed)
    return copy


class Platform(StrEnum):
    IOS = "ios"
    ANDROID = "android"


class SdkGeneration(StrEnum):
    """Which OneSignal SDK the app build carries: the v5 user model or the legacy player model."""

    V5 = "v5"
    LEGACY = "legacy"


class PushPermission(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"
    NOT_DETERMINED = "not_determined"


class SubscriptionType(StrEnum):
    """OneSignal's subscription type enum, spelled as the API spells it."""

    IOS_PUSH = "iOSPush"
    ANDROID_PUSH = "AndroidPush"
    FIRE_OS_PUSH = "FireOSPush"
    CHROME_EXTENSION_PUSH = "ChromeExtensionPush"
    CHROME_PUSH = "ChromePush"
    WINDOWS_PUSH = "WindowsPush"
    SAFARI_LEGACY_PUSH = "SafariLegacyPush"
    FIREFOX_PUSH = "FirefoxPush"
    MACOS_PUSH = "macOSPush"
    HUAWEI_PUSH = "HuaweiPush"
    SAFARI_PUSH = "SafariPush"
    EMAIL = "Email"
    SMS = "SMS"

    @property
    def is_push(self) -> bool:
        return self not in (SubscriptionType.EMAIL, SubscriptionType.SMS)

    @property
    def is_mobile_push(self) -> bool:
        """Mobile push is what OneSignal bills as monthly active users."""
        return self in _MOBILE_PUSH


_MOBILE_PUSH = frozenset(
    {
        SubscriptionType.IOS_PUSH,
        SubscriptionType.ANDROID_PUSH,
        SubscriptionType.FIRE_OS_PUSH,
        SubscriptionType.HUAWEI_PUSH,
    }
)


class NotificationTypes(IntEnum):
    """The common values of a subscription's `notification_types` status code."""

    SUBSCRIBED = 1
    NO_PERMISSION = 0
    UNSUBSCRIBED = -2


#: The native plugins an app's builds include unless it says otherwise.
DEFAULT_PLUGINS = ("onesignal",)


#: A user agent goes into every request's header: one line of printable text, not too long.
USER_AGENT_CHARS = re.compile(r"^[^\x00-\x1f\x7f]*$")
MAX_USER_AGENT = 512


@dataclass(frozen=True, slots=True)
class UserAgentSettings:
    """What App Studio sets for the app's user agent (appConfig.json's `general` keys): a
    string added after the web view's own, or one that replaces it; per platform or not."""

    user_agent_add: str | None = None
    ios_user_agent_add: str | None = None
    android_user_agent_add: str | None = None
    force_user_agent: str | None = None
    ios_force_user_agent: str | None = None
    android_force_user_agent: str | None = None


@dataclass(frozen=True, slots=True)
class OneSignalApp:
    """A OneSignal app: the tenant. State never crosses apps."""

    app_id: str
    api_key: str
    name: str = ""
    legacy_below: str | None = None
    is_default: bool = False
    created_at: float = 0.0
    #: The native plugins the app's builds include; the core bridge is always there.
    plugins: tuple[str, ...] = DEFAULT_PLUGINS
    user_agent: UserAgentSettings = UserAgentSettings()
    #: The app's `appConfig.json` as given (see `domain.app_config`), when it has one.
    app_config: str | None = None


class _ReadOnlyDict(dict[str, str]):
    """A dict that refuses changes: shared, so no record can alter another's."""

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("this map is shared and read-only")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    update = setdefault = pop = popitem = clear = _refuse  # type: ignore[assignment]


#: The tags of a user or player that has none: one shared, read-only map, not an empty dict
#: per record (64 bytes each, a million times over).
NO_TAGS: Mapping[str, str] = _ReadOnlyDict()


def _no_tags() -> Mapping[str, str]:
    return NO_TAGS  # a factory: dataclasses refuse an unhashable default


@dataclass(frozen=True, slots=True)
class UserProperties:
    tags: Mapping[str, str] = field(default_factory=_no_tags)
    language: str | None = None
    timezone_id: str | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    first_active: int | None = None
    last_active: int | None = None
    ip: str | None = None

    @classmethod
    def active_since(cls, now: float, **properties: Any) -> UserProperties:
        """Properties of a user first (and last) active at `now`, whole seconds."""
        second = int(now)
        return cls(first_active=second, last_active=second, **properties)


@dataclass(frozen=True, slots=True)
class User:
    """A OneSignal user. `identity` holds the aliases (external_id and custom labels);
    `onesignal_id` is kept apart because it is read-only."""

    onesignal_id: str
    identity: Mapping[str, str] = field(default_factory=dict)
    properties: UserProperties = field(default_factory=UserProperties)
    created_at: float = 0.0

    @property
    def external_id(self) -> str | None:
        return self.identity.get("external_id")

    @property
    def is_anonymous(self) -> bool:
        return self.external_id is None


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel a user is reachable on. Its id equals the legacy player id."""

    id: str
    onesignal_id: str
    type: SubscriptionType
    token: str | None = None
    enabled: bool = False
    notification_types: int = NotificationTypes.NO_PERMISSION
    session_time: int = 0
    session_count: int = 0
    last_session: float = 0.0
    app_version: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    sdk: str | None = None
    test_type: int | None = None
    rooted: bool | None = None
    net_type: int | None = None
    carrier: str | None = None
    web_auth: str | None = None
    web_p256: str | None = None
    device_id: str | None = None
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class LegacyPlayer:
    """A device in the legacy player model: its own id, tags and optional external user id."""

    id: str
    type: SubscriptionType
    token: str | None = None
    enabled: bool = False
    notification_types: int = NotificationTypes.NO_PERMISSION
    tags: Mapping[str, str] = field(default_factory=_no_tags)
    external_user_id: str | None = None
    language: str | None = None
    timezone_id: str | None = None
    session_count: int = 0
    last_session: float = 0.0
    app_version: str | None = None
    device_model: str | None = None
    device_os: str | None = None
    device_id: str | None = None
    created_at: float = 0.0


@dataclass(frozen=True, slots=True)
class Device:
    """One install of the app on a simulated phone.

    `subscription_id` is the install's push subscription (v5) or player id (legacy); it is
    None while privacy consent is required and not given. The current OneSignal user of a v5
    device is whoever owns that subscription.
    """

    id: str
    app_id: str
    platform: Platform
    app_version: str
    build: str
    sdk: SdkGeneration
    sdk_forced: bool
    installation_id: str
    push_permission: PushPermission = PushPermission.NOT_DETERMINED
    prompt_response: PushPermission = PushPermission.GRANTED
    requires_privacy_consent: bool = False
    consent_given: bool = False
    language: str = "en"
    time_zone: str = "America/New_York"
    model: str = ""
    os_version: str = ""
    distribution: str = "release"
    bundle_id: str = "dev.median.harness"
    first_launch: bool = True
    subscription_id: str | None = None
    push_token: str | None = None
    created_at: float = 0.0

    @property
    def may_create_ids(self) -> bool:
        """The SDK makes no OneSignal IDs until consent is given, when the app requires it."""
        return self.consent_given or not self.requires_privacy_consent


@dataclass(frozen=True, slots=True)
class Notification:
    """A push notification in the app's outbox, with the channels and installs it reached.

    `recipients` maps each subscription or player id it was delivered to onto the install
    that shows it ("" when the channel has no install); `opened` maps installs to the time
    the notification was opened there.
    """

    id: str
    contents: Mapping[str, str] = field(default_factory=dict)
    headings: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] | None = None
    url: str | None = None
    recipients: Mapping[str, str] = field(default_factory=dict)
    opened: Mapping[str, float] = field(default_factory=dict)
    source: str = "harness"
    external_id: str | None = None
    created_at: float = 0.0
    #: A notification sent for later waits in the outbox until `send_after`, holding the
    #: channels it targets; `completed_at` is when it was delivered.
    send_after: float | None = None
    scheduled: tuple[str, ...] = ()
    canceled: bool = False
    completed_at: float | None = None

    @property
    def waiting(self) -> bool:
        return self.completed_at is None and not self.canceled

    @property
    def device_ids(self) -> list[str]:
        return [device_id for device_id in self.recipients.values() if device_id]
