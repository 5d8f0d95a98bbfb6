"""Ordinary words of the nine languages, in every spelling the bot reads.

Emergency detection forgives one typo in a trigger word, so that "couteu" is still a
knife. But a typo away from a trigger there is often another, ordinary word: "acheter"
is one letter from "machette", "rendre" from "pendre", "soigne" from "saigne". A word that
people write every day is what they meant, not a misspelt trigger. The lists are
wordfreq's, for the nine languages, keyed as the engine compares words, and also written
the way people chat: Russian and Bulgarian in Latin letters (the engine's own
transliteration) and Arabic in Arabizi (3 = ع, 7 = ح).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import wordfreq

from bot.core.text import strip_arabic_prefix, word_keys
from bot.knowledge.model import LANGUAGES

# Zipf 3 is once in a million words. It is the lowest frequency wordfreq lists for
# Romanian and Bulgarian, so every language is held to the same bar; the words above it
# (30,000 to 60,000 a language) are the ones a person writes without looking them up,
# while a trigger's plausible misspellings ("couteu", "blessee") stay far below it.
COMMON_ZIPF = 3.0
SHORTEST_KEY = 3  # the shortest word the emergency detector compares with a trigger

# How Arabic letters are written in Latin letters and digits in chat: one table with the
# most usual choice for each letter, one with the next (ش is ch or sh, ق 9 or q, و ou or w).
ARABIZI = tuple(
    str.maketrans(dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ", letters, strict=True)))
    for letters in (
        ("a", "b", "t", "th", "j", "7", "5", "d", "dh", "r", "z", "s", "ch", "s", "d", "t",
         "z", "3", "gh", "f", "9", "k", "l", "m", "n", "h", "ou", "i", "2", "a", "i", "a",
         "a", "a", "2", "2"),
        ("a", "b", "t", "t", "g", "7", "kh", "d", "d", "r", "z", "s", "sh", "s", "d", "t",
         "z", "3", "gh", "f", "q", "k", "l", "m", "n", "h", "w", "y", "", "2", "2", "a",
         "a", "a", "2", "2"),
    )
)  # fmt: skip


def zipf_bins(zipf: float) -> int:
    """How many of wordfreq's frequency bins (one per centibel) lie at or above `zipf`."""
    return round((9 - zipf) * 100) + 1


def common_words(lang: str, zipf: float = COMMON_ZIPF) -> Iterator[str]:
    """The words of `lang` used at least `zipf` times (wordfreq's scale) in a billion...
    Read past wordfreq's own cache, which would keep every language's whole list (about
    240 MB for the nine) for a process that needs its top bins once."""
    for band in wordfreq.get_frequency_list.__wrapped__(lang)[: zipf_bins(zipf)]:
        yield from band


def ordinary_keys(chat_spelling: bool, shortest: int, zipf: float = COMMON_ZIPF) -> frozenset[str]:
    """The keys, at least `shortest` letters long, of the common words of every language,
    with the Arabic ones also in Arabizi: read from `ordinary_languages`, which is kept,
    rather than kept a second time."""
    keys = ordinary_languages(chat_spelling, min(shortest, SHORTEST_KEY), zipf)
    return frozenset(key for key in keys if len(key) >= shortest)


def ordinary_languages(
    chat_spelling: bool, shortest: int, zipf: float = COMMON_ZIPF
) -> dict[str, frozenset[str]]:
    """The same keys, each with the languages in which it is a common word: a trigger of
    one language must not fire on an everyday word of another ("enferm*", locked in, in
    French, is the start of "enferma", sick, in Spanish). Kept for the process, under one
    key however it is called: it depends on nothing but wordfreq's lists."""
    return _ordinary_languages(chat_spelling, shortest, zipf)


@cache
def _ordinary_languages(
    chat_spelling: bool, shortest: int, zipf: float
) -> dict[str, frozenset[str]]:
    languages: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        words = list(common_words(lang, zipf))
        if lang == "ar":
            stems = [strip_arabic_prefix(word) for word in words]
            words += [stem.translate(table) for table in ARABIZI for stem in stems]
        for key in word_keys(words, chat_spelling):
            if len(key) >= shortest:
                languages.setdefault(key, set()).add(lang)
    shared: dict[frozenset[str], frozenset[str]] = {}
    return {
        key: shared.setdefault(frozenset(langs), frozenset(langs))
        for key, langs in languages.items()
    }
