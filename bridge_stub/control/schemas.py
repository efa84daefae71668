"""Bodies the control API accepts, validated by pydantic."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bridge_stub.bridge.faults import FaultMode
from bridge_stub.domain.models import (
    MAX_USER_AGENT,
    USER_AGENT_CHARS,
    Platform,
    PushPermission,
    SdkGeneration,
)

ShortText = Field(default=None, max_length=128)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


PermissionName = Literal[
    "Notifications", "Camera", "Contacts", "Microphone", "LocationWhenInUse",
    "LocationAlways", "AppTrackingTransparency", "PhotoLibrary",
]  # fmt: skip
PermissionState = Literal["undetermined", "granted", "denied"]
PluginList = Field(default=None, max_length=100)


#: A user agent goes into every request's header: printable text, no line breaks.
UserAgentText = Field(
    default=None, min_length=1, max_length=MAX_USER_AGENT, pattern=USER_AGENT_CHARS.pattern
)


class UserAgentBody(Body):
    """The app's user agent settings, as App Studio names them (snake case)."""

    user_agent_add: str | None = UserAgentText
    ios_user_agent_add: str | None = UserAgentText
    android_user_agent_add: str | None = UserAgentText
    force_user_agent: str | None = UserAgentText
    ios_force_user_agent: str | None = UserAgentText
    android_force_user_agent: str | None = UserAgentText


class AppUpdate(Body):
    name: str | None = Field(default=None, max_length=200)
    legacy_below: str | None = Field(default=None, max_length=64)
    plugins: list[str] | None = PluginList
    user_agent: UserAgentBody | None = None
    #: App Studio's appConfig.json, whole; the fields above win over what it sets.
    app_config: dict[str, Any] | None = None


class DeviceCreate(Body):
    #: A fixture that names its device before installing it (a random UUID) passes the id.
    id: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    )
    app_id: str | None = Field(default=None, max_length=64)
    platform: Platform = Platform.IOS
    app_version: str = Field(default="2.0.0", max_length=64)
    sdk: SdkGeneration | None = None
    #: Unset: as the app's config has it (see `DeviceSpec`).
    push_permission: PushPermission | None = None
    prompt_response: PushPermission = PushPermission.GRANTED
    requires_privacy_consent: bool | None = None
    language: str = Field(default="en", max_length=35)
    time_zone: str = Field(default="America/New_York", max_length=64)
    model: str | None = ShortText
    os_version: str | None = ShortText
    distribution: str | None = ShortText
    build: str | None = Field(default=None, pattern=r"^[0-9]{1,9}$")


class NewAppDevice(DeviceCreate):
    """A device made with its app: the app is the new one."""

    app_id: None = None


class AppCreate(Body):
    legacy_below: str | None = Field(default=None, max_length=64)
    name: str = Field(default="", max_length=200)
    app_id: str | None = Field(default=None, max_length=64)
    api_key: str | None = Field(default=None, min_length=8, max_length=256)
    plugins: list[str] | None = PluginList
    user_agent: UserAgentBody | None = None
    app_config: dict[str, Any] | None = None
    #: A device to install the app on at once (a test that takes both makes one call).
    device: NewAppDevice | None = None


class Upgrade(Body):
    app_version: str = Field(max_length=64)
    sdk: SdkGeneration | None = None


class PermissionChange(Body):
    """Either the push permission, or one other permission and its status."""

    push_permission: PushPermission | None = None
    permission: PermissionName | None = None
    status: PermissionState | None = None

    @model_validator(mode="after")
    def one_change(self) -> PermissionChange:
        if (self.push_permission is None) == (self.permission is None):
            raise ValueError("give either push_permission, or permission and status")
        if self.permission is not None and self.status is None:
            raise ValueError("status is required with permission")
        return self


class ConnectivityChange(Body):
    connected: bool
    type: str = Field(default="wifi", min_length=1, max_length=32)


class NativeEvent(Body):
    name: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z_$][A-Za-z0-9_$]*$")
    data: Any = None


class ProgrammedAnswerCreate(Body):
    app_id: str | None = Field(default=None, max_length=64)
    command: str = Field(min_length=1, max_length=256, pattern=r"^[^\s]+$")
    result: Any
    count: int | None = Field(default=None, ge=1)


class PushToDevice(Body):
    contents: dict[str, str] = Field(default_factory=lambda: {"en": "Test notification"})
    headings: dict[str, str] = Field(default_factory=dict)
    data: dict[str, Any] | None = None
    url: str | None = Field(default=None, max_length=2048)


class FaultCreate(Body):
    app_id: str | None = Field(default=None, max_length=64)
    device: str | None = Field(default=None, max_length=64)
    command: str = Field(min_length=1, max_length=256)
    mode: FaultMode
    message: str = Field(default="Simulated failure", max_length=1024)
    ms: int = Field(default=0, ge=0, le=60_000)
    count: int | None = Field(default=None, ge=1)


class Reset(Body):
    app_id: str | None = Field(default=None, max_length=64)


class PageLoad(Body):
    url: str = Field(default="", max_length=8192)


class LinkOpened(Body):
    """A page went to a URL the app's link rules open outside the web view."""

    url: str = Field(max_length=8192)
    mode: Literal["external", "appbrowser"]
    label: str | None = Field(default=None, max_length=256)


class CallbackReport(Body):
    kind: Literal["callback_missing", "callback_error"]
    callback: str = Field(max_length=256)
    message: str = Field(default="", max_length=2048)


class ForgetIdle(Body):
    app_id: str | None = Field(default=None, max_length=64)
    idle_seconds: float = Field(default=3600, ge=0)


class ClockChange(Body):
    advance_seconds: float | None = Field(default=None, ge=0, le=10 * 365 * 24 * 3600)
    now: float | None = Field(default=None, ge=0, le=1e11)

    @model_validator(mode="after")
    def one_change(self) -> ClockChange:
        if (self.advance_seconds is None) == (self.now is None):
            raise ValueError("give either advance_seconds or now")
        return self
