"""Writing the reply: the engine's outcome and a topic become text for a small screen.

The emergency block always comes first. Then the answer, then its contacts, each with
the date its details were last checked, so a person knows how fresh they are. The text
is plain (no markup), so that nothing a knowledge file contains can break a message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.core.hours import now_in_france, opening_note, weekly_hours
from bot.core.i18n import Gettext, is_right_to_left, language_name, long_date
from bot.core.outcome import Outcome
from bot.core.places import City
from bot.knowledge.model import (
    INTERPRETER_MARK,
    LANGUAGE_MARK,
    PLACEHOLDER,
    SOURCE_LANGUAGE,
    KnowledgeBase,
    Organisation,
    Topic,
)

CONTACT_TOPIC = "contact.association"
Nearby = Sequence[tuple[Organisation, float]]
RLM = "\u200f"  # keeps Arabic lines right-to-left when they start with a number
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, and the end of an isolate
# A number as people dial or read it: digit groups joined by one space or by a sign that
# the bidi algorithm already keeps inside a number ("0 800 840 800", "1 500", "6,80",
# "09:00", "24/7", "+33 1 80 52 33 76"). A dash is left out: "09:00-12:00" reads as a
# range from right to left in Arabic, as the algorithm shows it.
NUMBER = re.compile(r"\+?\d+(?:[ \u00a0\u202f.,:/]\d+)*")


@dataclass(frozen=True)
class Choice:
    topic: str
    title: str


@dataclass(frozen=True)
class Reply:
    """A reply in parts, so each shell can lay them out (buttons, a "More" button...)."""

    lang: str
    emergency: str = ""
    body: str = ""
    card: str = ""
    glossary: str = ""
    contacts: str = ""
    nearby: str = ""
    more: str = ""
    choices: tuple[Choice, ...] = ()
    topic: str | None = None

    def __post_init__(self) -> None:
        """In a right-to-left language, every number of every part reads in its order."""
        if not is_right_to_left(self.lang):
            return
        for name in ("emergency", "body", "card", "glossary", "contacts", "nearby", "more"):
            object.__setattr__(self, name, isolate_numbers(getattr(self, name)))
        choices = tuple(replace(c, title=isolate_numbers(c.title)) for c in self.choices)
        object.__setattr__(self, "choices", choices)

    @property
    def text(self) -> str:
        """The whole reply as one text, the emergency block first."""
        parts = (self.emergency, self.body, self.glossary, self.card, self.contacts, self.nearby)
        return "\n\n".join(p for p in parts if p)


def render_outcome(kb: KnowledgeBase, outcome: Outcome, _: Gettext) -> Reply:
    """The reply to one message, in the outcome's language."""
    lang = outcome.lang
    emergency = render_emergency(kb, outcome, _) if outcome.alert.emergency else ""
    nearby = render_city(outcome.city, outcome.nearby, lang, _) if outcome.city else ""
    if outcome.decision == "answer" and outcome.topic and kb.has_topic(outcome.topic):
        reply = render_topic(kb, kb.topic(outcome.topic), lang, _)
        return replace(reply, emergency=emergency, nearby=nearby)
    if outcome.decision == "clarify":
        choices = tuple(
            Choice(c.topic, topic_title(kb.topic(c.topic), lang))
            for c in outcome.candidates
            if kb.has_topic(c.topic)
        )
        lines = [_("Do you mean one of these?")]
        lines += [f"{n}. {choice.title}" for n, choice in enumerate(choices, 1)]
        body = _bidi("\n".join(lines), lang)
        return Reply(lang, emergency, body, nearby=nearby, choices=choices)
    body = "\n".join(
        (
            _("Sorry, I do not have an answer to this question yet."),
            _("You can choose a subject in the menu: /help"),
            _("To talk to a person, contact an association:"),
        )
    )
    contacts = (
        render_contacts(kb, kb.topic(CONTACT_TOPIC), lang, _) if kb.has_topic(CONTACT_TOPIC) else ""
    )
    # The message may be in a language the bot does not know: the numbers need no words.
    body = f"{_bidi(body, lang)}\n\n{kb.emergency.numbers}" if kb.emergency.numbers else body
    return Reply(lang, emergency, body, contacts=contacts, nearby=nearby)


