"""Text normalisation shared by language identification, emergency detection and matching.

People write in a hurry, on a phone, in nine languages and several scripts. Every
comparison in the engine goes through `match_key` so that "Où dormir ce soir ?",
"ou dormir se soir" and "OU DORMIIIR" meet, and so that Russian or Bulgarian typed in
Latin letters ("4to delat", "nqmam") meets the same words in Cyrillic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "u", "ы": "i", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "i", "є": "e",
}  # fmt: skip

# Latin-letter Russian and Bulgarian use digits and q for the letters Latin lacks, and
# spell the same sound several ways (ya, ja, ia); one canonical spelling makes them meet.
CYRILLIC_LETTERS = str.maketrans(CYRILLIC_TO_LATIN)
CHAT_SPELLING = str.maketrans({"4": "ch", "6": "sh", "q": "ya", "w": "v", "x": "h"})
SAME_SOUND = str.maketrans({"y": "i", "j": "i"})

ARABIC_VARIANTS = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None, "ٱ": "ا", "ؤ": "و", "ئ": "ي"})

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
VOWEL = re.compile(r"[aeiouy]")

# A token is a run of letters/digits, or a single Chinese character.
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
# Accents and other marks written on a letter (those of the Basic Multilingual Plane,
# where every script the bot reads lives), as one class: faster than testing each letter.
COMBINING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]"
)
REPEATS = re.compile(r"(\D)\1+")
OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def script_of(text: str) -> str:
    """The dominant script of a message: 'han', 'arabic', 'cyrillic', 'latin' or 'none'."""
    counts = {
        "han": len(CJK.findall(text)) * 2,  # one character carries a word's weight
        "arabic": len(ARABIC.findall(text)),
        "cyrillic": len(CYRILLIC.findall(text)),
        "latin": len(LATIN.findall(text)),
    }
    best = max(counts, key=lambda script: counts[script])
    return best if counts[best] else "none"


def fold(text: str) -> str:
    """Lower case, without accents or Arabic diacritics, with Arabic letter variants unified.

    Chinese, Arabic and Cyrillic letters are kept: only their marks go.
    """
    return _unmark(lower(text))


def lower(text: str) -> str:
    """Lower case with one form of each character and apostrophe; accents kept."""
    return unicodedata.normalize("NFKC", text).translate(APOSTROPHES).casefold()


def _unmark(text: str) -> str:
    if text.isascii():
        return text
    without_marks = COMBINING.sub("", unicodedata.normalize("NFD", text))
    composed = unicodedata.normalize("NFC", without_marks)
    return composed.translate(ARABIC_VARIANTS) if ARABIC.search(composed) else composed


def ascii_digits(text: str) -> str:
    """Arabic-Indic and other digits as 0-9, so that ١١٥ is 115."""
    return OTHER_DIGIT.sub(lambda found: str(unicodedata.digit(found.group())), text)


def tokens(text: str) -> list[str]:
    """Words of a folded text: letters and digits together, each Chinese character alone."""
    return TOKEN.findall(text)


def to_latin(word: str, chat_spelling: bool) -> str:
    """Cyrillic in Latin letters; with `chat_spelling`, one spelling for Latin-letter Russian.

    With `chat_spelling`, "4to", "chto" and "что" all become "chto", and "nqmam",
    "niamam" and "нямам" all become "niamam".
    """
    if CYRILLIC.search(word):
        word = word.translate(CYRILLIC_LETTERS)
    elif not chat_spelling or word.isdigit():
        return word
    return word.translate(CHAT_SPELLING).translate(SAME_SOUND) if chat_spelling else word


ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")


def strip_arabic_prefix(word: str) -> str:
    """Without the article and "and" glued to an Arabic word (الأوراق, وأوراق → اوراق), as
    light stemmers do, so that the same word meets itself in every form."""
    if not ARABIC.match(word):
        return word
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def squeeze(word: str) -> str:
    """Repeated letters once: "aideeez" and "aidez", "appelle" and "apelle" meet."""
    return REPEATS.sub(r"\1", word)


@lru_cache(maxsize=65536)
def word_key(word: str, chat_spelling: bool) -> str:
    """One folded word as the engine compares it. Cached: people use the same few
    thousand words, and each message is read by several parts of the engine."""
    return squeeze(strip_arabic_prefix(to_latin(word, chat_spelling)))


# A line that is one token with a letter in it, and no Chinese character.
SINGLE_WORD = re.compile(rf"^(?!.*{CJK.pattern})(?=\w*[^\W\d_])[^\W_]+$", re.MULTILINE)


def word_keys(words: Iterable[str], chat_spelling: bool) -> list[str]:
    """The keys of many words at once, as `word_key` gives them one by one (words that are
    not one token, Chinese or only digits are left out). Each step runs once on all the words
    joined, which is ten times faster for the hundreds of thousands of a word list."""
    joined = ascii_digits(fold("\n".join(words)))
    latin = "\n".join(SINGLE_WORD.findall(joined))
    if CYRILLIC.search(latin):
        latin = latin.translate(CYRILLIC_LETTERS)
    if chat_spelling:
        latin = latin.translate(CHAT_SPELLING).translate(SAME_SOUND)
    if ARABIC.search(latin):
        latin = "\n".join(map(strip_arabic_prefix, latin.split("\n")))
    return squeeze(latin).split("\n") if latin else []


@dataclass(frozen=True)
class Folded:
    """A message normalised once for every part of the engine that reads it: language
    identification, emergency detection, each language's index and the places."""

    raw: str
    lowered: str  # accents kept: they tell languages apart (ș, ã, ñ)
    words: tuple[str, ...]  # tokens of the folded text, digits as 0-9

    @classmethod
    def of(cls, text: str | Folded) -> Folded:
        if isinstance(text, Folded):
            return text
        lowered = lower(text)
        return cls(text, lowered, tuple(tokens(ascii_digits(_unmark(lowered)))))

    def key(self, lang: str | None = None, spellings: Mapping[str, str] | None = None) -> list[str]:
        """The words as the engine compares them.

        `lang` selects the conventions of a language: Latin-letter Russian and Bulgarian
        spell ч as 4 and я as q. `spellings` expands SMS forms ("jsuis" → "je suis")
        before the letters are squeezed.
        """
        chat_spelling = lang in {"ru", "bg"}
        if not spellings:
            return [word_key(word, chat_spelling) for word in self.words]
        words: list[str] = []
        for word in self.words:
            expansion = spellings.get(word)
            for part in expansion.split() if expansion else (word,):
                words.append(word_key(part, chat_spelling))
        return words


def match_key(
    text: str | Folded,
    lang: str | None = None,
    spellings: Mapping[str, str] | None = None,
) -> list[str]:
    """The words of `text` as the engine compares them (see `Folded.key`)."""
    return Folded.of(text).key(lang, spellings)


def is_keyboard_mash(text: str) -> bool:
    """Latin letters with no vowel in any word ("qqq zzz vvv", "xq7"), and no other
    script: no word of the nine languages, chat spellings included ("4to", "n3as", "ve4e"),
    is written so. The encoder reads a meaning into anything, so such a text is left to
    the words alone, and to a person."""
    words = [word for word in tokens(fold(text)) if not word.isdigit()]
    if not words or not all(LATIN.search(word) for word in words):
        return False
    return not any(VOWEL.search(word) for word in words)
