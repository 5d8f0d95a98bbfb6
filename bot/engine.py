"""The path of one message through the core: identify the language, detect an emergency,
match a topic. Telegram, the console chat, the command line and the benchmark all call
`Engine.handle`, so they give the same answer to the same message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import LANGUAGES, KnowledgeBase, load_knowledge
from bot.language import LanguageGuess, LanguageIdentifier
from bot.matcher import KEYWORD_WEIGHT, Candidate, Document, LanguageIndex, Match, Matcher
from bot.places import City, city_in
from bot.safety import Alert, EmergencyDetector

EMERGENCY_TOPIC = "emergency.now"


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


class Engine:
    """The knowledge base with everything built from it to answer messages."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.languages = LanguageIdentifier(
            {lang: list(_language_samples(kb, lang)) for lang in LANGUAGES}
        )
        self.safety = EmergencyDetector(kb.emergency, kb.spellings)
        self.matcher = Matcher(
            {
                lang: LanguageIndex(lang, list(_documents(kb, lang)), kb.spellings.get(lang, {}))
                for lang in LANGUAGES
            }
        )

    @classmethod
    def from_folder(cls, folder: Path) -> Engine:
        return cls(load_knowledge(folder))

    def handle(self, text: str, lang: str | None = None) -> Outcome:
        """Decide what to answer to `text`; `lang` is the person's chosen language, if any."""
        detected = self.languages.identify(text, prior=lang)
        reply_lang = detected.lang if lang is None or detected.clearly_not(lang) else lang
        alert = self.safety.detect(text)
        match = self.matcher.match(text, [reply_lang, detected.lang])
        if alert.emergency and match.decision != "answer":
            match = _emergency_answer(match)
        return Outcome(
            match.decision,
            match.topic,
            match.candidates,
            match.score,
            alert,
            reply_lang,
            detected,
            city_in(text),
        )


def _emergency_answer(match: Match) -> Match:
    """A call for help is never unanswered: it gets the emergency topic."""
    others = tuple(c for c in match.candidates if c.topic != EMERGENCY_TOPIC)
    best = Candidate(EMERGENCY_TOPIC, match.score)
    return Match("answer", EMERGENCY_TOPIC, (best, *others)[:3], match.score)


def _documents(kb: KnowledgeBase, lang: str) -> Iterator[Document]:
    for topic in kb.topics:
        text = topic.texts.get(lang)
        if text is None:
            continue
        for question in text.questions:
            yield Document(topic.id, question)
        for keyword in text.keywords:
            yield Document(topic.id, keyword, KEYWORD_WEIGHT)
        yield Document(topic.id, " ".join((*text.questions, *text.keywords)))


def _language_samples(kb: KnowledgeBase, lang: str) -> Iterator[str]:
    for topic in kb.topics:
        text = topic.texts.get(lang)
        if text is not None:
            yield from text.questions
            yield from text.keywords
            yield text.answer
    yield kb.emergency.block.get(lang, "")
