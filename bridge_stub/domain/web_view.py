"""What the app's web view is to a page: its user agent, `navigator.vendor` and `platform`,
the phone's screen and touch. Every place that runs a simulated app's pages (the fixtures in
both languages, `median-harness open`) takes them from here, through the device's view.

The user agent follows the app's rule: the platform web view's own user agent, then the app's
token (`MedianIOS/1.0 median`, `MedianAndroid/1.0 median`, where `median` is App Studio's
`userAgentAdd`), unless the app forces a whole user agent; per-platform settings win over
general ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bridge_stub.domain.app_config import config_of
from bridge_stub.domain.models import Device, OneSignalApp, Platform, UserAgentSettings

DEFAULT_USER_AGENT_ADD = "median"
APP_TOKEN = {Platform.IOS: "MedianIOS/1.0", Platform.ANDROID: "MedianAndroid/1.0"}
#: The Chromium a real Android web view reports; the simulation's is fixed, not the browser's.
ANDROID_CHROME_VERSION = "126.0.0.0"


@dataclass(frozen=True, slots=True)
class Screen:
    width: int
    height: int
    device_scale_factor: float


#: An iPhone 15 and a Pixel 8, in CSS pixels.
SCREEN = {Platform.IOS: Screen(393, 852, 3), Platform.ANDROID: Screen(412, 915, 2.625)}
VENDOR = {Platform.IOS: "Apple Computer, Inc.", Platform.ANDROID: "Google Inc."}
NAVIGATOR_PLATFORM = {Platform.IOS: "iPhone", Platform.ANDROID: "Linux armv8l"}


def web_view_user_agent(device: Device) -> str:
    """The platform web view's own user agent, before the app adds its token: WKWebView's
    has no `Safari/` token, Android's WebView has `; wv)` and `Version/4.0`."""
    if device.platform is Platform.IOS:
        version = (device.os_version or "17.5").replace(".", "_")
        return (
            f"Mozilla/5.0 (iPhone; CPU iPhone OS {version} like Mac OS X) "
            "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
        )
    android = (device.os_version or "14").split(".")[0]
    model = device.model or "Pixel 8"
    return (
        f"Mozilla/5.0 (Linux; Android {android}; {model}; wv) AppleWebKit/537.36 "
        f"(KHTML, like Gecko) Version/4.0 Chrome/{ANDROID_CHROME_VERSION} Mobile Safari/537.36"
    )


def app_user_agent(settings: UserAgentSettings, device: Device) -> str:
    ios = device.platform is Platform.IOS
    forced = (settings.ios_force_user_agent if ios else settings.android_force_user_agent) or (
        settings.force_user_agent
    )
    if forced:
        return forced
    add = (settings.ios_user_agent_add if ios else settings.android_user_agent_add) or (
        settings.user_agent_add or DEFAULT_USER_AGENT_ADD
    )
    return f"{web_view_user_agent(device)} {APP_TOKEN[device.platform]} {add}"


def web_view(app: OneSignalApp, device: Device) -> dict[str, Any]:
    """What a browser context needs to show the device's pages as its app would; with an
    appConfig.json, also its link rules, the user agents it gives pages of some URLs, and
    the headers it adds to every request."""
    screen = SCREEN[device.platform]
    config = config_of(app)
    return {
        "user_agent": app_user_agent(app.user_agent, device),
        "vendor": VENDOR[device.platform],
        "navigator_platform": NAVIGATOR_PLATFORM[device.platform],
        "viewport": {"width": screen.width, "height": screen.height},
        "device_scale_factor": screen.device_scale_factor,
        "is_mobile": True,
        "has_touch": True,
        "links": [asdict(rule) for rule in config.link_rules] if config else [],
        "user_agent_rules": (
            [{"regex": regex, "user_agent": agent} for regex, agent in config.user_agent_regexes]
            if config
            else []
        ),
        "extra_http_headers": dict(config.custom_headers[device.platform.value]) if config else {},
    }
