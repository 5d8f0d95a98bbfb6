"""Telegram errors handled where every call to the Bot API passes: a 429 waits the time
Telegram asks and tries again, network errors retry with back-off, a person who blocked
the bot (403) is noted and skipped. One failing call never stops the bot."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response

log = logging.getLogger("relais.telegram")

MAX_ATTEMPTS = 5
MAX_WAIT = 60.0  # seconds: a longer retry_after is not worth holding a reply for
FIRST_BACKOFF = 0.5


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
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == MAX_ATTEMPTS or error.retry_after > MAX_WAIT:
                    raise
                log.warning(
                    "telegram asked to wait",
                    extra={"method": method.__api_method__, "retry_after": error.retry_after},
                )
                await self._sleep(error.retry_after)
            except TelegramNetworkError:
                if attempt == MAX_ATTEMPTS or method.__api_method__ == "getUpdates":
                    raise
                log.warning(
                    "network error, retrying",
                    extra={"method": method.__api_method__, "attempt": attempt},
                )
                await self._sleep(backoff)
                backoff *= 2
            except TelegramForbiddenError:
                self.blocked += 1
                log.info(
                    "a person blocked the bot; skipped", extra={"method": method.__api_method__}
                )
                raise
        raise AssertionError("unreachable")
