"""Thresholds worked out from the knowledge base itself when the engine is built, so that
production needs nothing outside the project and an association's new examples move them.

Matching: every fifth example question of each topic and language is held out, the
lexical index and the topics' vectors are built from the others, and the held-out
questions play the unseen messages. The lexical weight that ranks them best is kept, and
the answer threshold is the combined score that nearly all of them reach: a message below
it is further from every topic than almost any real question about one.

Emergencies: every fifth written example message is held out, and the thresholds are the
closeness and margin (see `DangerNeighbours`) that nearly all held-out messages in danger
reach against the other examples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from bot.core.matcher import Matcher
from bot.core.semantic import Blend, DangerNeighbours, Outside, TopicVectors
from bot.knowledge.model import KnowledgeBase

HELD_OUT_EVERY = 5
WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7)  # lexical weights tried
ANSWERED_SHARE = 0.97  # of unseen questions about a topic, those that must reach `answer`
# Of unseen messages in danger, those the detector's margin must flag. Higher costs false
# alarms fast: at 0.97, 28 % of the hard negatives held out of tests/ raise the alarm.
DANGER_RECALL = 0.9
# Of unseen messages in danger, those at least as close to the danger examples as the
# detector asks: a loose floor, which only keeps off messages far from every example.
CLOSE_TO_DANGER = 0.97
# Of unseen questions about a topic, those the outside detector must leave alone.
KEPT_IN_SCOPE = 0.99
EMERGENCY_TOPIC = "emergency.now"
# Greetings and thanks are no subject: the outside detector does not weigh them.
SMALL_TALK = "smalltalk."
# Kinds of the trigger phrases that say danger on their own ("alone" and "now" do not).
DANGER_TRIGGER_KINDS = ("danger", "suicide", "child")

Vectors = Callable[[str], np.ndarray]


def calibrate_blend(kb: KnowledgeBase, vector_of: Vectors) -> Blend:
    """The lexical weight and thresholds, from held-out example questions."""
    held: list[tuple[str, str, str]] = []
    topics = []
    for topic in kb.topics:
        texts = {}
        for lang, text in topic.texts.items():
            kept = [q for n, q in enumerate(text.questions) if n % HELD_OUT_EVERY != 2]
            held += [(topic.id, lang, q) for q in text.questions if q not in kept]
            texts[lang] = dataclasses.replace(text, questions=tuple(kept))
        topics.append(dataclasses.replace(topic, texts=texts))
    trained = dataclasses.replace(kb, topics=tuple(topics))
    matcher = Matcher.of(trained)
    vectors = topic_vectors(trained, vector_of)
    if not held:
        return Blend(WEIGHTS[len(WEIGHTS) // 2], 0.0, 1.0)
    meanings = vectors.table(np.stack([vector_of(question) for _, _, question in held]))
    seen = [
        (topic, matcher.scores(question, [lang]), meaning)
        for (topic, lang, question), meaning in zip(held, meanings, strict=True)
    ]
    weight = max(WEIGHTS, key=lambda w: _ranked_first(Blend(w, 0.0, 1.0), seen))
    tops = np.array(
        [max(Blend(weight, 0.0, 1.0).scores(lex, sem).values()) for _, lex, sem in seen]
    )
    return Blend(
        weight,
        float(np.quantile(tops, 1 - ANSWERED_SHARE)),
        float(np.quantile(tops, 0.5)),
    )


def _ranked_first(
    blend: Blend, seen: Sequence[tuple[str, dict[str, float], dict[str, float]]]
) -> int:
    """How many held-out questions get their own topic first."""
    hits = 0
    for topic, lexical, meaning in seen:
        scores = blend.scores(lexical, meaning)
        hits += max(scores, key=scores.__getitem__) == topic
    return hits


def topic_vectors(kb: KnowledgeBase, vector_of: Vectors) -> TopicVectors:
    return TopicVectors.of(
        [
            (t.id, vector_of(q))
            for t in kb.topics
            for text in t.texts.values()
            for q in text.questions
        ]
    )


def example_texts(kb: KnowledgeBase) -> list[str]:
    """Every text whose vector the semantic layer needs, each once."""
    texts = [q for t in kb.topics for text in t.texts.values() for q in text.questions]
    texts += [e.text for e in kb.emergency_examples]
    texts += [e.text for e in kb.outside]
    texts += [p for kind in DANGER_TRIGGER_KINDS for ps in _triggers(kb, kind).values() for p in ps]
    return list(dict.fromkeys(texts))


def danger_neighbours(kb: KnowledgeBase, vector_of: Vectors) -> DangerNeighbours:
    """The semantic emergency detector: the example messages (knowledge/
    emergency_examples), the trigger phrases and the emergency topic's questions as
    messages in danger, the other topics' questions as ordinary ones. Its thresholds are
    the closeness and margin that nearly all held-out written messages in danger reach
    against the rest."""
    examples = _danger_examples(kb)
    vectors = np.stack([vector_of(text) for text, _, _, _ in examples])
    danger = np.array([d for _, d, _, _ in examples], dtype=bool)
    kinds = tuple(kind for _, _, kind, _ in examples)
    held = np.array([h for _, _, _, h in examples], dtype=bool)
    seen = DangerNeighbours(vectors[~held], danger[~held], (), 0.0, 0.0)
    closeness, margins = seen.closeness_and_margins(vectors[held & danger])
    if not margins.size:
        return DangerNeighbours(vectors, danger, kinds, 0.0, 0.0)
    return DangerNeighbours(
        vectors,
        danger,
        kinds,
        float(np.quantile(closeness, 1 - CLOSE_TO_DANGER)),
        float(np.quantile(margins, 1 - DANGER_RECALL)),
    )


def _danger_examples(kb: KnowledgeBase) -> list[tuple[str, bool, str, bool]]:
    """Text, whether it says danger, its kind, and whether it is held out to set the
    threshold (only the written examples are: they are what real messages look like)."""
    examples = [
        (e.text, e.danger, e.kind, n % HELD_OUT_EVERY == 2)
        for n, e in enumerate(kb.emergency_examples)
    ]
    for kind in DANGER_TRIGGER_KINDS:
        for phrases in _triggers(kb, kind).values():
            examples += [(phrase, True, kind, False) for phrase in phrases]
    for topic in kb.topics:
        # The other safety topics' questions are the hardest ordinary messages: violence
        # that is over, how to report a client.
        for text in topic.texts.values():
            examples += [(q, topic.id == EMERGENCY_TOPIC, "", False) for q in text.questions]
    return examples


def _triggers(kb: KnowledgeBase, kind: str) -> Mapping[str, tuple[str, ...]]:
    return kb.emergency.triggers.get(kind, {})


def outside_neighbours(kb: KnowledgeBase, vector_of: Vectors) -> Outside:
    """The detector of messages outside the bot's subjects: the outside examples
    (knowledge/outside) against the topics' questions and the emergency examples, all of
    them the bot's subjects. Its margin is the one that nearly all held-out questions and
    emergency examples stay below, against the other examples, and never below zero."""
    examples = [(e.text, True, n % HELD_OUT_EVERY == 2) for n, e in enumerate(kb.outside)]
    examples += [
        (q, False, n % HELD_OUT_EVERY == 2)
        for topic in kb.topics
        if not topic.id.startswith(SMALL_TALK)
        for text in topic.texts.values()
        for n, q in enumerate(text.questions)
    ]
    examples += [
        (e.text, False, n % HELD_OUT_EVERY == 2) for n, e in enumerate(kb.emergency_examples)
    ]
    vectors = np.stack([vector_of(text) for text, _, _ in examples])
    outside = np.array([o for _, o, _ in examples], dtype=bool)
    held = np.array([h for _, _, h in examples], dtype=bool)
    seen = Outside(vectors[~held], outside[~held], 0.0)
    margins = seen.margins(vectors[held & ~outside])
    if not outside.any() or not margins.size:
        return Outside(vectors, outside, float("inf"))
    # At least closer to what the bot does not answer than to what it does: a message far
    # from both (gibberish, a phone number alone) goes to the moderators, not away.
    return Outside(vectors, outside, max(0.0, float(np.quantile(margins, KEPT_IN_SCOPE))))
