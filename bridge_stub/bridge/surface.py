"""The Median JavaScript bridge's surface, from one table (`commands.tsv`): every function of
the official library, the command it posts and how it is answered. The stub builds its
`median` global from the table; the dispatcher reads it for each command's plugin and reply
style."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from urllib.parse import urlsplit

from bridge_stub.domain.app_config import AppConfig

CORE = "core"

#: The native plugin each top-level namespace belongs to, or `core` for the JavaScript
#: Bridge features every Median app has. Median's documentation is the source: its
#: "JavaScript Bridge" pages list the core features (device info, clipboard, connectivity,
#: keyboard, navigation, screen, share, sidebar, status bar, tabs, webview, windows, and
#: the permission status of `median.permissions.status()`), its "Native Plugins" pages the
#: rest, each named after the library's namespace. Deprecated top-level listeners belong to
#: the plugin whose event they carry.
PLUGIN_OF_NAMESPACE: dict[str, str] = {
    **dict.fromkeys(
        [
            "android", "appResumed", "camera", "clipboard", "config", "connectivity",
            "deviceInfo", "deviceShake", "getPlatform", "internalExternal", "ios",
            "isNativeApp", "jsNavigation", "keyboard", "nativebridge", "navigationLevels",
            "navigationMaxWindows", "navigationTitles", "onReady", "open", "permissions",
            "registration", "run", "screen", "share", "sidebar", "statusbar",
            "tabNavigation", "webview", "window",
        ],
        CORE,
    ),
    "appsFlyerConversionData": "appsflyer",
    "appsFlyerDeeplinkResult": "appsflyer",
    "appsFlyerSdkStart": "appsflyer",
    "branchInitialized": "branch",
    "iapInfoReady": "iap",
    "iapPurchases": "iap",
    "oneSignalPushOpened": "onesignal",
    "shareToApp": "shareIntoApp",
    "storage": "localpreferences",
}  # fmt: skip


class ReplyStyle(StrEnum):
    """How the app answers a command: not at all, once, or through a callback it keeps."""

    NONE = "none"
    ONCE = "once"
    KEPT = "kept"
    LISTEN = "listen"

    @property
    def answers(self) -> bool:
        return self is not ReplyStyle.NONE


@dataclass(frozen=True, slots=True)
class BridgeFunction:
    path: str
    kind: str
    command: str
    args: str
    reply: ReplyStyle

    @property
    def namespace(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def plugin(self) -> str:
        return PLUGIN_OF_NAMESPACE.get(self.namespace, self.namespace)


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """What the table says of one command (`host/path`, no scheme or query)."""

    command: str
    plugin: str
    reply: ReplyStyle
    functions: tuple[str, ...]


@functools.cache
def functions() -> tuple[BridgeFunction, ...]:
    text = resources.files("bridge_stub.bridge").joinpath("commands.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            path, kind, command, args, reply = (line.split("\t") + [""] * 5)[:5]
            rows.append(BridgeFunction(path, kind, command, args, ReplyStyle(reply or "none")))
    return tuple(rows)


@functools.cache
def stub_table_json() -> str:
    """The table as the stub reads it, safe to inline in a <script> element: the top-level
    names of the library, and its rows as JSON text, which the stub parses on the library's
    first use (a string costs a page's start far less than the array it spells)."""
    rows = [[f.path, f.kind, f.command, f.args, f.reply.value] for f in functions()]
    names = list(dict.fromkeys(f.path.split(".")[0] for f in functions()))
    table = {"names": names, "rows": json.dumps(rows, separators=(",", ":"))}
    return json.dumps(table, separators=(",", ":")).replace("<", "\\u003c")


def command_key(url: str) -> str:
    """`median://share/sharePage?x=1` → `share/sharePage`."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}".rstrip("/")


@functools.cache
def _index() -> tuple[dict[str, CommandSpec], tuple[tuple[str, CommandSpec], ...]]:
    exact: dict[str, CommandSpec] = {}
    prefixes: list[tuple[str, CommandSpec]] = []
    for function, url in ((f, url) for f in functions() for url in f.command.split()):
        if not url.startswith(("median://", "gonative://")):
            continue
        templated = "{0}" in url
        key = command_key(url.split("{0}")[0] if templated else url)
        known = exact.get(key)
        spec = CommandSpec(
            key,
            function.plugin,
            function.reply if known is None or function.reply.answers else known.reply,
            (*(known.functions if known else ()), function.path),
        )
        if templated or function.kind == "purchase":
            prefixes.append((key + "/", spec))
        else:
            exact[key] = spec
    return exact, tuple(prefixes)


def command_spec(command: str) -> CommandSpec | None:
    """The table's entry for a command (`host/path`), or None for one no function posts."""
    exact, prefixes = _index()
    if command in exact:
        return exact[command]
    return next((spec for prefix, spec in prefixes if command.startswith(prefix)), None)


def namespaces() -> dict[str, list[BridgeFunction]]:
    """Every top-level namespace with its functions, in the table's order."""
    grouped: dict[str, list[BridgeFunction]] = {}
    for function in functions():
        grouped.setdefault(function.namespace, []).append(function)
    return grouped


@functools.cache
def known_plugins() -> frozenset[str]:
    """Every native plugin the table names (the core bridge is not one)."""
    return frozenset(f.plugin for f in functions()) - {CORE}


def build_plugins(config: AppConfig) -> tuple[str, ...]:
    """The plugins a build made from the config has: OneSignal when push is on, and each
    active service the table knows (App Studio spells some differently: `appReview`)."""
    by_lower = {name.lower(): name for name in known_plugins()}
    found = [by_lower[name.lower()] for name in config.services if name.lower() in by_lower]
    return tuple(dict.fromkeys(["onesignal"] * (config.sdk is not None) + found))


def check_plugins(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The plugin names, without duplicates or `core`; ValueError names an unknown one."""
    unknown = sorted(set(names) - known_plugins() - {CORE})
    if unknown:
        raise ValueError(
            f"Unknown plugin {unknown[0]!r}; known plugins: {', '.join(sorted(known_plugins()))}."
        )
    return tuple(dict.fromkeys(n for n in names if n != CORE))
