"""Telegram errors as the Bot API means them: what is retried, how often, how long."""

from types import SimpleNamespace
from typing import Any

import pytest
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiohttp import ClientConnectorError

from bot.telegram.resilience import RetryRequests, always_retried

SEND = SendMessage(chat_id=1, text="hi")
EDIT = EditMessageText(chat_id=1, message_id=2, text="hi")


def refused(method: TelegramMethod[Any]) -> Exception:
    """The connection could not be opened: nothing reached Telegram."""
    key = SimpleNamespace(host="127.0.0.1", port=1, ssl=None)
    error = TelegramNetworkError(method=method, message="refused")
    error.__cause__ = ClientConnectorError(key, OSError(111, "refused"))  # type: ignore[arg-type]
    return error


def reset(method: TelegramMethod[Any]) -> Exception:
    """The connection broke once the call had left: it may have been delivered."""
    return TelegramNetworkError(method=method, message="connection reset")


def server_error(method: TelegramMethod[Any]) -> Exception:
    return TelegramServerError(method=method, message="Internal Server Error")


def bad_json(method: TelegramMethod[Any]) -> Exception:
    return ClientDecodeError("Failed to decode object", ValueError(), "<html>502</html>")


async def calls_until_done(method: TelegramMethod[Any], error: Any, failures: int) -> int:
    """How many calls RetryRequests makes when the first `failures` fail with `error`;
    -1 when it gives up."""
    calls = 0

    async def flaky(bot: Any, method: Any) -> str:
        nonlocal calls
        calls += 1
        if calls <= failures:
            raise error(method)
        return "sent"

    async def no_wait(seconds: float) -> None:
        return None

    try:
        await RetryRequests(no_wait)(flaky, None, method)  # type: ignore[arg-type]
    except TelegramNetworkError:
        return -1
    return calls


@pytest.mark.parametrize(
    ("method", "error", "failures", "calls"),
    [
        (SEND, refused, 3, 4),  # never reached Telegram: sent again
        (SEND, server_error, 3, 4),  # 5xx: Telegram did nothing
        (SEND, bad_json, 3, 4),  # a proxy's HTML page, a cut body
        (SEND, reset, 1, 2),  # may have arrived: sent again once...
        (SEND, reset, 2, -1),  # ...and no more
        (EDIT, reset, 3, 4),  # an edit is safe to repeat
    ],
)
async def test_what_is_retried(method: Any, error: Any, failures: int, calls: int) -> None:
    assert await calls_until_done(method, error, failures) == calls


async def test_the_emergency_block_is_sent_until_it_goes_through() -> None:
    with always_retried():
        assert await calls_until_done(SEND, reset, 3) == 4


async def test_waits_grow_between_attempts() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    calls = 0

    async def flaky(bot: Any, method: Any) -> str:
        nonlocal calls
        calls += 1
        if calls < 4:
            raise server_error(method)
        return "sent"

    assert await RetryRequests(sleep)(flaky, None, SEND) == "sent"  # type: ignore[arg-type]
    assert waits == [0.5, 1.0, 2.0]


async def test_a_long_retry_after_keeps_the_reply_until_it_can_be_sent() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    calls = 0

    async def limited(bot: Any, method: Any) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise TelegramRetryAfter(method=method, message="flood", retry_after=3600)
        return "sent"

    assert await RetryRequests(sleep)(limited, None, SEND) == "sent"  # type: ignore[arg-type]
    assert waits == [3600]
