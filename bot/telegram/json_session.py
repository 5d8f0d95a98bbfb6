"""Calls to the Bot API as JSON bodies, which the Bot API accepts for every method.

aiogram sends form fields by default: the form encoder quotes each byte of a text in
Python, and each value of a keyboard is checked one by one, in Python, for a file or a
date. For a long answer in Arabic, Chinese or Russian with its buttons, that cost more than
the whole engine. Here pydantic leaves out empty fields and the C JSON encoder walks the
rest, asking only about what JSON cannot say by itself. A call that uploads a file still
goes as a form, as only forms carry files.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientError, ClientTimeout

JSON = {"Content-Type": "application/json"}


class _CarriesFile(Exception):
    """The call uploads a file: it must go as a form."""


class JsonSession(AiohttpSession):
    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        try:
            body = json_body(bot, method)
        except _CarriesFile:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=JSON,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as response:
                content = await response.text()
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        checked = self.check_response(
            bot=bot, method=method, status_code=response.status, content=content
        )
        return cast(TelegramType, checked.result)


def json_body(bot: Bot, method: TelegramMethod[Any]) -> str:
    """The call's parameters as JSON, without the empty ones (as aiogram's forms)."""
    fields = {}
    for key, value in method.model_dump(warnings=False, exclude_none=True).items():
        if isinstance(value, Default):
            value = bot.default[value.name]
        if value is not None:
            fields[key] = value
    return json.dumps(fields, ensure_ascii=False, default=partial(_plain, bot))


def _plain(bot: Bot, value: Any) -> Any:
    """A value JSON cannot say by itself, as the Bot API takes it."""
    if isinstance(value, Default):
        return bot.default[value.name]
    if isinstance(value, InputFile):
        raise _CarriesFile
    if isinstance(value, dt.timedelta):
        return round((dt.datetime.now() + value).timestamp())  # noqa: DTZ005 (as aiogram)
    if isinstance(value, dt.datetime):
        return round(value.timestamp())
    raise TypeError(f"{type(value).__name__} cannot be sent to the Bot API")
