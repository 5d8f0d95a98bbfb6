"""Telegram errors: network errors retry with back-off, a 429 waits as asked."""

from typing import Any

import pytest
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import SendMessage

from bot.telegram.resilience import RetryRequests


async def test_network_errors_are_retried_with_growing_waits() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    calls = 0
    method = SendMessage(chat_id=1, text="hi")

    async def flaky(bot: Any, method: Any) -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise TelegramNetworkError(method=method, message="connection reset")
        return "sent"

    assert await RetryRequests(sleep)(flaky, None, method) == "sent"  # type: ignore[arg-type]
    assert waits == [0.5, 1.0]


async def test_a_long_retry_after_is_not_waited_for() -> None:
    method = SendMessage(chat_id=1, text="hi")

    async def limited(bot: Any, method: Any) -> str:
        raise TelegramRetryAfter(method=method, message="flood", retry_after=3600)

    async def sleep(seconds: float) -> None:
        raise AssertionError("should not wait an hour")

    with pytest.raises(TelegramRetryAfter):
        await RetryRequests(sleep)(limited, None, method)  # type: ignore[arg-type]