def render_city(city: City, nearby: Nearby, lang: str, _: Gettext) -> str:
    """Associations near a city the person named, or nothing when none is known there."""
    found = render_nearby(nearby, lang, _)
    return _("Near {city}:").format(city=city.name) + "\n\n" + found if found else ""


def render_topic(kb: KnowledgeBase, topic: Topic, lang: str, _: Gettext) -> Reply:
    """A topic's answer, card and contacts in `lang` (French where it is not translated).

    Written once a minute for each language and translation function: opening hours are
    the only part that changes, and by the minute.
    """
    minute = now_in_france().replace(second=0, microsecond=0)
    return kb.kept(("reply", topic.id, lang, _, minute), lambda: _write_topic(kb, topic, lang, _))


def _write_topic(kb: KnowledgeBase, topic: Topic, lang: str, _: Gettext) -> Reply:
    text = topic.text(lang)
    answer = fill_placeholders(kb, text.answer, lang, _)
    return Reply(
        lang,
        body=_bidi(answer, lang),
        glossary=render_glossary(kb, answer, lang),
        card=render_card(topic, lang, _),
        contacts=render_contacts(kb, topic, lang, _),
        more=_bidi(fill_placeholders(kb, text.more, lang, _), lang),
        topic=topic.id,
    )


def fill_placeholders(kb: KnowledgeBase, text: str, lang: str, _: Gettext) -> str:
    """{hours:ORG} and {phone:ORG} replaced by what organisations.yaml holds now: one edit
    of an organisation's hours changes every answer that quotes them."""

    def fill(found: re.Match[str]) -> str:
        org = kb.organisations.get(found[2])
        if org is None:  # kb check refuses it: never in a knowledge base that loaded
            return found[0]
        if found[1] == "phone":
            return org.phone
        return "; ".join(weekly_hours(org, lang, _).splitlines())

    return PLACEHOLDER.sub(fill, text) if "{" in text else text


def render_glossary(kb: KnowledgeBase, answer: str, lang: str, most: int = 3) -> str:
    """One line for each hard word of the answer that the glossary explains."""
    lines = [
        f"📖 {entry.explanation.get(lang) or entry.explanation[SOURCE_LANGUAGE]}"
        for entry in kb.hard_words(answer)
    ]
    return _bidi("\n".join(lines[:most]), lang)


def topic_title(topic: Topic, lang: str) -> str:
    text = topic.text(lang)
    return text.title or topic.texts[SOURCE_LANGUAGE].title or topic.id


def category_name(category: str, _: Gettext) -> str:
    """The name of a category of topics, as the menu and the printed booklets show it."""
    names = {
        "safety": _("Safety and violence"),
        "basic_needs": _("Shelter, food, money"),
        "health": _("Health"),
        "legal": _("Rights and justice"),
        "papers": _("Papers and administration"),
        "life": _("Work, school, daily life"),
        "bot": _("About this bot"),
    }
    return names.get(category, category)


def render_emergency(kb: KnowledgeBase, outcome: Outcome, _: Gettext) -> str:
    """The emergency numbers and an SMS to copy for 114. The number that fits comes first:
    3114 and 15 for a person who wants to die, 119 and 17 for a child in danger, before
    the police and "go to a café", which do not help them."""
    lang, emergency = outcome.lang, kb.emergency
    parts = []
    if outcome.alert.suicide:
        parts.append(_pick(emergency.suicide, lang))
    if outcome.alert.child:
        parts.append(_pick(emergency.child, lang))
    parts += [_pick(emergency.block, lang), _pick(emergency.sms_intro, lang)]
    return _bidi("\n".join(p for p in parts if p), lang) + "\n" + emergency.sms_text


def render_card(topic: Topic, lang: str, _: Gettext) -> str:
    """The "show this" card: French for the staff, then the same in the person's language."""
    french = topic.texts[SOURCE_LANGUAGE].card
    if not french:
        return ""
    staff = fill_card(french, lang, SOURCE_LANGUAGE)
    if not staff:
        return ""
    parts = [_("Show this to the staff:"), staff]
    own = topic.text(lang).card if lang != SOURCE_LANGUAGE else ""
    if own:
        parts.append(_bidi(fill_card(own, lang, lang), lang))
    return "\n\n".join(parts)


