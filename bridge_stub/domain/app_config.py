"""App Studio's `appConfig.json`: the file that configures a Median app's build, read into
what the simulated app takes from it (plugins, the OneSignal SDK and app id, consent and the
push prompt, the user agent, identity, menus, link handling, extra request headers).

The file is kept whole, as given: keys the harness does not model stay in it (and go back out
on export) without effect. A known key of the wrong type is refused with its path
(`services.oneSignalV5.applicationId: expected a string`), before anything changes.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bridge_stub.domain.errors import InvalidInput
from bridge_stub.domain.json_text import check_writable
from bridge_stub.domain.models import (
    MAX_USER_AGENT,
    USER_AGENT_CHARS,
    OneSignalApp,
    SdkGeneration,
    UserAgentSettings,
)

#: A config is a few kilobytes; anything near this is not one.
MAX_CONFIG_CHARS = 1_000_000
LINK_MODES = ("internal", "external", "appbrowser")


class AppConfigError(InvalidInput):
    """The file is not an app config: not JSON, or a known key of the wrong type."""

    def __init__(self, title: str) -> None:
        super().__init__("invalid-app-config", title)


# -- the keys the harness reads, as App Studio writes them --------------------------------


class _Keys(BaseModel):
    """A part of the file: the keys named here are checked, every other key is kept."""

    model_config = ConfigDict(extra="allow", strict=True)


class _MenuItem(_Keys):
    label: str | None = None
    url: str | None = None
    icon: str | None = None
    subLinks: list[_MenuItem] | None = None


class _SidebarMenu(_Keys):
    name: str = "default"
    active: bool = True
    items: list[_MenuItem] = Field(default_factory=list)


class _Sidebar(_Keys):
    menus: list[_SidebarMenu] = Field(default_factory=list)


class _TabMenu(_Keys):
    id: str
    items: list[_MenuItem] = Field(default_factory=list)


class _TabSelection(_Keys):
    id: str
    regex: str


class _Tabs(_Keys):
    active: bool = False
    tabMenus: list[_TabMenu] = Field(default_factory=list)
    tabSelectionConfig: list[_TabSelection] = Field(default_factory=list)


class _LinkRule(_Keys):
    regex: str
    mode: Literal["internal", "external", "appbrowser"] | None = None
    internal: bool | None = None  # the older form: true is internal, false external
    label: str | None = None


class _Links(_Keys):
    active: bool = True
    rules: list[_LinkRule] = Field(default_factory=list)


class _Navigation(_Keys):
    sidebarNavigation: _Sidebar = Field(default_factory=_Sidebar)
    tabNavigation: _Tabs = Field(default_factory=_Tabs)
    regexInternalExternal: _Links = Field(default_factory=_Links)


def _printable(value: str | None) -> str | None:
    if value is not None and (len(value) > MAX_USER_AGENT or not USER_AGENT_CHARS.match(value)):
        raise ValueError(
            f"expected one line of printable text, at most {MAX_USER_AGENT} characters"
        )
    return value


class _UserAgentRegex(_Keys):
    regex: str
    userAgent: str

    _user_agent = field_validator("userAgent")(_printable)


class _General(_Keys):
    appName: str | None = None
    initialUrl: str | None = None
    userAgentAdd: str | None = None
    iosUserAgentAdd: str | None = None
    androidUserAgentAdd: str | None = None
    forceUserAgent: str | None = None
    iosForceUserAgent: str | None = None
    androidForceUserAgent: str | None = None
    userAgentRegexes: list[_UserAgentRegex] = Field(default_factory=list)
    iosBundleId: str | None = None
    androidPackageName: str | None = None
    iosCustomHeaders: dict[str, str] = Field(default_factory=dict)
    androidCustomHeaders: dict[str, str] = Field(default_factory=dict)

    _user_agents = field_validator(
        "userAgentAdd",
        "iosUserAgentAdd",
        "androidUserAgentAdd",
        "forceUserAgent",
        "iosForceUserAgent",
        "androidForceUserAgent",
    )(_printable)


class _Service(_Keys):
    active: bool = False


class _OneSignal(_Service):
    applicationId: str | None = None
    requiresUserPrivacyConsent: bool = False
    autoRegister: bool = True
    showForegroundNotifications: bool = True

    @field_validator("applicationId")
    @classmethod
    def _uuid(cls, value: str | None) -> str | None:
        if not value:
            return None  # App Studio writes "" for a service that is off
        try:
            uuid.UUID(value)
        except ValueError:
            raise ValueError("expected a OneSignal app id (a UUID)") from None
        return value


class _Services(_Keys):
    __pydantic_extra__: dict[str, _Service] = Field(init=False)  # every other plugin
    oneSignalV5: _OneSignal | None = None
    oneSignal: _OneSignal | None = None


class _File(_Keys):
    general: _General = Field(default_factory=_General)
    navigation: _Navigation = Field(default_factory=_Navigation)
    services: _Services = Field(default_factory=_Services)


# -- what the simulated app takes from it -------------------------------------------------


@dataclass(frozen=True, slots=True)
class MenuItem:
    label: str
    url: str
    icon: str | None = None
    sub_links: tuple[MenuItem, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The item as the bridge's sidebar and tab commands carry it."""
        item: dict[str, Any] = {"label": self.label, "url": self.url}
        if self.icon:
            item["icon"] = self.icon
        if self.sub_links:
            item["subLinks"] = [link.as_dict() for link in self.sub_links]
        return item


