"""OneSignal's request and response bodies, as pydantic models (validation and OpenAPI).

Requests ignore fields the simulation does not use, as OneSignal tolerates clients that send
more than it needs; each field it does use is checked.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bridge_stub.domain.models import SubscriptionType

Text = Field(default=None, max_length=256)


class Request(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)


class Properties(Request):
    tags: dict[str, Any] | None = None
    language: str | None = Field(default=None, max_length=35)
    timezone_id: str | None = Field(default=None, max_length=64)
    country: str | None = Field(default=None, max_length=8)
    lat: float | None = Field(default=None, ge=-90, le=90)
    long: float | None = Field(default=None, ge=-180, le=180)
    first_active: int | None = Field(default=None, ge=0)
    last_active: int | None = Field(default=None, ge=0)
    ip: str | None = Field(default=None, max_length=64)


class Subscription(Request):
    id: str | None = Field(default=None, max_length=64)
    type: SubscriptionType
    token: str | None = Field(default=None, max_length=512)
    enabled: bool | None = None
    notification_types: int | None = None
    session_time: int | None = Field(default=None, ge=0)
    session_count: int | None = Field(default=None, ge=0)
    sdk: str | None = Text
    device_model: str | None = Text
    device_os: str | None = Text
    rooted: bool | None = None
    test_type: int | None = None
    app_version: str | None = Text
    net_type: int | None = None
    carrier: str | None = Text
    web_auth: str | None = Text
    web_p256: str | None = Text


class SubscriptionChange(Subscription):
    type: SubscriptionType | None = None  # type: ignore[assignment]


class CreateUser(Request):
    properties: Properties | None = None
    identity: dict[str, str] = Field(default_factory=dict)
    subscriptions: list[Subscription] = Field(default_factory=list)


class UpdateUser(Request):
    properties: Properties | None = None
    refresh_device_metadata: bool | None = None
    deltas: dict[str, Any] | None = None


class IdentityBody(Request):
    identity: dict[str, str]


class SubscriptionBody(Request):
    subscription: Subscription


class SubscriptionChangeBody(Request):
    subscription: SubscriptionChange


class PlayerEdit(Request):
    app_id: str = Field(max_length=64)
    external_user_id: str | None = Field(default=None, max_length=256)
    tags: dict[str, Any] | None = None


class CreateNotification(Request):
    send_after: str | None = Field(default=None, max_length=64)
    app_id: str | None = Field(default=None, max_length=64)
    contents: dict[str, str] | None = None
    headings: dict[str, str] | None = None
    subtitle: dict[str, str] | None = None
    template_id: str | None = Field(default=None, max_length=64)
    content_available: bool | None = None
    data: dict[str, Any] | None = None
    url: str | None = Field(default=None, max_length=2048)
    name: str | None = Text
    external_id: str | None = Field(default=None, max_length=128)
    idempotency_key: str | None = Field(default=None, max_length=128)
    include_aliases: dict[str, list[str]] | None = None
    target_channel: str | None = Field(default=None, max_length=16)
    include_subscription_ids: list[str] | None = None
    include_external_user_ids: list[str] | None = None
    include_player_ids: list[str] | None = None
    filters: list[dict[str, Any]] | None = None
    included_segments: list[str] | None = None
    excluded_segments: list[str] | None = None


# -- responses ---------------------------------------------------------------------------------


class Response(BaseModel):
    model_config = ConfigDict(extra="allow")


class PropertiesOut(Response):
    tags: dict[str, str]
    language: str | None = None
    timezone_id: str | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    first_active: int | None = None
    last_active: int | None = None
    ip: str | None = None


class SubscriptionOut(Response):
    id: str
    type: str
    token: str | None = None
    enabled: bool
    notification_types: int
    session_time: int
    session_count: int


class UserOut(Response):
    properties: PropertiesOut
    identity: dict[str, str]
    subscriptions: list[SubscriptionOut]


class PropertiesBodyOut(Response):
    properties: PropertiesOut


class IdentityOut(Response):
    identity: dict[str, str]


class SubscriptionBodyOut(Response):
    subscription: SubscriptionOut


class Empty(Response):
    pass


class NotificationOut(Response):
    id: str
    external_id: str | None = None
    errors: Any = None


class NotificationView(Response):
    id: str
    app_id: str
    contents: dict[str, str]
    headings: dict[str, str]
    data: dict[str, Any] | None = None
    successful: int
    failed: int
    converted: int
    remaining: int
    queued_at: int


class PlayerOut(Response):
    id: str
    app_id: str
    device_type: int
    identifier: str | None = None
    session_count: int
    tags: dict[str, str]
    external_user_id: str | None = None


class SuccessOut(Response):
    success: bool


class NotificationListed(NotificationView):
    send_after: int | None = None
    completed_at: int | None = None
    canceled: bool = False


class NotificationSlice(Response):
    total_count: int
    offset: int
    limit: int
    notifications: list[NotificationListed]


class UserModelError(BaseModel):
    code: str
    title: str
    meta: dict[str, Any] | None = None


class UserModelErrors(BaseModel):
    errors: list[UserModelError]


class MessageErrors(BaseModel):
    errors: list[str]
    success: bool | None = None
