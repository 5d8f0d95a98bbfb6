"""Topics found by the words of their titles, for a moderator who types "/topic pep"
rather than browsing the categories: the title in any language or the id, a typo, a
missing accent or the start of a word forgiven."""

from __future__ import annotations

from rapidfuzz import fuzz

from bot.core.text import fold, tokens
from bot.knowledge.model import KnowledgeBase, Topic

MOST_FOUND = 6
CLOSE_ENOUGH = 80  # rapidfuzz's 0–100 similarity of two words: one typo in a long word
PREFIX = 3  # a typed word this long may be the start of a title's word ("avort")


def find_topics(kb: KnowledgeBase, words: str) -> list[Topic]:
    """The topics whose title (in any language) or id holds each of `words`, the
    closest first."""
    typed = tokens(fold(words))
    if not typed:
        return []
    scores: dict[str, float] = {}
    for topic in kb.topics:
        names = [topic.id.replace(".", " ").replace("_", " ")]
        names += [text.title for text in topic.texts.values() if text.title]
        best = max(_held(typed, tokens(fold(name))) for name in names)
        if best >= CLOSE_ENOUGH:
            scores[topic.id] = best
    ranked = sorted(scores, key=lambda topic_id: (-scores[topic_id], topic_id))
    return [kb.topic(topic_id) for topic_id in ranked[:MOST_FOUND]]


def _held(typed: list[str], name: list[str]) -> float:
    """How well a name holds every typed word: the weakest word's best likeness."""
    if not name:
        return 0.0
    return min(max(_likeness(word, other) for other in name) for word in typed)


def _likeness(word: str, other: str) -> float:
    if len(word) >= PREFIX and other.startswith(word):
        return 100.0
    return fuzz.ratio(word, other)
