"""A small fake Telegram Bot API server (aiohttp on 127.0.0.1) for tests and benchmarks.

The real aiogram polling loop talks to it over HTTP through BOT_API_BASE: the tests
queue updates as a person would send them and read what the bot sent back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Relais", "username": "relais_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    result: Any = None


@dataclass
class FakeBotAPI:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _new_call: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
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

    # -- what the bot sent ----------------------------------------------------------------

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

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

    def _push(self, update: dict[str, Any]) -> None:
        update["update_id"] = next(self._ids)
        self._updates.append(update)
        self._new_update.set()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if self.record or method == "getUpdates":
            params = await _parameters(request)
        else:
            await request.read()
            params = {"chat_id": "1"}
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._updates_after(params)})
        call = Call(method, params)
        self.calls.append(call)
        if self.failures.get(method):
            failure = self.failures[method].pop(0)
            self._new_call.set()
            return web.json_response(failure, status=failure["error_code"])
        call.result = self._result(method, params)
        self._new_call.set()
        return web.json_response({"ok": True, "result": call.result})

    async def _updates_after(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
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
        return list(self._updates)

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
        return True


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


def serve(connection: Connection, questions: list[str], users: int) -> None:
    """A throughput run's server, in a process of its own (it imports no aiogram, so it
    starts at once): sends its address, holds one question of each of `users` people, and
    sends the questions a second from their first delivery to the last reply."""
    asyncio.run(_serve_async(connection, questions, users))


async def _serve_async(connection: Connection, questions: list[str], users: int) -> None:
    api = FakeBotAPI(record=False)
    base = await api.start()
    for user in range(users):
        api.send(questions[user % len(questions)], user_id=10_000_000 + user)
    connection.send(base)
    await api.wait_sent(users, timeout=600)
    elapsed = time.perf_counter() - (api.first_delivery or time.perf_counter())
    connection.send(users / elapsed)
    await asyncio.sleep(1)  # lets the bot finish its last calls before the server goes
    await api.stop()
