"""`median-harness open [URL]`: a site in a real Chromium window as the simulated app shows it
(the phone's screen and touch, the app's user agent, the stub for one device in every page
before any page script, on any origin), with the device's phone page beside it.

The browser profile is kept per device, so the site's cookies and storage survive closing and
reopening, as in an installed app; a reinstall (from the phone page, or between two `open`s)
empties it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bridge_stub.app_context import InstallStorage, context_options, route_user_agents
from bridge_stub.browser import LOCAL_NETWORK_ARGS, launch_overrides
from bridge_stub.client import HarnessClient, HarnessError, device_fields
from bridge_stub.domain.app_config import AppConfig

#: The file in a device's profile that names the install the profile belongs to.
INSTALL_FILE = "median-harness-installation"
#: How often the window looks for a reinstall made elsewhere (another window, a client).
WATCH_SECONDS = 1.0


class OpenRefused(Exception):
    """`open` cannot run as asked; the message is the one line the command prints."""


@dataclass
class OpenOptions:
    url: str | None
    platform: str = "ios"
    app_version: str = "2.0.0"
    sdk: str | None = None
    push_permission: str | None = None
    consent_required: bool | None = None
    app_config: AppConfig | None = None
    plugins: tuple[str, ...] | None = None
    device: str | None = None
    app_id: str | None = None
    browser: str | None = None
    headless: bool = False
    screenshot: Path | None = None
    profiles: Path = Path("median-harness-profiles")


def has_display() -> bool:
    """Whether a window can be shown: always off Linux; on Linux, an X or Wayland display."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def choose_device(client: HarnessClient, options: OpenOptions) -> dict[str, Any]:
    """The device named by `--device`, or a new install with the options given."""
    if options.device:
        try:
            return client.device(options.device)
        except HarnessError as error:
            raise OpenRefused(f"no device {options.device!r} on this harness ({error})") from None
    app_id = options.app_id or default_app_id(client)
    if options.app_config is not None:
        app_id = configured_app(client, options.app_config, app_id)
    if options.plugins is not None:
        client.update_app(app_id, plugins=list(options.plugins))
    body = device_fields(
        app_id=app_id,
        platform=options.platform,
        app_version=options.app_version,
        sdk=options.sdk,
        push_permission=options.push_permission,
        requires_privacy_consent=options.consent_required,
    )
    try:
        return client.create_device(**body)
    except HarnessError as error:
        raise OpenRefused(f"cannot install the app: {error}") from None


def default_app_id(client: HarnessClient) -> str:
    apps = client.apps()
    default = next((app for app in apps if app.get("is_default")), None)
    if default is None:
        raise OpenRefused("the harness has no default app; pass --app-id")
    return str(default["app_id"])


def profile_for(options: OpenOptions, device: dict[str, Any]) -> Path:
    """The device's browser profile, emptied first when it belongs to an earlier install."""
    profile = options.profiles / str(device["id"])
    marker = profile / INSTALL_FILE
    if marker.exists() and marker.read_text().strip() != device["installation_id"]:
        shutil.rmtree(profile)
    profile.mkdir(parents=True, exist_ok=True)
    marker.write_text(device["installation_id"])
    return profile


