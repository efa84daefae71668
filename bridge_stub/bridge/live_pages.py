"""Live pages of each simulated device: the events they listen for, and a server-sent-event
stream to each, so the app can call into a page without a reload (push opened)."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict, defaultdict
from typing import Any

PUSH_OPENED_EVENT = "_median_onesignal_push_opened"
PUSH_OPENED_GLOBAL = "median_onesignal_push_opened"

Calls = list[dict[str, Any]]
#: A page id comes from the page: these bound what any page can make the server keep.
MAX_PAGES_PER_DEVICE = 32
MAX_LISTENERS_PER_PAGE = 32
MAX_PENDING_PER_DEVICE = 32


class PageHub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: Per device, the listeners of its pages, the page used longest ago first.
        self._listeners: dict[str, OrderedDict[str, set[str]]] = defaultdict(OrderedDict)
        self._streams: dict[str, dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Queue[Any]]]]
        self._streams = defaultdict(dict)
        self._pending: dict[str, list[dict[str, Any]]] = defaultdict(list)

    # -- listeners (`median://events/subscribe`) --------------------------------------------

    def subscribe(self, device: str, page: str, event_name: str) -> None:
        """Listen for `event_name` on a page. Past `MAX_PAGES_PER_DEVICE` pages, the device
        forgets the listeners of the page used longest ago that has no live stream (page ids
        are the page's to choose); a page keeps at most `MAX_LISTENERS_PER_PAGE`."""
        with self._lock:
            pages = self._listeners[device]
            names = pages.setdefault(page, set())
            pages.move_to_end(page)
            if len(pages) > MAX_PAGES_PER_DEVICE:
                live = self._streams.get(device, {})
                idle = next((p for p in pages if p not in live and p != page), None)
                if idle is not None:
                    del pages[idle]
            if len(names) < MAX_LISTENERS_PER_PAGE:
                names.add(event_name)

    def unsubscribe(self, device: str, page: str, event_name: str) -> None:
        with self._lock:
            pages = self._listeners.get(device)
            names = pages.get(page) if pages is not None else None
            if names is not None:
                names.discard(event_name)

    def listeners(self, device: str, page: str) -> set[str]:
        with self._lock:
            pages = self._listeners.get(device)
            return set(pages.get(page, ())) if pages is not None else set()

    def devices(self) -> set[str]:
        """Every device the hub keeps something for."""
        with self._lock:
            return {*self._listeners, *self._streams, *self._pending}

    # -- streams -----------------------------------------------------------------------------

    def connect(self, device: str, page: str) -> asyncio.Queue[Any]:
        """Open a page's stream (on the server's event loop); notifications opened while no
        page of the device was live are delivered to it now."""
        queue: asyncio.Queue[Any] = asyncio.Queue()
        with self._lock:
            self._streams[device][page] = (asyncio.get_running_loop(), queue)
            pending = self._pending.pop(device, [])
        for data in pending:
            queue.put_nowait({"calls": self._push_opened_calls(device, page, data)})
        return queue

    def disconnect(self, device: str, page: str) -> None:
        with self._lock:
            streams = self._streams.get(device, {})
            streams.pop(page, None)
            if not streams:
                self._streams.pop(device, None)
            pages = self._listeners.get(device)
            if pages is not None:
                pages.pop(page, None)
                if not pages:
                    del self._listeners[device]

    def push_opened(self, device: str, data: dict[str, Any]) -> int:
        """Call the push-opened listeners of every live page of the device (from any thread).
        Returns how many pages were reached; with none, the call waits for the next page."""
        with self._lock:
            targets = list(self._streams.get(device, {}).items())
            if not targets:
                pending = self._pending[device]
                pending.append(data)
                del pending[:-MAX_PENDING_PER_DEVICE]
        for page, (loop, queue) in targets:
            message = {"calls": self._push_opened_calls(device, page, data)}
            loop.call_soon_threadsafe(queue.put_nowait, message)
        return len(targets)

    def fire(self, device: str, name: str, data: Any) -> int:
        """A native event into every live page of the device: the page's listeners of `name`
        (or its global of that name) get `data`. Returns how many pages were reached."""
        return self.call(device, [{"function": name, "args": [data]}])

    def call(self, device: str, calls: Calls) -> int:
        """Call page globals in every live page of the device (from any thread)."""
        with self._lock:
            targets = list(self._streams.get(device, {}).values())
        for loop, queue in targets:
            loop.call_soon_threadsafe(queue.put_nowait, {"calls": calls})
        return len(targets)

    def forget_device(self, device: str) -> None:
        """The device is gone: its pages' streams end and nothing of it is kept."""
        with self._lock:
            self._pending.pop(device, None)
            self._listeners.pop(device, None)
            streams = self._streams.pop(device, {})
        for loop, queue in streams.values():
            if not loop.is_closed():
                loop.call_soon_threadsafe(queue.put_nowait, None)

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._lock:
            targets = [t for pages in self._streams.values() for t in pages.values()]
        for loop, queue in targets:
            if not loop.is_closed():
                loop.call_soon_threadsafe(queue.put_nowait, None)

    def _push_opened_calls(self, device: str, page: str, data: dict[str, Any]) -> Calls:
        """The page's subscribed listener (the bridge library's) and the classic global."""
        names = [PUSH_OPENED_EVENT] if PUSH_OPENED_EVENT in self.listeners(device, page) else []
        return [{"function": name, "args": [data]} for name in [*names, PUSH_OPENED_GLOBAL]]