@dataclass(frozen=True, slots=True)
class LinkRule:
    """Where a URL the page navigates to opens: `internal` (the web view), `external` (the
    system browser) or `appbrowser` (an in-app browser over the app)."""

    regex: str
    mode: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class AppConfig:
    """An app's `appConfig.json`, read: `text` is the file as kept (and exported)."""

    text: str
    #: The services (plugins, by App Studio's names) that are on, OneSignal aside.
    services: tuple[str, ...]
    #: The OneSignal SDK the build carries; None when push is off.
    sdk: SdkGeneration | None
    onesignal_app_id: str | None
    requires_privacy_consent: bool
    auto_register: bool
    show_foreground_notifications: bool
    user_agent: UserAgentSettings
    #: (regex, user agent): a page whose URL matches gets that user agent instead.
    user_agent_regexes: tuple[tuple[str, str], ...]
    app_name: str | None
    initial_url: str | None
    ios_bundle_id: str | None
    android_package_name: str | None
    sidebar: tuple[MenuItem, ...]
    tab_menus: dict[str, tuple[MenuItem, ...]]
    #: (regex, tab menu id): the first whose regex matches the page's URL shows.
    tab_selection: tuple[tuple[str, str], ...]
    link_rules: tuple[LinkRule, ...]
    custom_headers: dict[str, dict[str, str]]

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.text)
        return value

    def tab_menu_for(self, url: str) -> str | None:
        """The id of the tab menu the app shows on `url` (None: no tab bar)."""
        return next((menu for regex, menu in self.tab_selection if full_match(regex, url)), None)

    def link_mode(self, url: str) -> LinkRule | None:
        """The first link rule that matches `url` (None: the app's default, internal)."""
        return next((rule for rule in self.link_rules if full_match(rule.regex, url)), None)


def full_match(regex: str, text: str) -> bool:
    """The app's regexes match the whole URL, as Android's `matches()` and iOS's predicate do;
    one the harness cannot read never matches."""
    try:
        return re.fullmatch(regex, text) is not None
    except re.error:
        return False


def config_of(app: OneSignalApp) -> AppConfig | None:
    """The app's config, read once per text."""
    return None if app.app_config is None else _read(app.app_config)


def read_app_config(value: object) -> AppConfig:
    """The config from a parsed JSON value, or AppConfigError naming the first bad key."""
    if not isinstance(value, dict):
        raise AppConfigError("appConfig.json must be a JSON object.")
    check_writable(value)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if len(text) > MAX_CONFIG_CHARS:
        raise AppConfigError(f"appConfig.json is over {MAX_CONFIG_CHARS:,} characters.")
    return _read(text)


