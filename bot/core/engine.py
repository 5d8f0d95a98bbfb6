"""The path of one message through the core: identify the language, detect an emergency,
match a topic. Telegram, the console chat, the command line and the benchmark all call
`Engine.handle`, so they give the same answer to the same message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from bot.core.calibration import (
    calibrate_blend,
    danger_neighbours,
    example_texts,
    outside_neighbours,
    topic_vectors,
)
from bot.core.encoder import Encoder
from bot.core.followup import Wording, is_grammar, is_short, says_any, without
from bot.core.language import LanguageIdentifier
from bot.core.matcher import CLOSE_SHARE, LOWEST_THRESHOLD, Candidate, Match, Matcher, decide
from bot.core.outcome import Outcome
from bot.core.places import Places
from bot.core.safety import Alert, EmergencyDetector
from bot.core.semantic import Blend, DangerNeighbours, Outside, TopicVectors
from bot.core.text import Folded, is_keyboard_mash
from bot.knowledge.model import LANGUAGES, KnowledgeBase, Organisation

EMERGENCY_TOPIC = "emergency.now"
# Outside the safety category, the answers that also speak to someone in danger now.
DANGER_TOPICS = ("shelter.safe", "health.mental")
GREETING_TOPIC = "smalltalk.greeting"
QUESTION_WORDS = 2  # words after a greeting that can make a question ("dormir ce soir")
# Matching reads the start of a long message (the rest is context, and costs time);
# emergency detection reads all of it: a danger may be told at the end.
MATCHED_CHARACTERS = 1000


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
        self._greetings = greeting_words(kb)
        self._danger_words = danger_words(kb)
        self._wording = Wording.default()

    def handle(self, text: str | Folded, lang: str | None = None) -> Outcome:
        """Decide what to answer to `text`; `lang` is the person's chosen language, if any.
        Emergency detection reads the whole text (the triggers all of it, the encoder up to
        three windows of it), matching its first MATCHED_CHARACTERS."""
        whole = Folded.of(text)
        alert = self.safety.detect(whole)
        text = (
            whole
            if len(whole.raw) <= MATCHED_CHARACTERS
            else Folded.of(whole.raw[:MATCHED_CHARACTERS])
        )
        detected = self.languages.identify(text, prior=lang)
        reply_lang = detected.lang if lang is None or detected.clearly_not(lang) else lang
        languages = [reply_lang, detected.lang]
        windows = self._windows(whole.raw)
        follows = self._only_follows(whole)
        if windows is not None and self.semantic is not None and not follows:
            alert = self.semantic.alert(windows, alert)
        match = self._match(text, languages, windows)
        if match.topic == GREETING_TOPIC:
            match = self._question_after_greeting(text, languages) or match
        thanks = not alert.emergency and self._only_thanks(text)
        if thanks:
            match = Match("answer", GREETING_TOPIC, match.candidates, match.score)
        outside = not (thanks or alert.emergency) and self._outside(text, windows)
        if outside or (match.topic != GREETING_TOPIC and follows):
            # "je suis à Paris" alone asks nothing yet: no topic picked at random (the
            # shell answers it as a follow-up when a topic was just given).
            match = Match("unanswered", None, match.candidates, match.score)
        if alert.emergency and not self._about_danger(match):
            match = _emergency_answer(match)
        elif match.topic == EMERGENCY_TOPIC and match.decision == "answer":
            match, alert = _emergency_topic_without_trigger(match, alert)
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
            outside=outside,
            thanks=thanks,
        )

    def _match(self, text: Folded, languages: list[str], windows: np.ndarray | None) -> Match:
        """Words alone, or words and meaning (the start of the message) when the encoder
        is there."""
        lexical = self.matcher.scores(text, languages)
        if windows is None or self.semantic is None:
            return decide(lexical, len(text.words))
        return self.semantic.blend.decide(lexical, self.semantic.topics.similarities(windows[0]))

    def follow_up(self, text: str, outcome: Outcome, topic: str | None) -> str | None:
        """What a short message asks about `topic`, the last one answered: "near" (where
        its help is: "where?", "closest?", "and in Lyon?", a city alone) or "free"; None
        when it asks something new. A message that still asks about a subject once the words
        of a follow-up are taken out ("where can I get condoms") is a question of its own."""
        if topic is None or not self.kb.has_topic(topic) or outcome.alert.emergency:
            return None
        folded = Folded.of(text)
        if not is_short(folded):
            return None
        asks_where = says_any(folded, self._wording.where)
        asks_free = says_any(folded, self._wording.free)
        if not (asks_where or asks_free or outcome.city):
            return None
        rest = self._left_said(folded)
        if rest:
            match = self.matcher.match(" ".join(rest), [outcome.lang, outcome.detected.lang])
            if match.decision == "answer" and match.topic != GREETING_TOPIC:
                return None  # a question of its own, even about the same subject
        return "near" if asks_where or not asks_free else "free"

    def _left_said(self, folded: Folded) -> list[str]:
        """The words of a message once its follow-up words, the city it names and its
        grammar words are out."""
        named = self.places.city_named(folded)
        told = self._wording.where | self._wording.free | set(named[1] if named else ())
        return [word for word in without(folded, told).split() if not is_grammar(word)]

    def _only_follows(self, folded: Folded) -> bool:
        """A short message made only of follow-up words ("le plus proche ?", "c'est
        gratuit ?", "je suis à Lyon"): it means what the last answer meant. The encoder
        finds every short message close to the short calls for help ("à l'aide"), so
        here only the trigger phrases may raise an alarm."""
        asks = says_any(folded, self._wording.plain) or self.places.city_named(folded)
        if not (is_short(folded) and asks) or self._danger_words & set(folded.words):
            return False  # "help, where?": a frequent word, but a call for help
        return not self._left_said(folded)

    def _only_thanks(self, folded: Folded) -> bool:
        """A short message that only thanks ("merci beaucoup", "ok thanks", "شكرا"): it
        gets one short line, not the greeting's presentation."""
        if not (is_short(folded) and says_any(folded, self._wording.thanks)):
            return False
        told = self._wording.thanks | self._wording.thanks_more
        return not [w for w in without(folded, told).split() if not is_grammar(w)]

    def _outside(self, text: Folded, windows: np.ndarray | None) -> bool:
        """Whether the message is about something the bot does not answer (a recipe, the
        weather): then it says so honestly rather than give the nearest topic. A greeting
        alone is small talk, not a subject."""
        if windows is None or self.semantic is None:
            return False
        if all(word in self._greetings or is_grammar(word) for word in text.words):
            return False
        return self.semantic.outside.holds(windows[0])

    def nearest(self, point: tuple[float, float]) -> tuple[tuple[Organisation, float], ...]:
        """Every organisation near `point`, nearest first, with its distance in km."""
        return tuple(self.places.nearest(self.kb, point, limit=len(self.kb.organisations)))

    def _question_after_greeting(self, text: Folded, languages: list[str]) -> Match | None:
        """The answer to what follows a greeting or thanks ("salam, bghit n3ref kifach
        ndir l karta"), when something follows it that the knowledge base answers."""
        rest = list(text.words)
        while rest and rest[0] in self._greetings:
            rest.pop(0)
        if len(rest) < QUESTION_WORDS or len(rest) == len(text.words):
            return None
        match = self.matcher.match(" ".join(rest), languages)
        if not match.candidates or match.candidates[0].topic == GREETING_TOPIC:
            return None
        if match.decision == "unanswered":
            # A person who greets and then asks has a question: below the answer
            # threshold, the closest subjects are offered rather than a greeting.
            if match.score < LOWEST_THRESHOLD:
                return None
            return Match("clarify", None, match.candidates, match.score)
        return match

    def _windows(self, text: str) -> np.ndarray | None:
        """The vectors of the message's windows, the start first (see `Encoder.windows`)."""
        if self.encoder is None or self.semantic is None or is_keyboard_mash(text):
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
    with the lexical scores, the emergency detector and the outside detector."""

    topics: TopicVectors
    blend: Blend
    danger: DangerNeighbours
    outside: Outside

    def alert(self, windows: np.ndarray, lexical: Alert) -> Alert:
        """The trigger phrases' alert, raised when the detector reads danger in any
        window: meaning can only add to what the triggers found."""
        if lexical.emergency:
            # The triggers name the danger ("il va me tuer" is a threat, not suicide):
            # the nearest example's kind only decides when no trigger was found.
            return lexical
        found = self.danger.alert(windows)
        return lexical if found is None else found


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
        outside_neighbours(kb, vectors.__getitem__),
    )


def _emergency_answer(match: Match) -> Match:
    """A call for help is never unanswered: it gets the emergency topic."""
    others = tuple(c for c in match.candidates if c.topic != EMERGENCY_TOPIC)
    best = Candidate(EMERGENCY_TOPIC, match.score)
    return Match("answer", EMERGENCY_TOPIC, (best, *others)[:3], match.score)


def danger_words(kb: KnowledgeBase) -> frozenset[str]:
    """The trigger phrases of one word, in every language ("help", "secours", "sos"):
    frequent enough to pass for grammar, but a call for help."""
    words = (
        Folded.of(phrase.rstrip("*")).words
        for languages in kb.emergency.triggers.values()
        for phrases in languages.values()
        for phrase in phrases
    )
    return frozenset(one[0] for one in words if len(one) == 1)


def greeting_words(kb: KnowledgeBase) -> frozenset[str]:
    """The words of the greeting topic's keywords (hello, merci, salam...) in every language."""
    if not kb.has_topic(GREETING_TOPIC):
        return frozenset()
    return frozenset(
        word
        for text in kb.topic(GREETING_TOPIC).texts.values()
        for keyword in text.keywords
        for word in Folded.of(keyword).words
    )


def _emergency_topic_without_trigger(match: Match, alert: Alert) -> tuple[Match, Alert]:
    """The emergency topic found by matching alone. When it stands out, the message reads
    like those of people in danger now: an alarm, so that the reply leads with the numbers
    and the flag says so. When another topic is as close, the words alone are no sign of
    danger ("I want to call the police" to file a complaint): that topic is answered."""
    others = [c for c in match.candidates if c.topic != EMERGENCY_TOPIC]
    if others and match.score - others[0].score < CLOSE_SHARE * match.score:
        return Match("answer", others[0].topic, match.candidates, others[0].score), alert
    return match, replace(alert, danger=True)


def _language_samples(kb: KnowledgeBase, lang: str) -> Iterator[str]:
    for topic in kb.topics:
        text = topic.texts.get(lang)
        if text is not None:
            yield from text.questions
            yield from text.keywords
            yield text.answer
    yield kb.emergency.block.get(lang, "")
