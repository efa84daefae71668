"""The `median-harness` command line."""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from bridge_stub.asgi import allowed_hosts
from bridge_stub.bridge.surface import check_plugins
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.server import listening_socket
from bridge_stub.store import open_store
from demo_site.app import create_app
from demo_site.records import SiteRecords

DEFAULT_DB = "median-harness.db"


def app_id_argument(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a UUID") from None


def plugins_argument(text: str) -> tuple[str, ...]:
    try:
        return check_plugins([name.strip() for name in text.split(",") if name.strip()])
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="median-harness",
        description="Test a Median app's OneSignal integration without a phone.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the harness, the REST API and the demo site")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help="SQLite file")
    where.add_argument("--memory", action="store_true", help="keep state in memory only")
    serve.add_argument("--app-id", type=app_id_argument, metavar="UUID")
    serve.add_argument("--api-key", metavar="KEY")
    serve.add_argument("--legacy-below", metavar="VERSION")
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
        "loopback names and the --host address are always served",
    )
    serve.add_argument(
        "--token",
        default=os.environ.get("MEDIAN_HARNESS_TOKEN"),
        help="let non-loopback clients use /_harness when they send this token",
    )
    return parser


def site_db_path(db: str) -> str:
    """The demo site's own database sits beside the harness's: x.db -> x-site.db."""
    path = Path(db)
    return str(path.with_name(f"{path.stem}-site{path.suffix or '.db'}"))


def serve(args: argparse.Namespace) -> int:
    store = open_store(None if args.memory else args.db)
    backend = OneSignalBackend(store)
    try:
        app = backend.ensure_default_app(
            app_id=args.app_id,
            api_key=args.api_key,
            legacy_below=args.legacy_below,
            plugins=args.plugins,
        )
    except OneSignalError as error:
        print(f"median-harness: {error.title}", file=sys.stderr)
        return 2
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as error:
        print(f"median-harness: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"median-harness serving at http://{host}:{port}", flush=True)
    print(f"  app id:       {app.app_id}", flush=True)
    print(f"  REST API key: {app.api_key}", flush=True)
    print(f"  store:        {'memory' if args.memory else args.db}", flush=True)
    site_records = SiteRecords(":memory:" if args.memory else site_db_path(args.db))
    config = uvicorn.Config(
        create_app(
            backend,
            app.app_id,
            args.token,
            site_records,
            allowed_hosts(args.host, args.allow_host),
        ),
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2  # pragma: no cover - argparse refuses unknown commands


if __name__ == "__main__":
    sys.exit(main())
