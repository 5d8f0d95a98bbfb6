"""Opening hours said for a person in a hurry: "open now, until 18:00", "opens Tuesday
at 09:00", "closed until 2 January", in their language (babel formats days and times)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from bot.core.i18n import Gettext, day_name, long_date, short_time
from bot.knowledge.model import WEEKDAYS, Organisation

PARIS = ZoneInfo("Europe/Paris")
HOLIDAY = "holidays"  # the key of `hours` for the spans of a French public holiday


def now_in_france() -> dt.datetime:
    return dt.datetime.now(PARIS)


def today_in_france() -> dt.date:
    """The day in France: every date the bot shows or keeps is a French day, whatever
    the server's own time zone."""
    return now_in_france().date()


def opening_note(org: Organisation, now: dt.datetime, lang: str, _: Gettext) -> str:
    """One short line about whether `org` is open at `now`; empty when hours are unknown."""
    if org.always_open:
        return _("Open day and night, every day")
    closure = next((c for c in org.closures if c.start <= now.date() <= c.end), None)
    if closure is not None:
        return _("Closed until {date}").format(date=long_date(closure.end, lang))
    if not org.hours:
        return ""
    closing = _closing_time(org, now)
    if closing is not None:
        return _("Open now, until {time}").format(time=short_time(closing, lang))
    opening = _next_opening(org, now)
    if opening is None:
        return ""
    if opening.date() == now.date():
        return _("Opens today at {time}").format(time=short_time(opening.time(), lang))
    day = day_name(opening.weekday(), lang)
    return _("Opens {day} at {time}").format(day=day, time=short_time(opening.time(), lang))


def is_open(org: Organisation, now: dt.datetime) -> bool:
    """Whether `org` can be reached at `now` (False when its hours are not known)."""
    if any(c.start <= now.date() <= c.end for c in org.closures):
        return False
    return org.always_open or _closing_time(org, now) is not None


def is_public_holiday(day: dt.date) -> bool:
    """A French national public holiday (25 December, 14 July, Easter Monday…)."""
    return day in _french_holidays()


@cache
def _french_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("FR")


def _spans(org: Organisation, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The opening spans that start on `day`; a span like 20:00-02:00 ends the next day.
    On a public holiday only the `holidays` spans count: most places are closed then."""
    key = HOLIDAY if is_public_holiday(day) else WEEKDAYS[day.weekday()]
    spans = []
    for text in org.hours.get(key, ()):
        start_text, end_text = text.split("-")
        start = dt.datetime.combine(day, _parse(start_text), PARIS)
        end = dt.datetime.combine(day, _parse(end_text), PARIS)
        if end <= start:
            end += dt.timedelta(days=1)
        spans.append((start, end))
    return spans


def _closing_time(org: Organisation, now: dt.datetime) -> dt.time | None:
    for day in (now.date() - dt.timedelta(days=1), now.date()):
        for start, end in _spans(org, day):
            if start <= now < end:
                return end.time()
    return None


def _next_opening(org: Organisation, now: dt.datetime) -> dt.datetime | None:
    for offset in range(8):
        day = now.date() + dt.timedelta(days=offset)
        if any(c.start <= day <= c.end for c in org.closures):
            continue
        starts = [start for start, _end in _spans(org, day) if start > now]
        if starts:
            return min(starts)
    return None


def _parse(text: str) -> dt.time:
    hours, minutes = (int(part) for part in text.split(":"))
    return dt.time(0, minutes) if hours == 24 else dt.time(hours, minutes)


def weekly_hours(org: Organisation, lang: str, _: Gettext) -> str:
    """The opening hours of a whole week in words, for paper, where "open now" means
    nothing: "Monday to Friday: 09:00–18:00". Days with the same hours are told together;
    empty when the hours are not known."""
    if org.always_open:
        return _("Open day and night, every day")
    parts = []
    for first, last, spans in _same_hours_runs(org):
        times = ", ".join(
            f"{short_time(_parse(start), lang)}–{short_time(_parse(end), lang)}"
            for start, end in (span.split("-") for span in spans)
        )
        if first == 0 and last == 6:
            days = _("Every day")
        elif first == last:
            days = day_name(first, lang)
        else:
            days = _("{first} to {last}").format(
                first=day_name(first, lang), last=day_name(last, lang)
            )
        parts.append(f"{days[:1].upper()}{days[1:]}: {times}")
    return "\n".join(parts)


def _same_hours_runs(org: Organisation) -> list[tuple[int, int, tuple[str, ...]]]:
    """Runs of following weekdays open at the same hours: (first day, last day, spans)."""
    runs: list[tuple[int, int, tuple[str, ...]]] = []
    for weekday, key in enumerate(WEEKDAYS):
        spans = org.hours.get(key, ())
        if not spans:
            continue
        if runs and runs[-1][1] == weekday - 1 and runs[-1][2] == spans:
            runs[-1] = (runs[-1][0], weekday, spans)
        else:
            runs.append((weekday, weekday, spans))
    return runs
