"""A short memory of each conversation, so that "where?" after an answer means where to
go for that answer: the last topic, the last question, the city and the shared location.

Held in memory only, never written to disk: forgotten after KEEP_FOR seconds without a
message, on /forget, and when the bot restarts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.core.places import City

KEEP_FOR = 30 * 60.0
PRUNE_ABOVE = 10_000  # conversations held before the old ones are dropped


@dataclass(frozen=True)
class Recent:
    """What the bot remembers of one conversation."""

    at: float
    lang: str | None = None  # the language of the replies, kept through /forget
    topic: str | None = None
    question: str = ""  # the last question, for "Ask a person"
    relayed: bool = False  # that question already went to the moderators
    city: City | None = None
    location: tuple[float, float] | None = None

    @property
    def place(self) -> tuple[str, tuple[float, float]] | None:
        """Where the person is, as a name and a point: the location, else the city."""
        if self.location is not None:
            return "📍", self.location
        if self.city is not None:
            return self.city.name, (self.city.latitude, self.city.longitude)
        return None


class ShortMemory:
    def __init__(self, clock: Callable[[], float] = time.monotonic, keep_for: float = KEEP_FOR):
        self._clock = clock
        self._keep_for = keep_for
        self._recent: dict[str, Recent] = {}

    def recall(self, pseudonym: str) -> Recent | None:
        """What is remembered of the conversation, if it was active in the last KEEP_FOR."""
        recent = self._recent.get(pseudonym)
        if recent is None:
            return None
        if self._clock() - recent.at > self._keep_for:
            del self._recent[pseudonym]
            return None
        return recent

    def note(self, pseudonym: str, **changes: Any) -> Recent:
        """Remember `changes` (fields of Recent) for this conversation, from now."""
        now = self._clock()
        if len(self._recent) > PRUNE_ABOVE:
            self._recent = {k: v for k, v in self._recent.items() if now - v.at <= self._keep_for}
        recent = self.recall(pseudonym) or Recent(now)
        recent = replace(recent, at=now, **changes)
        self._recent[pseudonym] = recent
        return recent

    def forget(self, pseudonym: str) -> None:
        self._recent.pop(pseudonym, None)
