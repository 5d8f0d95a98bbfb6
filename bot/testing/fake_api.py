"""A small fake Telegram Bot API server (aiohttp on 127.0.0.1) for tests and benchmarks.

The real bot talks to it over HTTP through BOT_API_BASE: the tests queue updates as a
person would send them and read what the bot sent back. Like Telegram, it hands out at
most `limit` (100) updates a call and keeps each until a later call's offset confirms it.

Faults, as Telegram and the network produce them, for one call (`fault_next`) or for a
share of all calls (`fault_rate`): a 500 in the Bot API's JSON, a proxy's 502 HTML page,
a body that is not JSON, a 429 with its retry_after, and a connection reset after the
call was delivered (the bot cannot know it arrived).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Relais", "username": "relais_test_bot"}


FAULTS = ("500", "502_html", "bad_json", "reset")


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None
    delivered: bool = False  # Telegram acted on it (even if the bot never heard back)


@dataclass
class FakeBotAPI:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _new_call: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    base: str = ""
    first_delivery: float | None = None  # when the bot first received updates
    # False for benchmarks: a call is counted but its body not parsed, as Telegram's own
    # work of reading requests is not the bot's.
    record: bool = True
    closing: bool = False  # set by release_polls: every long poll answers at once

    def release_polls(self) -> None:
        """Answer the bot's pending and later long polls at once with no update, so that
        a bot stops without waiting out its poll timeout."""
        self.closing = True
        self._new_update.set()

    faults: dict[str, list[str]] = field(default_factory=dict)
    _fault_rate: float = 0.0
    _fault_kinds: tuple[str, ...] = FAULTS
    _fault_methods: frozenset[str] = frozenset()
    _random: random.Random = field(default_factory=lambda: random.Random(16))
    _history: dict[int, dict[str, Any]] = field(default_factory=dict)
    _in_hand: set[int] = field(default_factory=set)
    _delivered: dict[str, int] = field(default_factory=dict)
    most_in_hand: int = 0  # most updates handed out at once and not yet confirmed
    confirmed: int = 0  # every update below this id is confirmed (the last offset)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("POST", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what a person does -------------------------------------------------------------

    def send(
        self,
        text: str | None = None,
        *,
        user_id: int = 1001,
        language_code: str = "fr",
        chat_type: str = "private",
        chat_id: int | None = None,
        edited: bool = False,
        **content: Any,
    ) -> int:
        """Queue a message from a person; returns its message id."""
        message_id = next(self._ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id or user_id, "type": chat_type},
            "from": {
                "id": user_id,
                "is_bot": False,
                "first_name": "P",
                "language_code": language_code,
            },
            **content,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if edited:
            message["edit_date"] = int(time.time())
        self._push({"edited_message" if edited else "message": message})
        return message_id

    def tap(
        self, data: str, *, user_id: int = 1001, message_id: int = 1, language_code: str = "fr"
    ) -> None:
        """Queue a tap on an inline button with callback `data`."""
        self._push(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "chat_instance": "ci",
                    "data": data,
                    "from": {
                        "id": user_id,
                        "is_bot": False,
                        "first_name": "P",
                        "language_code": language_code,
                    },
                    "message": {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "chat": {"id": user_id, "type": "private"},
                        "text": "…",
                        "from": BOT_USER,
                    },
                }
            }
        )

    def fail_next(self, method: str, error_code: int, description: str, **parameters: Any) -> None:
        """The next call of `method` answers with this error."""
        self.failures.setdefault(method, []).append(
            {
                "ok": False,
                "error_code": error_code,
                "description": description,
                **({"parameters": parameters} if parameters else {}),
            }
        )

    def fault_next(self, method: str, kind: str) -> None:
        """The next call of `method` meets this fault (one of `FAULTS`)."""
        self.faults.setdefault(method, []).append(kind)

    def fault_rate(
        self,
        rate: float,
        kinds: tuple[str, ...] = FAULTS,
        methods: tuple[str, ...] = ("sendMessage", "getUpdates"),
    ) -> None:
        """A share `rate` of the calls of `methods` meets one of `kinds`, drawn at random
        (with a fixed seed, so a run can be repeated)."""
        self._fault_rate, self._fault_kinds = rate, kinds
        self._fault_methods = frozenset(methods)

    # -- what the bot sent ----------------------------------------------------------------

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def delivered_count(self, method: str = "sendMessage") -> int:
        return self._delivered.get(method, 0)

    def delivered(self, method: str = "sendMessage") -> list[Call]:
        """The calls Telegram acted on: what people and moderators really saw."""
        return [c for c in self.calls if c.method == method and c.delivered]

    async def wait_delivered(
        self, count: int, method: str = "sendMessage", timeout: float = 60.0
    ) -> list[Call]:
        """Wait until `count` calls of `method` were delivered; return them all."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.delivered_count(method) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"expected {count} {method} delivered, got {self.delivered_count(method)}"
                )
            self._new_call.clear()
            try:
                await asyncio.wait_for(self._new_call.wait(), min(remaining, 1.0))
            except TimeoutError:
                continue
        return self.delivered(method)

    async def wait_sent(
        self, count: int, method: str = "sendMessage", timeout: float = 60.0
    ) -> list[dict[str, Any]]:
        """Wait until the bot has sent `count` calls of `method`; return them all."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.sent(method)) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"expected {count} {method}, got {self.sent(method)}")
            self._new_call.clear()
            try:
                await asyncio.wait_for(self._new_call.wait(), remaining)
            except TimeoutError:
                continue
        return self.sent(method)

    # -- the server --------------------------------------------------------------------------

    def deliver_again(self, update_id: int) -> None:
        """Queue an update a second time, as Telegram does when its delivery was not
        confirmed (the bot died before its next getUpdates, or a webhook call failed)."""
        self._updates.append(self._history[update_id])
        self._updates.sort(key=lambda u: int(u["update_id"]))
        self._new_update.set()

    def _push(self, update: dict[str, Any]) -> None:
        update["update_id"] = next(self._ids)
        if self.record:
            self._history[update["update_id"]] = update
        self._updates.append(update)
        self._new_update.set()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self.record or method == "getUpdates":
            params = await _parameters(request)
        else:
            await request.read()
            params = {"chat_id": "1"}
        fault = self._fault(method)
        if method == "getUpdates":
            if fault is not None and fault != "reset":
                return _faulty(fault)
            return web.json_response({"ok": True, "result": await self._updates_after(params)})
        call = Call(method, params)
        self.calls.append(call)
        self._new_call.set()
        if self.failures.get(method):
            failure = self.failures[method].pop(0)
            return web.json_response(failure, status=failure["error_code"])
        if fault is not None and fault != "reset":
            return _faulty(fault)
        call.result = self._result(method, params)
        call.delivered = True
        self._delivered[method] = self._delivered.get(method, 0) + 1
        if fault == "reset" and request.transport is not None:
            request.transport.abort()
        return web.json_response({"ok": True, "result": call.result})

    def _fault(self, method: str) -> str | None:
        if self.faults.get(method):
            return self.faults[method].pop(0)
        if method in self._fault_methods and self._random.random() < self._fault_rate:
            return self._random.choice(self._fault_kinds)
        return None

    async def _updates_after(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._in_hand = {i for i in self._in_hand if i >= offset}
        self.confirmed = max(self.confirmed, offset)
        if self.closing:
            return []
        if not self._updates:
            self._new_update.clear()
            try:
                timeout = min(float(params.get("timeout") or 0), 1.0)
                await asyncio.wait_for(self._new_update.wait(), timeout)
            except TimeoutError:
                return []
            if self.closing:
                return []
        if self.first_delivery is None:
            self.first_delivery = time.perf_counter()
        handed = self._updates[:limit]
        self._in_hand.update(u["update_id"] for u in handed)
        self.most_in_hand = max(self.most_in_hand, len(self._in_hand))
        return handed

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in {"sendMessage", "editMessageText", "sendDocument"}:
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id") or 0), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "copyMessage":
            return {"message_id": next(self._ids)}
        return True


def _faulty(kind: str) -> web.Response:
    """The answer of a call that failed on Telegram's side: nothing was done."""
    if kind == "500":
        body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        return web.json_response(body, status=500)
    if kind == "502_html":
        page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        return web.Response(text=page, status=502, content_type="text/html")
    return web.Response(text='{"ok": true, "result": {"mess', content_type="application/json")


