"""Run an ASGI app with uvicorn in a background thread, on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from bridge_stub.asgi import create_harness_app, runtime_of_app
from bridge_stub.domain.backend import OneSignalBackend
from bridge_stub.http_protocol import HeadTimeoutProtocol
from bridge_stub.store import MemoryStore


def listening_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """Bind the port ourselves (port 0 is race-free) with TCP_NODELAY, which uvicorn only sets
    on sockets it binds itself; without it every browser request waits ~40 ms for Nagle."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def server_config(app: ASGIApp, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for every harness server: a request head within 10 s, and no
    compression on WebSockets (a page's socket carries small JSON messages, and each
    compressed socket costs the server and the browser a zlib stream each way)."""
    return uvicorn.Config(
        app,
        log_level="warning",
        timeout_graceful_shutdown=2,
        http=HeadTimeoutProtocol,
        ws_per_message_deflate=False,
        **options,
    )


class ServerThread:
    """`with ServerThread(app) as server:` serves `app` at `server.url` until the block ends."""

    def __init__(
        self,
        app: ASGIApp,
        host: str = "127.0.0.1",
        before_stop: Callable[[], None] | None = None,
    ) -> None:
        self._socket = listening_socket(host)
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._before_stop = before_stop
        self._server = uvicorn.Server(server_config(app, lifespan="off"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the harness server did not start")
            time.sleep(0.001)
        return self

    def stop(self) -> None:
        """Stop serving; `before_stop` ends long-lived responses (event streams) first."""
        if self._before_stop is not None:
            self._before_stop()
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_in_thread(asgi_app: Starlette, host: str = "127.0.0.1") -> ServerThread:
    """A not yet started server thread for a harness app (or a site built on one), which
    ends the app's event streams before it stops."""
    return ServerThread(asgi_app, host, before_stop=runtime_of_app(asgi_app).close)


def harness_app(backend: OneSignalBackend | None = None) -> Starlette:
    """A harness app over `backend` (any store; default: a fresh in-memory one), with its
    default app."""
    backend = backend or OneSignalBackend(MemoryStore())
    return create_harness_app(backend, backend.ensure_default_app().app_id)
