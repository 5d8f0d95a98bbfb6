"""Emergency detection: is this person in danger right now?

It runs on every message before matching, with the trigger phrases of all nine languages
at once, because people in danger mix languages and misspell. A false alarm only puts
the emergency numbers above the answer; a miss is the worst bug this project can have,
so a trigger word also matches with one typo, and `menac*` matches every word that
starts with "menac". The phrases live in knowledge/emergency.yaml.

A plain call for help ("help", "aidez moi") is an emergency when it is the whole message,
or when the message also says it is happening now ("now", "vite", "сейчас").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from bot.core.ordinary import ordinary_keys, ordinary_languages
from bot.core.text import CJK, Folded, match_key
from bot.knowledge.model import Emergency

KINDS = ("danger", "alone", "now", "suicide", "child")
MAX_GAP = 2  # other words allowed between two words of a phrase
FUZZY_MIN_LENGTH = 5
PREFIX_MIN_LENGTH = 3
KNOWN_WORDS = 50_000  # words whose trigger matches are kept
CHINESE_ALONE_EXTRA = 2  # characters around a Chinese call for help ("救命啊")


@dataclass(frozen=True)
class Alert:
    """What emergency detection found in one message."""

    danger: bool = False
    suicide: bool = False
    child: bool = False

    @property
    def emergency(self) -> bool:
        return self.danger or self.suicide or self.child


@dataclass(frozen=True)
class _Phrase:
    kind: str
    words: tuple[str, ...]
    distinct: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "distinct", frozenset(self.words))


class _Vocabulary:
    """Trigger words of one spelling convention, found in a message by exact, prefix or
    one-typo match, without comparing the message against every phrase."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.prefixes: dict[str, set[str]] = defaultdict(set)  # prefix → its languages
        self.one_deletion: dict[str, set[str]] = defaultdict(set)
        self.ordinary: frozenset[str] = frozenset()
        self.languages_of: dict[str, frozenset[str]] = {}
        self._seen: dict[str, frozenset[str]] = {}

    def add(self, word: str, lang: str) -> None:
        if word.endswith("*"):
            self.prefixes[word].add(lang)
            return
        self.exact.add(word)
        if len(word) >= FUZZY_MIN_LENGTH:
            for variant in _deletions(word):
                self.one_deletion[variant].add(word)

    def matches(self, token: str) -> frozenset[str]:
        """The trigger words (prefixes written with *) that `token` stands for. Kept for
        the words already seen: a message is read in two spellings, and people use the
        same few thousand words."""
        found = self._seen.get(token)
        if found is None:
            if len(self._seen) >= KNOWN_WORDS:
                self._seen.clear()
            found = self._seen[token] = frozenset(self._find(token))
        return found

    def ignore_ordinary(self, chat: bool) -> None:
        """Keep only the exact, prefix and inflection matches of the ordinary words of the
        nine languages (in the chat spelling or not), that a typo match would mistake for
        a trigger."""
        self.ordinary = _ordinary_near(chat, frozenset(self.one_deletion.keys() | self.exact))
        self.languages_of = ordinary_languages(chat, PREFIX_MIN_LENGTH)
        self._seen.clear()

    def _find(self, token: str) -> set[str]:
        found = {token} & self.exact
        found.update(
            token[:n] + "*"
            for n in range(PREFIX_MIN_LENGTH, len(token) + 1)
            if token[:n] + "*" in self.prefixes and self._prefix_holds(token, token[:n] + "*")
        )
        typos = self._typos(token)
        if token in self.ordinary:
            typos = {word for word in typos if _inflects(token, word)}
        return found | typos

    def _prefix_holds(self, token: str, prefix: str) -> bool:
        """Whether `token` is a form of the `prefix` trigger rather than an everyday word
        of another language: a word common only in languages the prefix was not written
        for is not a danger word ("enferma", sick, for the French "enferm*", locked in)."""
        common_in = self.languages_of.get(token)
        return not common_in or bool(common_in & self.prefixes[prefix])

    def _typos(self, token: str) -> set[str]:
        """The trigger words one typo away from `token`: a letter missing, added or changed."""
        found: set[str] = set()
        if len(token) < FUZZY_MIN_LENGTH:
            return found
        found.update(self.one_deletion.get(token, ()))
        for variant in _deletions(token):
            if len(token) > FUZZY_MIN_LENGTH:  # a changed letter in a short word is
                # too often another word ("kursi", courses; "kurvi", bleeds)
                found.update(w for w in self.one_deletion.get(variant, ()) if len(w) == len(token))
            if variant in self.exact and len(token) - 1 >= FUZZY_MIN_LENGTH:
                found.add(variant)
        return found


