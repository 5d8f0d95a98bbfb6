"""The discreet variant of the sheets (`python -m bot sheets --discreet`), for people who
must hide what they carry: each PDF opens with a cover that holds a neutral title ("Santé,
droits, aide"), the QR code of the first topic inside and the emergency numbers, and no
word that names prostitution or sex work, in any of the nine languages.

Only the cover is neutral: the pages inside are those of the ordinary sheets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.i18n import is_right_to_left
from bot.sheets.content import Line, Sheet
from bot.sheets.layout import Discreet

SEPARATORS = re.compile(r"[\s\-_‐‑–—]+")
# Characters inside a word that do not change it: the tatweel that stretches an Arabic
# word ("الدعـــارة"), the soft hyphen, zero-width spaces and joiners, bidi marks.
INSIDE_WORDS = re.compile(r"[\u0640\u00ad\u200b-\u200f\u2066-\u2069]")


class NotDiscreet(ValueError):
    """A discreet cover would name prostitution or sex work."""


@dataclass(frozen=True)
class Cover:
    """The first page of a discreet PDF: nothing on it tells what the pages inside are about."""

    lang: str
    title: str
    link: str  # the deep link of the first topic inside
    link_caption: str
    emergency: tuple[Line, ...]

    @property
    def right_to_left(self) -> bool:
        return is_right_to_left(self.lang)


def build_cover(first: Sheet, discreet: Discreet) -> Cover:
    """The cover of a PDF whose first sheet is `first`: its QR code opens that topic, so
    that a booklet's cover leads to the page just inside. Refused if it names sex work."""
    cover = Cover(
        lang=first.lang,
        title=discreet.titles[first.lang],
        link=first.link,
        link_caption=first.link_caption,
        emergency=first.emergency,
    )
    check_cover(cover, all_words(discreet))
    return cover


def check_cover(cover: Cover, words: Sequence[str]) -> None:
    """Refuse a cover holding one of `words`, whatever their language: a French word can
    stand in an Arabic text, and an association may edit any of the cover's texts."""
    texts = {
        "its title (discreet.title in the template of the sheets)": cover.title,
        f"the caption of its QR code (locales/{cover.lang}/LC_MESSAGES/relais.po)": (
            cover.link_caption
        ),
        "its emergency lines (knowledge/emergency.yaml)": "\n".join(
            line.text for line in cover.emergency
        ),
    }
    for where, text in texts.items():
        found = naming_words(text, words)
        if found:
            raise NotDiscreet(
                f"the discreet cover in {cover.lang} would hold {found[0]!r} in {where}: "
                "change that text, it must name neither prostitution nor sex work"
            )


def naming_words(text: str, words: Iterable[str]) -> list[str]:
    """The words of `words` that `text` holds, whatever the capitals, accents, hyphens and
    line breaks: "Travailleuses-du-sexe" holds "travailleuses du sexe"."""
    plain = _plain(text)
    return [word for word in words if _plain(word) in plain]


def all_words(discreet: Discreet) -> list[str]:
    """The words of every language, each once: a cover in one language must avoid all
    of them."""
    return list(dict.fromkeys(word for words in discreet.words.values() for word in words))


def _plain(text: str) -> str:
    """`text` without capitals, accents or Arabic vowel marks, with one space for each run
    of spaces, hyphens, "_" and line breaks, and without what may sit inside a word. NFKD
    also turns the Arabic letter forms that a PDF's text layer may give back ("ﺍﻟﺪﻋﺎﺭﺓ")
    into plain letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return SEPARATORS.sub(" ", INSIDE_WORDS.sub("", bare).casefold()).strip()
