"""Interface text (buttons, prompts, errors) from the gettext catalogs in `locales/`.

The message ids are English. Catalogs are compiled with babel during set-up
(`make catalogs`); a missing catalog falls back to English rather than failing.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time, get_day_names

LOCALES = Path(__file__).resolve().parents[2] / "locales"
DOMAIN = "relais"

Gettext = Callable[[str], str]


@cache
def translator(lang: str) -> Gettext:
    """The gettext function of `lang`."""
    return gettext.translation(DOMAIN, LOCALES, languages=[lang], fallback=True).gettext


@cache
def language_name(lang: str, in_lang: str | None = None) -> str:
    """The name of `lang` in `in_lang` (default: in itself, as a language menu shows it)."""
    return str(Locale.parse(in_lang or lang).languages.get(lang, lang))


@cache
def is_right_to_left(lang: str) -> bool:
    return Locale.parse(lang).character_order == "right-to-left"


# Dates, times and day names are formatted by babel, which parses the locale again on
# every call: the few that replies use are kept.


@cache
def long_date(day: dt.date, lang: str) -> str:
    """ "2 January 2027" in `lang`."""
    return format_date(day, format="long", locale=lang)


@cache
def short_time(moment: dt.time, lang: str) -> str:
    """ "18:00" (or "6:00 PM") as `lang` writes it."""
    return format_time(moment, format="short", locale=lang)


@cache
def day_name(weekday: int, lang: str) -> str:
    """The name of a day (0 is Monday) in `lang`."""
    return str(get_day_names("wide", locale=lang)[weekday])
