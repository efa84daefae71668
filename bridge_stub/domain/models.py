"""The user model's values: apps, users, subscriptions, legacy players and devices.

All are frozen: the rules build new values with `evolve`, so a refused operation can never
leave a half-changed object behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

V = TypeVar("V")


def evolve(value: V, **changes: Any) -> V:
    """A copy of a frozen, slotted value with some fields changed: `dataclasses.replace` for
    about 60% of its cost (it runs no `__init__`; these values have nothing in theirs)."""
    kind = type(value)
    fields_of: Mapping[str, object] = kind.__dataclass_fields__  # type: ignore[attr-defined]
    nested: str | None = getattr(kind, "_NESTED", None)  # a value whose fields read as its own
    if nested is not None and not changes.keys() <= fields_of.keys():
        inner = getattr(value, nested)
        inner_fields = type(inner).__dataclass_fields__.keys()
        moved = {name: changes.pop(name) for name in list(changes) if name in inner_fields}
        if moved:
            changes[nested] = evolve(changes.get(nested, inner), **moved)
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


#: The alias label of the user's own ID in the site (OneSignal's external ID).
EXTERNAL_ID = "external_id"


class Identity(Mapping[str, str]):
    """A user's aliases, label to id: read-only, and small where most users are, with an
    external ID alone (48 bytes, against 184 for a dict of one)."""

    __slots__ = ("_external_id", "_others")

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        aliases = aliases or {}
        self._external_id = aliases.get(EXTERNAL_ID)
        others = {label: alias for label, alias in aliases.items() if label != EXTERNAL_ID}
        self._others: Mapping[str, str] = others or NO_TAGS

    @classmethod
    def of(cls, aliases: Mapping[str, str]) -> Identity:
        """The identity of these aliases; with none, the one shared `NO_ALIASES`."""
        return cls(aliases) if aliases else NO_ALIASES

    def __getitem__(self, label: str) -> str:
        if label == EXTERNAL_ID and self._external_id is not None:
            return self._external_id
        return self._others[label]

    @property
    def external_id(self) -> str | None:
        return self._external_id

    def get(self, label: str, default: Any = None) -> Any:  # Mapping's, without a raise
        if label == EXTERNAL_ID:
            return default if self._external_id is None else self._external_id
        return self._others.get(label, default)

    def __contains__(self, label: object) -> bool:
        if label == EXTERNAL_ID:
            return self._external_id is not None
        return label in self._others

    def __iter__(self) -> Iterator[str]:
        if self._external_id is not None:
            yield EXTERNAL_ID
        yield from self._others

    def __len__(self) -> int:
        return len(self._others) + (self._external_id is not None)

    def __repr__(self) -> str:
        return f"Identity({dict(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Stored and read as the JSON object of its aliases."""
        aliases = core_schema.dict_schema(core_schema.str_schema(), core_schema.str_schema())
        return core_schema.no_info_after_validator_function(
            cls.of, aliases, serialization=core_schema.plain_serializer_function_ser_schema(dict)
        )


#: The identity of a user with no alias (an anonymous user): one, shared.
NO_ALIASES = Identity()


def _no_aliases() -> Identity:
    return NO_ALIASES


@dataclass(frozen=True, slots=True)
class User:
    """A OneSignal user. `identity` holds the aliases (external_id and custom labels);
    `onesignal_id` is kept apart because it is read-only."""

    onesignal_id: str
    identity: Identity = field(default_factory=_no_aliases)
    properties: UserProperties = field(default_factory=UserProperties)
    created_at: float = 0.0

    @property
    def external_id(self) -> str | None:
        return self.identity.external_id

    @property
    def is_anonymous(self) -> bool:
        return self.external_id is None


@dataclass(frozen=True, slots=True)
class ChannelDetails:
    """What a subscription's SDK (or a REST call) says of the device or browser it is on. An
    e-mail or SMS subscription has none of it, and shares `NO_DETAILS`."""

    session_time: int = 0
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


NO_DETAILS = ChannelDetails()
DETAIL_FIELDS = tuple(f.name for f in fields(ChannelDetails))


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel a user is reachable on. Its id equals the legacy player id. Its device's
    details read as its own fields (`subscription.app_version`), and `evolve` and `new` take
    them as such."""

    id: str
    onesignal_id: str
    type: SubscriptionType
    token: str | None = None
    enabled: bool = False
    notification_types: int = NotificationTypes.NO_PERMISSION
    session_count: int = 0
    last_session: float = 0.0
    device_id: str | None = None
    created_at: float = 0.0
    details: ChannelDetails = NO_DETAILS

    #: The value `evolve` changes for the fields of `ChannelDetails`.
    _NESTED = "details"

    @classmethod
    def new(cls, **values: Any) -> Subscription:
        """A subscription from flat fields, the device's details among them."""
        given = {name: values.pop(name) for name in DETAIL_FIELDS if name in values}
        details = ChannelDetails(**given)
        return cls(**values, details=NO_DETAILS if details == NO_DETAILS else details)

    @property
    def session_time(self) -> int:
        return self.details.session_time

    @property
    def app_version(self) -> str | None:
        return self.details.app_version

    @property
    def device_model(self) -> str | None:
        return self.details.device_model

    @property
    def device_os(self) -> str | None:
        return self.details.device_os

    @property
    def sdk(self) -> str | None:
        return self.details.sdk

    @property
    def test_type(self) -> int | None:
        return self.details.test_type

    @property
    def rooted(self) -> bool | None:
        return self.details.rooted

    @property
    def net_type(self) -> int | None:
        return self.details.net_type

    @property
    def carrier(self) -> str | None:
        return self.details.carrier

    @property
    def web_auth(self) -> str | None:
        return self.details.web_auth

    @property
    def web_p256(self) -> str | None:
        return self.details.web_p256


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
