"""The fonts of the printed sheets: which ones a language needs, and whether they have
every character of a text.

Only the subsets committed in `bot/sheets/fonts/` are used, at run time and in tests:
a machine with only Python can print. `make fonts` (bot/sheets/subset.py) makes them
again from the full Noto fonts when the knowledge base uses a new character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FOLDER = Path(__file__).resolve().parent / "fonts"
PICTOGRAMS = "Pictograms"
# Characters that steer text without being drawn: bidi marks and isolates, joiners, the
# variation selector of emoji ("❤️"). No font needs a glyph for them.
INVISIBLE = frozenset("\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufe0f\ufe0e\n\t")


@dataclass(frozen=True)
class Face:
    """One font file, under the family name and style ("" or "B") the sheets use."""

    family: str
    style: str
    file: str


FACES = (
    Face("Sans", "", "NotoSans-Regular.ttf"),
    Face("Sans", "B", "NotoSans-Bold.ttf"),
    Face("Arabic", "", "NotoSansArabic-Regular.ttf"),
    Face("Arabic", "B", "NotoSansArabic-Bold.ttf"),
    Face("CJK", "", "NotoSansSC-Regular.otf"),
    Face("CJK", "B", "NotoSansSC-Bold.otf"),
    Face(PICTOGRAMS, "", "NotoSansSymbols2-Regular.ttf"),
)


def families(lang: str) -> tuple[str, ...]:
    """The font families for a text in `lang`, the main one first, then those that
    draw what it lacks (Latin words and digits in an Arabic text, pictograms)."""
    main = {"ar": "Arabic", "zh": "CJK"}.get(lang, "Sans")
    return tuple(dict.fromkeys((main, "Sans", PICTOGRAMS)))


@cache
def characters(family: str) -> frozenset[str]:
    """Every character the regular face of `family` draws."""
    face = next(f for f in FACES if f.family == family and not f.style)
    with TTFont(FOLDER / face.file, lazy=True) as font:
        return frozenset(chr(code) for code in font.getBestCmap())


def drawn_by(char: str, lang: str) -> str | None:
    """The first family of `lang` that draws `char`, or None."""
    return next((family for family in families(lang) if char in characters(family)), None)


def is_pictogram(char: str) -> bool:
    """An emoji or other symbol: decoration that a sheet may leave out, unlike a letter."""
    return unicodedata.category(char) == "So"


def missing_characters(text: str, lang: str) -> str:
    """The characters of `text` (pictograms aside) that no font of `lang` draws, each
    once: a sheet must never print a box in place of a letter."""
    missing = (
        char
        for char in text
        if char not in INVISIBLE
        and not char.isspace()
        and not is_pictogram(char)
        and drawn_by(char, lang) is None
    )
    return "".join(dict.fromkeys(missing))