def read_app_config_text(text: str) -> AppConfig:
    """The config from the file's text (what `--app-config FILE` reads)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise AppConfigError(
            f"appConfig.json is not JSON: {error.msg} at line {error.lineno} column {error.colno}."
        ) from None
    return read_app_config(value)


@functools.lru_cache(maxsize=256)
def _read(text: str) -> AppConfig:
    try:
        keys = _File.model_validate_json(text)
    except ValidationError as error:
        raise AppConfigError(first_problem(error)) from None
    return _settings(text, keys)


def first_problem(error: ValidationError) -> str:
    """`services.oneSignalV5.applicationId: expected a string`, for the first error."""
    problem = error.errors(include_url=False)[0]
    path = ""
    for part in problem["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    if problem["type"] == "value_error":
        expected = str(problem.get("ctx", {}).get("error", problem["msg"]))
    else:
        expected = EXPECTED.get(problem["type"], problem["msg"])
    return f"{path or 'appConfig.json'}: {expected}"


EXPECTED = {
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "model_attributes_type": "expected an object",
    "list_type": "expected a list",
    "missing": "required",
    "literal_error": f"expected one of {', '.join(LINK_MODES)}",
}


def _settings(text: str, keys: _File) -> AppConfig:
    general, services, navigation = keys.general, keys.services, keys.navigation
    active = [name for name, service in (services.model_extra or {}).items() if service.active]
    v5, legacy = services.oneSignalV5, services.oneSignal
    onesignal = v5 if v5 is not None and v5.active else legacy if legacy and legacy.active else None
    sdk = (
        None if onesignal is None else SdkGeneration.V5 if onesignal is v5 else SdkGeneration.LEGACY
    )
    sidebar = next((m for m in navigation.sidebarNavigation.menus if m.active), None)
    tabs = navigation.tabNavigation
    links = navigation.regexInternalExternal
    return AppConfig(
        text=text,
        services=tuple(active),
        sdk=sdk,
        onesignal_app_id=onesignal.applicationId if onesignal else None,
        requires_privacy_consent=bool(onesignal and onesignal.requiresUserPrivacyConsent),
        auto_register=onesignal.autoRegister if onesignal else False,
        show_foreground_notifications=onesignal.showForegroundNotifications if onesignal else True,
        user_agent=UserAgentSettings(
            user_agent_add=general.userAgentAdd or None,
            ios_user_agent_add=general.iosUserAgentAdd or None,
            android_user_agent_add=general.androidUserAgentAdd or None,
            force_user_agent=general.forceUserAgent or None,
            ios_force_user_agent=general.iosForceUserAgent or None,
            android_force_user_agent=general.androidForceUserAgent or None,
        ),
        user_agent_regexes=tuple((r.regex, r.userAgent) for r in general.userAgentRegexes),
        app_name=general.appName or None,
        initial_url=general.initialUrl or None,
        ios_bundle_id=general.iosBundleId or None,
        android_package_name=general.androidPackageName or None,
        sidebar=_items(sidebar.items) if sidebar else (),
        tab_menus={menu.id: _items(menu.items) for menu in tabs.tabMenus} if tabs.active else {},
        tab_selection=(
            tuple((s.regex, s.id) for s in tabs.tabSelectionConfig) if tabs.active else ()
        ),
        link_rules=tuple(_link_rule(rule) for rule in links.rules) if links.active else (),
        custom_headers={"ios": general.iosCustomHeaders, "android": general.androidCustomHeaders},
    )


def _items(items: list[_MenuItem]) -> tuple[MenuItem, ...]:
    return tuple(
        MenuItem(item.label or "", item.url or "", item.icon, _items(item.subLinks or []))
        for item in items
    )


def _link_rule(rule: _LinkRule) -> LinkRule:
    mode = rule.mode or ("external" if rule.internal is False else "internal")
    return LinkRule(rule.regex, mode, rule.label)
