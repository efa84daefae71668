"""uvicorn's HTTP/1.1 protocol with a deadline for the request head. uvicorn closes idle
keep-alive connections, but keeps forever a connection that never finishes a request head (a
half-open or deliberately slow client): each holds a socket and memory until the server stops.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

#: Browsers send a request head in one piece; any client gets this long for it.
HEAD_TIMEOUT_SECONDS = 10.0


class HeadTimeoutProtocol(H11Protocol):
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT_SECONDS, self._head_overdue)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_overdue(self) -> None:
        """Close the connection unless a request is being answered (or it became a socket)."""
        waiting = self.cycle is None or self.cycle.response_complete
        ours = self.transport.get_protocol() is self
        if waiting and ours and not self.transport.is_closing():
            self.transport.close()