async def _parameters(request: web.Request) -> dict[str, Any]:
    """A call's parameters, from a JSON body or a form, as a form gives them: numbers and
    flags as text, objects and lists decoded."""
    if request.content_type == "application/json":
        body = await request.json()
        return {
            k: v if isinstance(v, str | dict | list) else json.dumps(v) for k, v in body.items()
        }
    form = await request.post()
    return {k: _decode(str(v)) for k, v in form.items()}


def _decode(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def serve(
    connection: Connection, questions: list[str], users: int, messages: int | None = None
) -> None:
    """A throughput run's server, in a process of its own (it imports no aiogram, so it
    starts at once): sends its address, holds `messages` questions (default: one each)
    from `users` people in turn, and sends the replies a second from their first delivery
    to the last reply."""
    asyncio.run(_serve_async(connection, questions, users, messages or users))


async def _serve_async(
    connection: Connection, questions: list[str], users: int, messages: int
) -> None:
    api = FakeBotAPI(record=False)
    base = await api.start()
    for number in range(messages):
        api.send(questions[number % len(questions)], user_id=10_000_000 + number % users)
    connection.send(base)
    await api.wait_delivered(messages, timeout=1800)
    elapsed = time.perf_counter() - (api.first_delivery or time.perf_counter())
    connection.send(messages / elapsed)
    # An emergency reply is two messages (the block, then the SMS to copy): the server
    # stays until the bot has been quiet a second, so that no call of it meets a closed port.
    while True:
        sent = api.delivered_count()
        await asyncio.sleep(1)
        if api.delivered_count() == sent:
            break
    await api.stop()
