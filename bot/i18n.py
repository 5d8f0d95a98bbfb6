"""Interface text (buttons, prompts, errors) from the gettext catalogs in `locales/`.

The message ids are English. Catalogs are compiled with babel during set-up
(`make catalogs`); a missing catalog falls back to English rather than failing.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "relais"

Gettext = Callable[[str], str]


@cache
def translator(lang: str) -> Gettext:
    """The gettext function of `lang`."""
    return gettext.translation(DOMAIN, LOCALES, languages=[lang], fallback=True).gettext


@cache
def language_name(lang: str, in_lang: str | None = None) -> str:
    """The name of `lang` in `in_lang` (default: in itself, as a language menu shows it)."""
    return Locale.parse(in_lang or lang).languages.get(lang, lang)


@cache
def is_right_to_left(lang: str) -> bool:
    return Locale.parse(lang).character_order == "right-to-left"
