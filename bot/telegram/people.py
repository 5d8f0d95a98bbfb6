"""The people the bot talks to, known only by pseudonym, with their chosen language.

Every chosen language is read once at start and held in memory, so that a message costs
no database read; writes go to a worker thread so that SQLite never blocks the event loop.
Memory follows the database: it changes only once the database has, so a failing disk
never leaves the two telling different stories.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.knowledge.model import LANGUAGES
from bot.store.database import Store
from bot.store.health import StorageError, StoreHealth
from bot.store.pseudonyms import pseudonym

DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Person:
    pseudonym: str
    lang: str
    chosen: bool  # False while the language is only a guess from the Telegram app


class People:
    def __init__(self, store: Store, secret: bytes, health: StoreHealth | None = None):
        self._store = store
        self._secret = secret
        self._health = health or StoreHealth()
        self._languages: dict[str, str] = store.languages()

    async def person(self, telegram_id: int, app_language: str | None) -> Person:
        code = pseudonym(telegram_id, self._secret)
        chosen = self._languages.get(code)
        if chosen:
            return Person(code, chosen, True)
        return Person(code, guess_language(app_language), False)

    async def choose_language(self, person: Person, lang: str) -> tuple[Person, bool]:
        """The person speaking `lang` from now on, and whether the choice was saved (if
        not, it serves this reply only: the bot must say it could not save it)."""
        try:
            await asyncio.to_thread(self._store.remember_language, person.pseudonym, lang)
        except StorageError as error:
            self._health.failed(error)
            return Person(person.pseudonym, lang, person.chosen), False
        self._health.worked()
        self._languages[person.pseudonym] = lang
        return Person(person.pseudonym, lang, True), True

    async def forget(self, person: Person) -> bool:
        """Delete what is kept about the person; False when the database failed (then
        nothing is forgotten in memory either)."""
        try:
            await asyncio.to_thread(self._store.forget, person.pseudonym)
        except StorageError as error:
            self._health.failed(error)
            return False
        self._health.worked()
        self._languages.pop(person.pseudonym, None)
        return True


def guess_language(app_language: str | None) -> str:
    """The Telegram app's language ("pt-br" → "pt") when the bot speaks it, else French."""
    code = (app_language or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE
