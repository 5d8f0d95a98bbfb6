"""Telegram errors handled where every call to the Bot API passes, as the Bot API means
them. One failing call never stops the bot.

- 429 (too many requests): wait the time Telegram asks, however long, and send then:
  the reply is kept, never dropped.
- 5xx and answers that are not the Bot API's JSON (a proxy's HTML page, a cut body):
  Telegram did not act on the call; try again with growing waits.
- Network errors: when the connection could not even be opened, nothing reached
  Telegram, so try again. When it broke after the call left (a reset, a time-out),
  Telegram may have delivered the message and the bot cannot know. A call that only
  reads or edits is safe to repeat; a message is sent again once at most, so a person
  gets few duplicates, except the emergency block (`always_retried`), sent until it
  goes through: a duplicate there is better than no numbers.
- 403 (the person blocked the bot): noted and skipped.

`SendGate` keeps few messages on their way at once. Telegram takes about 30 messages a
second from a bot, which 4 calls at a time reach even at 100 ms a call; and a message
whose answer the bot has not yet read when it dies is sent again after the restart (the
bot cannot know it arrived), so the fewer on their way, the fewer a crash repeats.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response
from aiohttp import ClientConnectorError

log = logging.getLogger("relais.telegram")

MAX_ATTEMPTS = 6  # for errors after which Telegram surely did nothing
MAX_WAITS = 20  # 429 answers in a row before a call is given up
UNCERTAIN_RETRIES = 1  # a message that may have been delivered is sent again at most once
FIRST_BACKOFF = 0.5
LONGEST_BACKOFF = 30.0

_always_retried: ContextVar[bool] = ContextVar("always_retried", default=False)


@contextlib.contextmanager
def always_retried(flag: bool = True) -> Iterator[None]:
    """Within this block (when `flag`), messages are sent again after any network error,
    even when they may have arrived: for the emergency block."""
    token = _always_retried.set(flag or _always_retried.get())
    try:
        yield
    finally:
        _always_retried.reset(token)


def sends_a_message(method: TelegramMethod[Any]) -> bool:
    """Calls that add a message to a chat: repeating one may show it twice."""
    name = method.__api_method__
    return name.startswith("send") or name in {"copyMessage", "forwardMessage"}


def surely_not_sent(error: TelegramNetworkError) -> bool:
    """The connection was never opened: nothing reached Telegram."""
    return isinstance(error.__cause__, ClientConnectorError)


SENDS_AT_ONCE = 4


class SendGate(BaseRequestMiddleware):
    """At most `limit` calls that add a message to a chat on their way at once."""

    def __init__(self, limit: int = SENDS_AT_ONCE) -> None:
        self._gate = asyncio.Semaphore(limit)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        if not sends_a_message(method):
            return await make_request(bot, method)
        async with self._gate:
            return await make_request(bot, method)


class RetryRequests(BaseRequestMiddleware):
    def __init__(self, sleep: Any = asyncio.sleep) -> None:
        self._sleep = sleep
        self.blocked = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        backoff = FIRST_BACKOFF
        failures = waits = uncertain = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                waits += 1
                if waits > MAX_WAITS:
                    raise
                log.warning(
                    "telegram asked to wait",
                    extra={"method": method.__api_method__, "retry_after": error.retry_after},
                )
                await self._sleep(error.retry_after)
                continue
            except (TelegramServerError, ClientDecodeError) as error:
                failures += 1
                if failures >= MAX_ATTEMPTS or method.__api_method__ == "getUpdates":
                    raise
                reason = type(error).__name__
            except TelegramNetworkError as error:
                failures += 1
                if failures >= MAX_ATTEMPTS or method.__api_method__ == "getUpdates":
                    raise
                if not surely_not_sent(error) and sends_a_message(method):
                    uncertain += 1
                    if uncertain > UNCERTAIN_RETRIES and not _always_retried.get():
                        raise
                reason = type(error.__cause__ or error).__name__
            except TelegramForbiddenError:
                self.blocked += 1
                log.info(
                    "a person blocked the bot; skipped", extra={"method": method.__api_method__}
                )
                raise
            log.warning(
                "telegram call failed, retrying",
                extra={"method": method.__api_method__, "attempt": failures, "reason": reason},
            )
            await self._sleep(backoff)
            backoff = min(backoff * 2, LONGEST_BACKOFF)
