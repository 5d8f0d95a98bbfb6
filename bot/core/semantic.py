"""Meaning, beside words: the topics' example questions and the emergency examples as
sentence vectors (see `encoder`).

A message close in meaning to a topic's examples is about that topic whatever words it
uses, in whatever of the nine languages; a message far from every example ("combien coûte
un iphone", a recipe, a COVID-19 question) is outside the bot's subjects even when it
shares a word with one. The same vectors tell a person in danger right now from one who
only speaks of danger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.matcher import CANDIDATES, CLOSE_SHARE, Candidate, Match
from bot.core.safety import Alert

# e5 puts any two sentences at a cosine of about 0.8: meaning starts above it.
SIMILARITY_FLOOR = 0.8
NEIGHBOURS = 5  # danger and safe examples compared with a message, on each side
ROWS_AT_ONCE = 256  # vectors compared with all the examples in one matrix product


@dataclass(frozen=True)
class TopicVectors:
    """The example questions of every topic (all languages together), grouped by topic."""

    topics: tuple[str, ...]
    starts: np.ndarray  # first row of each topic in `vectors`
    vectors: np.ndarray  # one unit row per example question

    @classmethod
    def of(cls, examples: Sequence[tuple[str, np.ndarray]]) -> TopicVectors:
        """From (topic, vector) pairs in any order."""
        order = sorted(range(len(examples)), key=lambda n: examples[n][0])
        topics: dict[str, int] = {}
        for row, n in enumerate(order):
            topics.setdefault(examples[n][0], row)
        vectors = np.stack([examples[n][1] for n in order]).astype(np.float32)
        return cls(tuple(topics), np.array(list(topics.values()), dtype=np.int64), vectors)

    def similarities(self, vector: np.ndarray) -> dict[str, float]:
        """Each topic's cosine similarity with `vector`: that of its closest example."""
        return self.table(vector[None, :])[0]

    def table(self, vectors: np.ndarray) -> list[dict[str, float]]:
        """`similarities` of many vectors in one matrix product."""
        if not self.topics:
            return [{} for _ in vectors]
        best = np.maximum.reduceat(vectors.astype(np.float32) @ self.vectors.T, self.starts, axis=1)
        return [dict(zip(self.topics, row, strict=True)) for row in best.tolist()]


@dataclass(frozen=True)
class Blend:
    """How lexical scores and meaning combine into a decision. Calibrated when the
    engine is built, on example questions held out of its own knowledge base."""

    lexical_weight: float  # the lexical score's share; meaning has the rest
    answer: float  # below this combined score, a message is outside the bot's subjects
    sure: float  # at or above it, answer even when a second topic is close

    def scores(self, lexical: dict[str, float], meaning: dict[str, float]) -> dict[str, float]:
        """Each topic's combined score. Meaning counts only above SIMILARITY_FLOOR, so
        a message far from every example scores low even when it shares a word."""
        return {
            topic: self.lexical_weight * lexical.get(topic, 0.0)
            + (1 - self.lexical_weight)
            * max(0.0, similarity - SIMILARITY_FLOOR)
            / (1 - SIMILARITY_FLOOR)
            for topic, similarity in meaning.items()
        }

    def decide(self, lexical: dict[str, float], meaning: dict[str, float]) -> Match:
        """Answer, clarify or leave unanswered, on the combined scores."""
        combined = self.scores(lexical, meaning)
        ranked = sorted(combined.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        candidates = tuple(Candidate(topic, round(min(score, 1.0), 4)) for topic, score in ranked)
        if not candidates:
            return Match("unanswered", None, (), 0.0)
        top = candidates[0]
        if top.score < self.answer:
            return Match("unanswered", None, candidates, top.score)
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if top.score >= self.sure or top.score - runner_up >= CLOSE_SHARE * top.score:
            return Match("answer", top.topic, candidates, top.score)
        return Match("clarify", None, candidates, top.score)


@dataclass(frozen=True)
class DangerNeighbours:
    """Tells a person in danger right now from one who only speaks of danger, by the
    example messages nearest in meaning. A message is in danger when its NEIGHBOURS
    closest danger examples are close to it (`closeness`: a joke or a recipe is far from
    every example, and far from the safe ones too) and closer, on average, than its
    closest safe ones (by `margin`, which may be below zero). Both are calibrated. Plain
    neighbours, not a trained model: on held-out examples a logistic regression did no
    better, and an association's new example counts at once."""

    vectors: np.ndarray  # one unit row per example
    danger: np.ndarray  # whether each example is a message in danger
    kinds: tuple[str, ...]  # each example's kind ("suicide_now", "child_in_danger", ...)
    closeness: float
    margin: float

    def closeness_and_margins(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row, its mean similarity with its closest danger examples, and how
        much closer these are than its closest safe ones."""
        near_danger = _nearest_means(vectors, self.vectors[self.danger])
        return near_danger, near_danger - _nearest_means(vectors, self.vectors[~self.danger])

    def alert(self, windows: np.ndarray) -> Alert | None:
        """The alert of a message read in windows, or None when no window says danger.
        The kind of the nearest danger example tells suicide and a child in danger apart,
        so that the right numbers come first."""
        if not windows.size or not self.danger.any():
            return None
        closeness, margins = self.closeness_and_margins(windows)
        flagged = (closeness >= self.closeness) & (margins >= self.margin)
        if not flagged.any():
            return None
        window = int(np.where(flagged, margins, -np.inf).argmax())
        dangerous = np.flatnonzero(self.danger)
        nearest = dangerous[int((self.vectors[dangerous] @ windows[window]).argmax())]
        kind = self.kinds[nearest]
        return Alert(danger=True, suicide="suicide" in kind, child="child" in kind)


@dataclass(frozen=True)
class Outside:
    """Tells a message outside the bot's subjects (a recipe, the weather, the price of a
    phone) from a question about one: its NEIGHBOURS closest outside examples are closer,
    on average, than its closest topic questions, by `margin`. The margin is calibrated so
    that nearly no question about a topic is taken for one outside."""

    vectors: np.ndarray  # one unit row per example
    outside: np.ndarray  # whether each example is outside the bot's subjects
    margin: float

    def margins(self, vectors: np.ndarray) -> np.ndarray:
        """For each row, how much closer its closest outside examples are than its
        closest topic questions."""
        outside = _nearest_means(vectors, self.vectors[self.outside])
        margins: np.ndarray = outside - _nearest_means(vectors, self.vectors[~self.outside])
        return margins

    def holds(self, vector: np.ndarray) -> bool:
        """Whether the message of `vector` is outside the bot's subjects."""
        if not self.outside.any():
            return False
        return float(self.margins(vector[None, :])[0]) >= self.margin


def _nearest_means(vectors: np.ndarray, examples: np.ndarray) -> np.ndarray:
    """For each row of `vectors`, its mean similarity with its NEIGHBOURS closest
    `examples`. A few hundred rows at a time: calibration compares thousands of held-out
    examples with ten thousand others, a matrix of hundreds of MB at once."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(
        [
            _nearest_mean(vectors[start : start + ROWS_AT_ONCE] @ examples.T)
            for start in range(0, len(vectors), ROWS_AT_ONCE)
        ]
    )


def _nearest_mean(similarities: np.ndarray) -> np.ndarray:
    count = min(NEIGHBOURS, similarities.shape[1])
    if not count:
        return np.full(similarities.shape[0], -1.0)
    means: np.ndarray = np.partition(similarities, -count, axis=1)[:, -count:].mean(axis=1)
    return means
