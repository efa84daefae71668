"""The `median-harness` command line: `serve`, `open`, `import`, `calibrate`. `serve` and
`open` serve an installed site beside the harness (the demo's pages), found as a plugin."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import uvicorn
from pydantic import ValidationError

from bridge_stub import open_app
from bridge_stub.app_builds import app_fields
from bridge_stub.asgi import allowed_hosts
from bridge_stub.bodies import describe
from bridge_stub.bridge.surface import check_plugins
from bridge_stub.browser import NoBrowserError
from bridge_stub.calibration import Recording, compare
from bridge_stub.client import HarnessClient
from bridge_stub.domain.app_config import AppConfig, read_app_config_text
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.errors import CodedError, InvalidInput, OneSignalError
from bridge_stub.domain.versions import parse_app_version
from bridge_stub.open_app import OpenOptions
from bridge_stub.runtime import Runtime
from bridge_stub.server import listening_socket, serve_in_thread, server_config
from bridge_stub.sites import served_app
from bridge_stub.store import MemoryStore, open_store

DEFAULT_DB = "median-harness.db"


class Parser(argparse.ArgumentParser):
    """Bad arguments get one line saying what is wrong, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"median-harness: {message}\n")


def app_id_argument(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a UUID") from None


def port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def db_argument(text: str) -> str:
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a directory, not a database file")
    if not path.resolve().parent.is_dir():
        raise argparse.ArgumentTypeError(f"the directory of {text!r} does not exist")
    return text


def api_key_argument(text: str) -> str:
    if len(text.strip()) < 8 or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError("an API key needs at least 8 characters and no spaces")
    return text


def version_argument(text: str) -> str:
    try:
        parse_app_version(text)
    except OneSignalError as error:
        raise argparse.ArgumentTypeError(error.title) from None
    return text


def plugins_argument(text: str) -> tuple[str, ...]:
    try:
        return check_plugins([name.strip() for name in text.split(",") if name.strip()])
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def url_argument(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http:// or https:// URL")
    return text


def app_config_argument(text: str) -> AppConfig:
    """An appConfig.json file, read; what is wrong with it is the one line."""
    try:
        content = Path(text).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise argparse.ArgumentTypeError(f"cannot read {text!r}: {error}") from None
    try:
        return read_app_config_text(content)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(f"{text}: {error.title}") from None


def add_app_config_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--app-config",
        type=app_config_argument,
        metavar="FILE",
        help=f"App Studio's appConfig.json: {what} (default: none)",
    )


def existing_file(text: str) -> str:
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(f"{text!r} is not a file")
    return text


def add_db_argument(
    parser: argparse.ArgumentParser | argparse._ActionsContainer, what: str
) -> None:
    parser.add_argument(
        "--db",
        type=db_argument,
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"{what} (default: {DEFAULT_DB})",
    )


def package_version() -> str:
    try:
        return metadata.version("median-harness")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout without install
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="median-harness",
        description="Test a Median app's OneSignal integration without a phone.",
    )
    parser.add_argument(
        "--version", action="version", version=f"median-harness {package_version()}"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    serve = commands.add_parser(
        "serve",
        help="serve the harness, the REST API and the demo site",
        description="Serve the harness, the simulated OneSignal REST API and the demo site.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port",
        type=port_argument,
        default=8000,
        help="the port; 0 picks a free one (default: 8000)",
    )
    where = serve.add_mutually_exclusive_group()
    add_db_argument(where, "the SQLite file")
    where.add_argument(
        "--memory", action="store_true", help="keep state in memory only (default: off)"
    )
    serve.add_argument(
        "--app-id",
        type=app_id_argument,
        metavar="UUID",
        help="the default app's id (default: the stored default app, or a new one)",
    )
    serve.add_argument(
        "--api-key",
        type=api_key_argument,
        metavar="KEY",
        help="the default app's REST API key (default: the stored one, or a new one)",
    )
    add_app_config_argument(serve, "the default app is built from it")
    serve.add_argument(
        "--legacy-below",
        type=version_argument,
        metavar="VERSION",
        help="builds older than VERSION carry the legacy OneSignal SDK "
        "(default: every build carries the v5 SDK)",
    )
    serve.add_argument(
        "--plugins",
        type=plugins_argument,
        metavar="NAMES",
        help="the native plugins the app's builds include, comma-separated "
        "(default: onesignal; the core bridge is always there)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="also serve requests whose Host header names HOST (repeatable; '*' allows any); "
        "loopback names and the --host address are always served (default: none)",
    )
    serve.add_argument(
        "--token",
        default=os.environ.get("MEDIAN_HARNESS_TOKEN"),
        help="let non-loopback clients use /_harness when they send this token "
        "(default: $MEDIAN_HARNESS_TOKEN, else none)",
    )
    importing = commands.add_parser(
        "import",
        help="import users from a CSV file in OneSignal's import format",
        description="Import users from a CSV file in OneSignal's import format into an app.",
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv", help="the CSV file")
    add_db_argument(importing, "the SQLite file")
    importing.add_argument(
        "--app-id",
        type=app_id_argument,
        metavar="UUID",
        help="the app to import into (default: the stored default app)",
    )
    opening = commands.add_parser(
        "open",
        help="open a site in a simulated app's window, with its phone page beside it",
        description="Open URL in a Chromium window as the simulated app shows it: the phone's "
        "screen, the app's user agent and the bridge stub for one simulated device, on any "
        "origin; the device's phone page opens beside it. The browser profile is kept per "
        "device (a reinstall empties it).",
    )
    opening.add_argument("url", nargs="?", type=url_argument, help="the page to open")
    opening.add_argument(
        "--platform", choices=["ios", "android"], default="ios", help="the phone (default: ios)"
    )
    opening.add_argument(
        "--app-version",
        type=version_argument,
        default="2.0.0",
        metavar="VERSION",
        help="the installed build (default: 2.0.0)",
    )
    opening.add_argument(
        "--sdk",
        choices=["v5", "legacy"],
        help="the OneSignal SDK (default: from the app's --legacy-below)",
    )
    opening.add_argument(
        "--push-permission",
        choices=["granted", "denied", "not_determined"],
        help="the push permission (default: granted; with --app-config, asked at first launch)",
    )
    opening.add_argument(
        "--consent-required",
        action="store_true",
        default=None,
        help="the app asks for privacy consent first (default: off, or as the config says)",
    )
    add_app_config_argument(
        opening, "the app to install is built from it, and opens its initialUrl without a URL"
    )
    opening.add_argument(
        "--plugins",
        type=plugins_argument,
        metavar="NAMES",
        help="the app's native plugins, comma-separated (default: as stored)",
    )
    opening.add_argument(
        "--device", metavar="ID", help="open an existing device (default: install on a new one)"
    )
    opening.add_argument(
        "--app-id",
        type=app_id_argument,
        metavar="UUID",
        help="the app to install (default: the default app)",
    )
    opening.add_argument(
        "--harness-url",
        type=url_argument,
        metavar="URL",
        help="use a running harness (default: start one in this process, on a free port)",
    )
    add_db_argument(opening, "the SQLite file of the harness started here")
    opening.add_argument(
        "--browser",
        type=existing_file,
        metavar="PATH",
        help="the Chromium to run (default: as the tests find it)",
    )
    opening.add_argument(
        "--headless",
        action="store_true",
        help="no window (for machines without a display, and tests)",
    )
    opening.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help="with --headless: save the site's page to FILE (and the phone page beside it, "
        "FILE-phone.png), then exit",
    )
    checking = commands.add_parser(
        "calibrate",
        help="replay a calibration recording from a real app and report the differences",
        description="Replay a recording made with /calibrate inside a real Median app on a "
        "simulated device; exit status 1 when a step differs.",
    )
    checking.add_argument("file", type=Path, metavar="FILE.json", help="the recording")
    return parser


def calibrate(args: argparse.Namespace) -> int:
    """Replay a kept recording on a simulated device and print where they differ."""
    try:
        recording = Recording.model_validate_json(args.file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return refuse(f"cannot read {str(args.file)!r}: {error}")
    except ValidationError as error:
        return refuse(f"{str(args.file)!r} is not a calibration recording: {describe(error)}")
    backend = OneSignalBackend(MemoryStore())
    report = compare(Runtime(backend, backend.ensure_default_app().app_id), recording)
    profile = report["profile"]
    print(
        f"{profile['platform']} {profile['app_version']} ({profile['sdk']} SDK): "
        f"{report['agree']} steps agree, {report['differ']} differ"
    )
    for step in report["steps"]:
        print(f"  {'agree ' if step['agree'] else 'DIFFER'} {step['call']}")
        for difference in step["differences"]:
            print(f"         {difference}")
    return 1 if report["differ"] else 0


def import_file(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return refuse(f"cannot read {str(args.file)!r}: {error}")
    try:
        store = open_store(args.db)
    except (sqlite3.Error, OSError) as error:
        return refuse(f"cannot open the database {args.db!r}: {error}")
    try:
        backend = OneSignalBackend(store)
        app = backend.get_app(args.app_id) if args.app_id else backend.ensure_default_app()
        report = backend.import_users(app.app_id, text)
    except CodedError as error:  # a rule, or a database held by a running server
        return refuse(error.title)
    finally:
        store.close()
    print(
        f"imported into app {app.app_id}: {report.created} created, {report.updated} updated, "
        f"{report.rejected} rejected"
    )
    for rejection in report.rejections:
        print(f"  line {rejection['line']}: {rejection['reason']}")
    return 0


def beside(db: str, what: str) -> Path:
    """A file or directory beside the database: x.db -> x-calibrations."""
    path = Path(db)
    return path.with_name(f"{path.stem}-{what}")


def refuse(message: str) -> int:
    print(f"median-harness: {message}", file=sys.stderr)
    return 2


def open_command(args: argparse.Namespace) -> int:
    """`open`: a site in a simulated app's window, on this process's harness or a running one."""
    options = OpenOptions(
        url=args.url,
        platform=args.platform,
        app_version=args.app_version,
        sdk=args.sdk,
        push_permission=args.push_permission,
        consent_required=args.consent_required,
        app_config=args.app_config,
        plugins=args.plugins,
        device=args.device,
        app_id=args.app_id,
        browser=args.browser,
        headless=args.headless,
        screenshot=args.screenshot,
        profiles=beside(args.db, "profiles"),
    )
    try:
        open_app.check(options)
        if args.harness_url:
            client = HarnessClient(args.harness_url)
            if not client.ping():
                return refuse(f"no harness answers at {args.harness_url}")
            return open_app.run(args.harness_url, client, options)
        with local_harness(args.db) as (url, client):
            return open_app.run(url, client, options)
    except open_app.OpenRefused as error:
        return refuse(str(error))
    except NoBrowserError as error:
        return refuse(str(error))


@contextmanager
def local_harness(db: str) -> Iterator[tuple[str, HarnessClient]]:
    """A harness (with the installed site's pages), in this process, on a free loopback port."""
    try:
        store = open_store(db)
    except (sqlite3.Error, OSError) as error:
        raise open_app.OpenRefused(f"cannot open the database {db!r}: {error}") from None
    backend = OneSignalBackend(store)
    app = backend.ensure_default_app()
    try:
        asgi_app = served_app(
            backend, app.app_id, calibrations_dir=beside(db, "calibrations"), db=db
        )
    except (sqlite3.Error, OSError) as error:
        store.close()
        raise open_app.OpenRefused(f"cannot open the site's database: {error}") from None
    try:
        with serve_in_thread(asgi_app) as server:
            client = HarnessClient(server.url)
            yield server.url, client
            client.close()
    finally:
        store.close()


def serve(args: argparse.Namespace) -> int:
    try:
        store = open_store(None if args.memory else args.db)
    except (sqlite3.Error, OSError) as error:
        return refuse(f"cannot open the database {args.db!r}: {error}")
    backend = OneSignalBackend(store)
    try:
        built = {} if args.app_config is None else app_fields(args.app_config)
        if args.plugins is not None:
            built["plugins"] = args.plugins
        app = backend.ensure_default_app(
            app_id=args.app_id, api_key=args.api_key, legacy_below=args.legacy_below, **built
        )
    except OneSignalError as error:
        return refuse(error.title)
    try:
        sock = listening_socket(args.host, args.port)
    except (OSError, OverflowError) as error:
        return refuse(f"cannot listen on {args.host}:{args.port}: {error}")
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"median-harness serving at http://{host}:{port}", flush=True)
    print(f"  app id:       {app.app_id}", flush=True)
    print(f"  REST API key: {app.api_key}", flush=True)
    print(f"  store:        {'memory' if args.memory else args.db}", flush=True)
    try:
        asgi_app = served_app(
            backend,
            app.app_id,
            token=args.token,
            hosts=allowed_hosts(args.host, args.allow_host),
            calibrations_dir=None if args.memory else beside(args.db, "calibrations"),
            db=None if args.memory else args.db,
        )
    except (sqlite3.Error, OSError) as error:
        return refuse(f"cannot open the site's database: {error}")
    try:
        uvicorn.Server(server_config(asgi_app)).run(sockets=[sock])
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args)
        if args.command == "import":
            return import_file(args)
        if args.command == "calibrate":
            return calibrate(args)
        if args.command == "open":
            return open_command(args)
    except KeyboardInterrupt:
        return 0
    except Exception as error:  # one line, never a traceback; MEDIAN_HARNESS_DEBUG shows it
        if os.environ.get("MEDIAN_HARNESS_DEBUG"):
            raise
        print(f"median-harness: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
