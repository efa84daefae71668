"""The OneSignal user model and Median's simulated installs: plain objects and their rules."""

from bridge_stub.domain.backend import AppSession, OneSignalBackend
from bridge_stub.domain.changes import NewSubscription, PropertyChanges
from bridge_stub.domain.devices import DeviceRules, DeviceSpec
from bridge_stub.domain.errors import (
    Conflict,
    ConsentRequired,
    InvalidInput,
    NotFound,
    OneSignalError,
)
from bridge_stub.domain.ids import Clock, ManualClock
from bridge_stub.domain.invariants import invariant_violations
from bridge_stub.domain.models import (
    Device,
    LegacyPlayer,
    NotificationTypes,
    OneSignalApp,
    Platform,
    PushPermission,
    SdkGeneration,
    Subscription,
    SubscriptionType,
    User,
    UserProperties,
)
from bridge_stub.domain.users import UserRules

__all__ = [
    "AppSession",
    "Clock",
    "Conflict",
    "ConsentRequired",
    "Device",
    "DeviceRules",
    "DeviceSpec",
    "InvalidInput",
    "LegacyPlayer",
    "ManualClock",
    "NewSubscription",
    "NotFound",
    "NotificationTypes",
    "OneSignalApp",
    "OneSignalBackend",
    "OneSignalError",
    "Platform",
    "PropertyChanges",
    "PushPermission",
    "SdkGeneration",
    "Subscription",
    "SubscriptionType",
    "User",
    "UserProperties",
    "UserRules",
    "invariant_violations",
]
