"""What the engine decided for one message, before any text is written: shared by the
engine that makes it and the renderer that writes it, without the renderer loading the
matcher's arrays or the city tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.language import LanguageGuess
    from bot.core.matcher import Candidate
    from bot.core.places import City
    from bot.core.safety import Alert
    from bot.knowledge.model import Organisation


@dataclass(frozen=True)
class Outcome:
    """What the engine decided for one message, before any text is written."""

    decision: str
    topic: str | None
    candidates: tuple[Candidate, ...]
    score: float
    alert: Alert
    lang: str  # the language of the reply
    detected: LanguageGuess  # the language the message seems to be in
    city: City | None = None  # a French city the message names
    nearby: tuple[tuple[Organisation, float], ...] = ()  # organisations near it, with km
    outside: bool = False  # about something the bot does not answer (a recipe, the weather)
    thanks: bool = False  # the message only thanks
