"""The path of one message through the core: identify the language, detect an emergency,
match a topic. Telegram, the console chat, the command line and the benchmark all call
`Engine.handle`, so they give the same answer to the same message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from bot.core.calibration import calibrate_blend, danger_neighbours, example_texts, topic_vectors
from bot.core.encoder import Encoder
from bot.core.language import LanguageIdentifier
from bot.core.matcher import Candidate, Match, Matcher, decide
from bot.core.outcome import Outcome
from bot.core.places import Places
from bot.core.safety import Alert, EmergencyDetector
from bot.core.semantic import Blend, DangerNeighbours, TopicVectors
from bot.core.text import Folded
from bot.knowledge.model import LANGUAGES, KnowledgeBase

EMERGENCY_TOPIC = "emergency.now"
# Outside the safety category, the answers that also speak to someone in danger now.
DANGER_TOPICS = ("shelter.safe", "health.mental")


class Engine:
    """The knowledge base with everything built from it to answer messages. With an
    encoder, meaning is weighed beside words; without one (it could not load), the
    lexical matcher and triggers answer alone."""

    def __init__(
        self, kb: KnowledgeBase, built: Built | None = None, encoder: Encoder | None = None
    ):
        self.kb = kb
        self.encoder = encoder
        self.languages, self.safety, self.matcher, self.places, self.semantic = built or build(
            kb, encoder
        )

    def handle(self, text: str | Folded, lang: str | None = None) -> Outcome:
        """Decide what to answer to `text`; `lang` is the person's chosen language, if any."""
        text = Folded.of(text)
        detected = self.languages.identify(text, prior=lang)
        reply_lang = detected.lang if lang is None or detected.clearly_not(lang) else lang
        alert = self.safety.detect(text)
        lexical = self.matcher.scores(text, [reply_lang, detected.lang])
        windows = self._windows(text.raw)
        if self.semantic is None or windows is None:
            match = decide(lexical, len(text.words))
        else:
            alert = self.semantic.alert(windows, alert)
            match = self.semantic.blend.decide(
                lexical, self.semantic.topics.similarities(windows[0])
            )
        if alert.emergency and not self._about_danger(match):
            match = _emergency_answer(match)
        if match.topic == EMERGENCY_TOPIC and not alert.emergency:
            # The emergency topic is the emergency block's answer: it never comes without it.
            alert = Alert(danger=True)
        city = self.places.city_in(text)
        nearby = (
            tuple(self.places.nearest(self.kb, (city.latitude, city.longitude))) if city else ()
        )
        return Outcome(
            match.decision,
            match.topic,
            match.candidates,
            match.score,
            alert,
            reply_lang,
            detected,
            city,
            nearby,
        )

    def _windows(self, text: str) -> np.ndarray | None:
        """The vectors of the message's windows, the start first (see `Encoder.windows`)."""
        if self.encoder is None or self.semantic is None:
            return None
        return self.encoder.embed(self.encoder.windows(text))

    def _about_danger(self, match: Match) -> bool:
        """Whether an answer already speaks to a person in danger; if not, a message
        flagged as an emergency gets the emergency topic ("aidez moi" is not about food)."""
        if match.decision != "answer" or match.topic is None or not self.kb.has_topic(match.topic):
            return False
        return self.kb.topic(match.topic).category == "safety" or match.topic in DANGER_TOPICS


@dataclass(frozen=True)
class SemanticLayer:
    """What the engine knows of meaning: the topics' example vectors, how they combine
    with the lexical scores, and the emergency detector."""

    topics: TopicVectors
    blend: Blend
    danger: DangerNeighbours

    def alert(self, windows: np.ndarray, lexical: Alert) -> Alert:
        """The trigger phrases' alert, raised when the detector reads danger in any
        window: meaning can only add to what the triggers found."""
        found = self.danger.alert(windows)
        if found is None:
            return lexical
        return Alert(
            danger=True,
            suicide=lexical.suicide or found.suicide,
            child=lexical.child or found.child,
        )


Built = tuple[LanguageIdentifier, EmergencyDetector, Matcher, Places, SemanticLayer | None]


def build(
    kb: KnowledgeBase,
    encoder: Encoder | None,
    examples: Encoder | None = None,
    blend: Blend | None = None,
) -> Built:
    """Everything the engine builds from a knowledge base. `examples` embeds the
    knowledge base's own texts (by default `encoder`; the cache passes one that keeps
    their vectors on disk); `blend`, when known, spares its calibration."""
    return (
        LanguageIdentifier({lang: list(_language_samples(kb, lang)) for lang in LANGUAGES}),
        EmergencyDetector(kb.emergency, kb.spellings),
        Matcher.of(kb),
        Places.of(kb),
        semantic_layer(kb, examples or encoder, blend) if encoder else None,
    )


def semantic_layer(kb: KnowledgeBase, examples: Encoder, blend: Blend | None) -> SemanticLayer:
    """The example vectors, calibrated blend and emergency detector of a knowledge base."""
    texts = example_texts(kb)
    vectors = dict(zip(texts, examples.embed(texts), strict=True))
    return SemanticLayer(
        topic_vectors(kb, vectors.__getitem__),
        blend or calibrate_blend(kb, vectors.__getitem__),
        danger_neighbours(kb, vectors.__getitem__),
    )


def _emergency_answer(match: Match) -> Match:
    """A call for help is never unanswered: it gets the emergency topic."""
    others = tuple(c for c in match.candidates if c.topic != EMERGENCY_TOPIC)
    best = Candidate(EMERGENCY_TOPIC, match.score)
    return Match("answer", EMERGENCY_TOPIC, (best, *others)[:3], match.score)


def _language_samples(kb: KnowledgeBase, lang: str) -> Iterator[str]:
    for topic in kb.topics:
        text = topic.texts.get(lang)
        if text is not None:
            yield from text.questions
            yield from text.keywords
            yield text.answer
    yield kb.emergency.block.get(lang, "")