def fill_card(card: str, lang: str, written_in: str) -> str:
    """A card written in `written_in` for a person who speaks `lang`.

    `{language}` becomes the name of the person's language. A line about the person's
    language — one with `{language}`, or one that starts with the mark `{interpreter}`
    (a request for an interpreter) — is left out when the person speaks French: staff
    must not read "Cette personne parle français" or look for an interpreter in French.
    """
    lines = []
    for line in card.splitlines():
        asks_interpreter = line.startswith(INTERPRETER_MARK)
        if lang == SOURCE_LANGUAGE and (asks_interpreter or LANGUAGE_MARK in line):
            continue
        if asks_interpreter:
            line = line.removeprefix(INTERPRETER_MARK).lstrip()
        lines.append(line.replace(LANGUAGE_MARK, language_name(lang, written_in)))
    return "\n".join(lines).strip()


def render_nearby(nearby: Nearby, lang: str, _: Gettext) -> str:
    """Local organisations with how far they are, or in which city when the organisation
    is only known by its city."""
    return "\n\n".join(
        render_organisation(org, lang, _)
        + (f"\n📍 {round(km)} km" if org.coordinates else f"\n📍 {org.city}")
        for org, km in nearby
    )


def render_contacts(kb: KnowledgeBase, topic: Topic, lang: str, _: Gettext) -> str:
    return "\n\n".join(
        render_organisation(kb.organisations[org_id], lang, _)
        for org_id in topic.referrals
        if org_id in kb.organisations
    )


def render_organisation(
    org: Organisation, lang: str, _: Gettext, now: dt.datetime | None = None
) -> str:
    """One contact in a few short lines: who, what, phone, website, when, how fresh."""
    lines = [f"🤝 {org.name}"]
    if description := org.describe(lang):
        lines.append(_bidi(description, lang))
    if org.phone:
        lines.append(f"📞 {org.phone}")
    if org.sms:
        lines.append(f"✉️ SMS {org.sms}")
    if org.url:
        lines.append(f"🌐 {org.url}")
    if org.address and not org.confidential:
        lines.append(f"📍 {org.address}")
    if note := opening_note(org, now or now_in_france(), lang, _):
        lines.append(f"🕘 {note}")
    if org.free:
        lines.append("🆓 " + _("Free"))
    if org.checked:
        lines.append("✔️ " + _("Checked on {date}").format(date=long_date(org.checked, lang)))
    text = "\n".join(lines)
    return isolate_numbers(text) if is_right_to_left(lang) else text


def _pick(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get(SOURCE_LANGUAGE, "")


def _bidi(text: str, lang: str) -> str:
    """Mark each line of a right-to-left text so a leading number does not flip it."""
    if not text or not is_right_to_left(lang):
        return text
    return "\n".join(RLM + line for line in text.splitlines())


def isolate_numbers(text: str) -> str:
    """Each number of `text` between LRI and PDI, so that it reads in its own order.

    In a right-to-left line the bidi algorithm that every Telegram client follows
    (Unicode UAX #9) splits a number at its spaces and lays the groups out from right to
    left: "116 006" shows as "006 116", "0 800 840 800" as "800 840 800 0", and a person
    dials a wrong number. Isolating the whole number (U+2066 … U+2069) makes it one
    left-to-right island whatever surrounds it. It was chosen over joining the groups
    with no-break spaces (U+00A0) because the characters of the number stay as written:
    what a person copies, and what Telegram turns into a link to dial, is the number
    itself; a number split by a dot or starting with "+" is kept whole too; and the
    line still takes its direction from its words, since an isolate is skipped when
    the direction of a line is worked out.

    Isolating twice gives the same text, so each part of a reply can be isolated
    without knowing whether a piece of it already was.
    """
    plain = text.replace(LRI, "").replace(PDI, "")
    return NUMBER.sub(lambda number: LRI + number.group() + PDI, plain)