@contextmanager
def app_window(
    harness_url: str, client: HarnessClient, options: OpenOptions, device: dict[str, Any]
) -> Iterator[tuple[Any, Any, Any]]:
    """The browser context of the device's install, its site page and its phone page."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    profile = profile_for(options, device)
    with sync_playwright() as playwright:
        if options.browser:
            launch: dict[str, Any] = {"executable_path": options.browser, "args": []}
        else:
            launch = launch_overrides(Path(playwright.chromium.executable_path))
        args = [*launch.pop("args", []), *LOCAL_NETWORK_ARGS]
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            headless=options.headless,
            args=args,
            ignore_https_errors=True,  # a developer's own HTTPS, with a certificate of its own
            **launch,
            **context_options(device["web_view"]),
        )
        try:
            context.add_init_script(script=client.bridge_js(device["id"], web_view=True))
            route_user_agents(context, device["web_view"])
            site = context.pages[0] if context.pages else context.new_page()
            phone = context.new_page()
            phone.goto(f"{harness_url}/_harness/devices/{device['id']}/phone")
            url = start_url(options)
            if url:
                site.goto(url)
            yield context, site, phone
        finally:
            # Ctrl-C may reach the browser first, or the person closed it: nothing to close.
            with contextlib.suppress(PlaywrightError):
                context.close()


def configured_app(client: HarnessClient, config: AppConfig, app_id: str) -> str:
    """The app built from the config: the one with the config's OneSignal app id (made if
    the harness has none), else `app_id`'s; either takes the whole config."""
    target = config.onesignal_app_id or app_id
    try:
        try:
            client.update_app(target, app_config=config.data)
        except HarnessError as error:
            if error.status != 404 or config.onesignal_app_id is None:
                raise
            client.create_app(app_config=config.data)
    except HarnessError as error:
        raise OpenRefused(f"cannot build the app from its config: {error}") from None
    return target


def start_url(options: OpenOptions) -> str | None:
    """The page to open: the one given, else the config's initialUrl."""
    if options.url:
        return options.url
    return options.app_config.initial_url if options.app_config else None


def check(options: OpenOptions) -> None:
    """Refuse, before anything starts, what cannot be done here."""
    if options.screenshot is not None and not options.headless:
        raise OpenRefused("--screenshot needs --headless (a window is looked at, not saved)")
    if not options.headless and not has_display():
        raise OpenRefused(
            "no display to open a window on (DISPLAY is not set): run under xvfb-run, "
            "or pass --headless (with --screenshot FILE to see the page)"
        )


def run(harness_url: str, client: HarnessClient, options: OpenOptions) -> int:
    """Open the window; with `--screenshot`, take it once the site has loaded and return;
    else keep it until it is closed or the command is stopped (Ctrl-C)."""
    device = choose_device(client, options)
    phone_url = f"{harness_url}/_harness/devices/{device['id']}/phone"
    print(
        f"median-harness open: device {device['id']} "
        f"({device['platform']}, {device['app_version']}, {device['sdk']} OneSignal SDK)\n"
        f"  phone page: {phone_url}",
        flush=True,
    )
    with app_window(harness_url, client, options, device) as (context, site, phone):
        if options.screenshot is not None:
            settle(site)
            site.screenshot(path=str(options.screenshot))
            phone.wait_for_selector("#state dd")
            phone.screenshot(path=str(phone_shot(options.screenshot)), full_page=True)
            return 0
        watch(client, context, device, options.profiles / str(device["id"]))
    return 0


def settle(site: Any) -> None:
    """Wait until the page has loaded and the app's page-load calls have been answered."""
    if site.url == "about:blank":
        return
    site.wait_for_load_state("networkidle")
    site.evaluate(
        "() => window.__medianHarness && window.__medianHarness.active"
        " ? window.__medianHarness.idle() : null"
    )


def phone_shot(screenshot: Path) -> Path:
    """Where the phone page's screenshot goes, beside the site's."""
    return screenshot.with_name(f"{screenshot.stem}-phone{screenshot.suffix or '.png'}")


def watch(client: HarnessClient, context: Any, device: dict[str, Any], profile: Path) -> None:
    """Until every page is closed: a reinstall (on the phone page, say) empties the
    profile's web storage, as a new install of the app starts empty."""
    storage = InstallStorage(context, client, device["id"], device["installation_id"])
    closed: list[bool] = []
    context.on("close", lambda _: closed.append(True))
    from playwright.sync_api import Error as PlaywrightError

    while not closed and context.pages:
        try:
            context.pages[0].wait_for_timeout(WATCH_SECONDS * 1000)  # lets the browser's events in
        except PlaywrightError:
            return  # the browser went away (closed, or stopped by Ctrl-C)
        current = storage.current()
        if current is None:
            return  # the device was deleted: nothing is left to show
        if storage.follow(current) or storage.installation_id != device["installation_id"]:
            device["installation_id"] = storage.installation_id
            (profile / INSTALL_FILE).write_text(storage.installation_id)