class EmergencyDetector:
    """Finds the trigger phrases of knowledge/emergency.yaml in a message."""

    def __init__(self, emergency: Emergency, spellings: Mapping[str, Mapping[str, str]]):
        # One table for each spelling convention, as the message's language is not known.
        self._spellings = {
            chat: {
                short: long
                for lang, table in spellings.items()
                if (lang in {"ru", "bg"}) == chat
                for short, long in table.items()
            }
            for chat in (False, True)
        }
        # Russian and Bulgarian phrases are compared in their chat spelling (4 = ч).
        self._vocabularies = {False: _Vocabulary(), True: _Vocabulary()}
        self._phrases_by_first: dict[bool, dict[str, list[_Phrase]]] = {
            False: defaultdict(list),
            True: defaultdict(list),
        }
        self._chinese: list[_Phrase] = []
        for kind in KINDS:
            for lang, phrases in emergency.triggers.get(kind, {}).items():
                for phrase in phrases:
                    self._add(kind, lang, phrase)
        for chat, vocabulary in self._vocabularies.items():
            vocabulary.ignore_ordinary(chat)

    def _add(self, kind: str, lang: str, phrase: str) -> None:
        chat = lang in {"ru", "bg"}
        if CJK.search(phrase):
            self._chinese.append(_Phrase(kind, ("".join(match_key(phrase)),)))
            return
        words: list[str] = []
        for raw in phrase.split():
            keyed = self._key(raw.rstrip("*"), chat)
            if raw.endswith("*") and keyed:
                keyed[-1] += "*"
            words.extend(keyed)
        if not words:
            return
        for word in words:
            self._vocabularies[chat].add(word, lang)
        self._phrases_by_first[chat][words[0]].append(_Phrase(kind, tuple(words)))

    def _key(self, text: str | Folded, chat: bool) -> list[str]:
        return match_key(text, "ru" if chat else None, self._spellings[chat])

    def detect(self, text: str | Folded) -> Alert:
        """Which kinds of emergency `text` speaks of."""
        text = Folded.of(text)
        kinds: set[str] = set()
        for chat in (False, True):
            kinds |= self._kinds_in(self._key(text, chat), chat)
        compact = "".join(text.key())
        for phrase in self._chinese:
            if phrase.words[0] in compact:
                kinds.add(phrase.kind)
                if len(compact) <= len(phrase.words[0]) + CHINESE_ALONE_EXTRA:
                    kinds.add("whole")
        call_for_help = "alone" in kinds and ("whole" in kinds or "now" in kinds)
        return Alert(
            danger="danger" in kinds or call_for_help,
            suicide="suicide" in kinds,
            child="child" in kinds,
        )

    def _kinds_in(self, message: list[str], chat: bool) -> set[str]:
        """The kinds of the phrases found in `message`, and "whole" when an "alone" phrase
        is the whole message."""
        vocabulary = self._vocabularies[chat]
        positions = [vocabulary.matches(token) for token in message]
        present = frozenset().union(*positions)
        kinds: set[str] = set()
        for first in present:
            for phrase in self._phrases_by_first[chat].get(first, ()):
                if phrase.distinct <= present and _in_order(phrase.words, positions):
                    kinds.add(phrase.kind)
                    if phrase.kind == "alone" and len(message) == len(phrase.words):
                        kinds.add("whole")
        return kinds


def _in_order(words: tuple[str, ...], positions: list[frozenset[str]]) -> bool:
    """Whether `words` appear in order in the message, with at most MAX_GAP words between."""
    for start, matched in enumerate(positions):
        if words[0] in matched and _rest_follows(words[1:], positions, start):
            return True
    return False


def _rest_follows(words: tuple[str, ...], positions: list[frozenset[str]], after: int) -> bool:
    if not words:
        return True
    for index in range(after + 1, min(after + 2 + MAX_GAP, len(positions))):
        if words[0] in positions[index] and _rest_follows(words[1:], positions, index):
            return True
    return False


@lru_cache(maxsize=4)
def _ordinary_near(chat: bool, near: frozenset[str]) -> frozenset[str]:
    """The ordinary words that are, or lose a letter to become, one of `near` (the trigger
    words and their one-letter deletions): the only ones with a typo match to drop, a few
    thousand of the 250,000. Kept for the last knowledge bases: tests and /reload build
    the same detector again."""
    return frozenset(
        word
        for word in ordinary_keys(chat, FUZZY_MIN_LENGTH)
        if word in near or any(word[:i] + word[i + 1 :] in near for i in range(len(word)))
    )


def _inflects(word: str, trigger: str) -> bool:
    """Whether `word` is `trigger` with only its last letter dropped, added or changed.
    That is how the nine languages inflect a word ("enfants", "couteaux", "secuestrado"),
    and an ordinary word that inflects a danger word still speaks of that danger; other
    look-alikes ("acheter" for "machette", "soigne" for "saigne") do not."""
    return word[:-1] in (trigger, trigger[:-1]) or word == trigger[:-1]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
