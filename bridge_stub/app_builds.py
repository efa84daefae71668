"""An app's settings and its `appConfig.json`, both ways: what a config sets on the app (its
id, name, plugins, user agent, the config itself) and the config the app exports, which
carries what was set on the harness since (plugins, user agent) back in App Studio's keys."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any

from bridge_stub.bridge.surface import build_plugins, known_plugins
from bridge_stub.domain.app_config import AppConfig, config_of
from bridge_stub.domain.models import OneSignalApp, SdkGeneration

#: The app's user agent settings under their App Studio names.
USER_AGENT_KEYS = {
    "user_agent_add": "userAgentAdd",
    "ios_user_agent_add": "iosUserAgentAdd",
    "android_user_agent_add": "androidUserAgentAdd",
    "force_user_agent": "forceUserAgent",
    "ios_force_user_agent": "iosForceUserAgent",
    "android_force_user_agent": "androidForceUserAgent",
}


#: Where the config keeps OneSignal, and the other generation's key, for (legacy?).
ONESIGNAL_KEYS = {False: ("oneSignalV5", "oneSignal"), True: ("oneSignal", "oneSignalV5")}


def app_fields(config: AppConfig) -> dict[str, Any]:
    """What `create_app` / `update_app` take from a config."""
    fields: dict[str, Any] = {
        "plugins": build_plugins(config),
        "user_agent": config.user_agent,
        "app_config": config,
    }
    if config.app_name:
        fields["name"] = config.app_name
    return fields


def exported_config(app: OneSignalApp) -> dict[str, Any]:
    """The app's config in App Studio's shape: the one it was given (every key kept), with
    the plugins, user agent and OneSignal app id the app has now."""
    config = config_of(app)
    data: dict[str, Any] = copy.deepcopy(config.data) if config else {}
    general = data.setdefault("general", {})
    if app.name and not general.get("appName"):
        general["appName"] = app.name
    for field, key in USER_AGENT_KEYS.items():
        value = asdict(app.user_agent)[field]
        if value:
            general[key] = value
        elif key in general:
            general[key] = ""
    services = data.setdefault("services", {})
    legacy = config is not None and config.sdk is SdkGeneration.LEGACY
    onesignal_key, other_key = ONESIGNAL_KEYS[legacy]
    onesignal = services.setdefault(onesignal_key, {})
    onesignal["active"] = "onesignal" in app.plugins
    if onesignal["active"]:
        onesignal["applicationId"] = app.app_id
        if isinstance(services.get(other_key), dict):
            services[other_key]["active"] = False
    spelled = {name.lower(): name for name in services}
    for plugin in sorted(known_plugins() - {"onesignal"}):
        key = spelled.get(plugin.lower(), plugin)
        if plugin in app.plugins:
            services.setdefault(key, {})["active"] = True
        elif isinstance(services.get(key), dict):
            services[key]["active"] = False
    return data
