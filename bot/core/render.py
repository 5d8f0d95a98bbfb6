"""Writing the reply: the engine's outcome and a topic become text for a small screen.

A person in danger, with little schooling, on a small phone, reading a second language,
reads one screen. So the first message of an answer keeps to a budget (FIRST_CHARACTERS,
FIRST_LINES): the first line of the answer, every line marked essential (it starts with
⚠️: a warning, a time limit), as many of the next lines as fit, and the best two contacts
on one line each. The rest is one tap away: "More" (the other lines, the details, the
glossary, when the contacts were checked), "Other contacts", "Show to staff" (the card).

In an emergency the block comes first, alone (at most BLOCK_CHARACTERS), then the SMS for
the 114 as its own message, then the topic's answer. No phone number is given twice in
one reply: a line or a contact that repeats a number already given is left out.
The text is plain (no markup), so that nothing a knowledge file contains can break a message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.core.hours import is_open, now_in_france, opening_note, weekly_hours
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
    phone_numbers,
)

CONTACT_TOPIC = "contact.association"
Nearby = Sequence[tuple[Organisation, float]]
RLM = "\u200f"  # keeps Arabic lines right-to-left when they start with a number
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, and the end of an isolate
INVISIBLE = str.maketrans("", "", RLM + LRI + PDI + "\u200e")  # not counted in a length
# A number as people dial or read it: digit groups joined by one space or by a sign that
# the bidi algorithm already keeps inside a number ("0 800 840 800", "1 500", "6,80",
# "09:00", "24/7", "+33 1 80 52 33 76"). A dash is left out: "09:00-12:00" reads as a
# range from right to left in Arabic, as the algorithm shows it.
NUMBER = re.compile(r"\+?\d+(?:[ \u00a0\u202f.,:/]\d+)*")

# One phone screen: what a person reads before scrolling, in every language.
FIRST_CHARACTERS = 600
FIRST_LINES = 12
BLOCK_CHARACTERS = 450
CONTACTS_SHOWN = 2
ESSENTIAL_MARK = "⚠️"  # a line of an answer that starts with it is never left out
# Who a topic is first for: an organisation that says it welcomes them comes first.
WELCOMED = {"lgbt": "trans", "minors": "minors", "papers": "undocumented"}
WELCOMING_EVERYONE = {"everyone", "undocumented"}


@dataclass(frozen=True)
class Choice:
    topic: str
    title: str


@dataclass(frozen=True)
class Reply:
    """A reply in parts, so each shell can lay them out: the emergency block, the SMS to
    copy, the first message (`body`), and what is one tap away (`more`, `others`, `card`)."""

    lang: str
    emergency: str = ""
    sms_intro: str = ""
    sms: str = ""  # the French SMS for the 114, shown so that a phone copies it in one tap
    body: str = ""
    more: str = ""
    others: str = ""
    card: str = ""
    choices: tuple[Choice, ...] = ()
    topic: str | None = None

    def __post_init__(self) -> None:
        """In a right-to-left language, every number of every part reads in its order."""
        if not is_right_to_left(self.lang):
            return
        for name in ("emergency", "sms_intro", "body", "more", "others", "card"):
            object.__setattr__(self, name, isolate_numbers(getattr(self, name)))
        choices = tuple(replace(c, title=isolate_numbers(c.title)) for c in self.choices)
        object.__setattr__(self, "choices", choices)

    @property
    def messages(self) -> tuple[str, ...]:
        """The messages the person receives, in order (the SMS to copy is the second)."""
        sms = f"{self.sms_intro}\n\n{self.sms}" if self.sms else ""
        return tuple(part for part in (self.emergency, sms, self.body) if part)

    @property
    def text(self) -> str:
        """The whole reply as one text, the emergency block first."""
        return "\n\n".join(self.messages)


def visible_length(text: str) -> int:
    """Characters a person sees: the invisible direction marks are not counted."""
    return len(text.translate(INVISIBLE))


def fits_one_screen(text: str, characters: int = FIRST_CHARACTERS) -> bool:
    return visible_length(text) <= characters and len(text.splitlines()) <= FIRST_LINES


def render_outcome(kb: KnowledgeBase, outcome: Outcome, _: Gettext) -> Reply:
    """The reply to one message, in the outcome's language."""
    lang = outcome.lang
    emergency = render_emergency(kb, outcome, _) if outcome.alert.emergency else Reply(lang)
    given = numbers_in(emergency.emergency, emergency.sms_intro)
    if outcome.thanks:
        return replace(emergency, body=_bidi(_("You are welcome. Take care of yourself."), lang))
    if outcome.outside:
        return replace(emergency, body=_bidi(_outside_text(_), lang))
    if outcome.decision == "answer" and outcome.topic and kb.has_topic(outcome.topic):
        reply = render_topic(kb, kb.topic(outcome.topic), lang, _, outcome.nearby, given)
        return replace(
            reply,
            emergency=emergency.emergency,
            sms_intro=emergency.sms_intro,
            sms=emergency.sms,
        )
    nearby = render_city(outcome.city, outcome.nearby, lang, _) if outcome.city else ""
    if outcome.decision == "clarify":
        choices = tuple(
            Choice(c.topic, topic_title(kb.topic(c.topic), lang))
            for c in outcome.candidates
            if kb.has_topic(c.topic)
        )
        lines = [_("Do you mean one of these?")]
        lines += [f"{n}. {choice.title}" for n, choice in enumerate(choices, 1)]
        body = _join(_bidi("\n".join(lines), lang), nearby)
        return replace(emergency, body=body, choices=choices)
    body = _bidi(
        "\n".join(
            (
                _("Sorry, I do not have an answer to this question yet."),
                _("You can choose a subject in the menu: /help"),
            )
        ),
        lang,
    )
    # The message may be in a language the bot does not know: the numbers need no words.
    if kb.emergency.numbers and not given:
        body = f"{body}\n\n{kb.emergency.numbers}"
    body = _join(body, nearby or phone_contacts(kb, lang, _))
    return replace(emergency, body=body)


def _outside_text(_: Gettext) -> str:
    return "\n".join(
        (
            _("Sorry, I cannot help with that."),
            _("I answer questions about your rights, your health, housing, papers and safety."),
            _("You can choose a subject in the menu: /help"),
        )
    )


def phone_contacts(kb: KnowledgeBase, lang: str, _: Gettext, most: int = CONTACTS_SHOWN) -> str:
    """A line to talk to a person, then associations to call, one line each."""
    if not kb.has_topic(CONTACT_TOPIC):
        return ""
    contacts = choose_contacts(kb, kb.topic(CONTACT_TOPIC), (), now_in_france())
    lines = [contact_line(org, lang, _) for org in contacts if org.phone][:most]
    return _bidi(_("To talk to a person, contact an association:"), lang) + "\n" + "\n".join(lines)


def render_city(city: City, nearby: Nearby, lang: str, _: Gettext, most: int = 3) -> str:
    """Associations near a city the person named, or nothing when none is known there."""
    if not nearby:
        return ""
    lines = [contact_line(org, lang, _, km) for org, km in nearby[:most]]
    return _("Near {city}:").format(city=city.name) + "\n" + "\n".join(lines)


def render_near(
    kb: KnowledgeBase, topic: Topic, place: str | None, nearby: Nearby, lang: str, _: Gettext
) -> str:
    """Where to go for `topic` near `place` (a city; None for a shared location): the
    organisations near it that serve the topic, nearest first, with phone and opening;
    where none is known there, the topic's own contacts."""
    now = now_in_france()
    distances = {org.id: km for org, km in nearby}
    local = [org for org, _km in nearby if org.serves_topic(topic.id)][: CONTACTS_SHOWN + 1]
    subject = topic_title(topic, lang)
    if local:
        heading = (
            _("{subject}, near {place}:").format(subject=subject, place=place)
            if place
            else _("{subject}, near you:").format(subject=subject)
        )
    else:
        heading = (
            _("I know no place for this near {place}. You can contact:").format(place=place)
            if place
            else _("I know no place for this near you. You can contact:")
        )
    lines = [heading]
    with_phone = [org for org in choose_contacts(kb, topic, (), now) if org.phone]
    contacts = local or with_phone[:CONTACTS_SHOWN]
    if with_phone and not any(org.phone for org in contacts):
        # A place to go, and someone to call, whose hours say when: one with known hours.
        contacts.append(next((o for o in with_phone if o.hours or o.always_open), with_phone[0]))
    lines += [contact_line(org, lang, _, distances.get(org.id), now) for org in contacts]
    return _bidi("\n".join(lines), lang)


def render_free(topic: Topic, lang: str) -> str:
    """The lines of a topic that say what is free, or nothing when it says nothing."""
    text = topic.text(lang)
    lines = [
        line
        for line in (*text.answer.splitlines(), *text.more.splitlines())
        if line.startswith("🆓")
    ]
    return _bidi("\n".join(lines), lang)


def render_topic(
    kb: KnowledgeBase,
    topic: Topic,
    lang: str,
    _: Gettext,
    nearby: Nearby = (),
    given: frozenset[str] = frozenset(),
) -> Reply:
    """A topic's answer in `lang` (French where it is not translated): the first message
    within the budget, the rest one tap away. `nearby` are organisations near the person
    with their distance; `given` the phone numbers the reply already gave (the emergency
    block), which the answer does not repeat.

    Written once a minute for each language, place and translation function: opening
    hours are the only part that changes, and by the minute.
    """
    minute = now_in_france().replace(second=0, microsecond=0)
    key = ("reply", topic.id, lang, _, minute, tuple((o.id, km) for o, km in nearby), given)
    return kb.kept(key, lambda: _write_topic(kb, topic, lang, _, nearby, given, minute))


def _write_topic(
    kb: KnowledgeBase,
    topic: Topic,
    lang: str,
    _: Gettext,
    nearby: Nearby,
    given: frozenset[str],
    now: dt.datetime,
) -> Reply:
    text = topic.text(lang)
    answer = fill_placeholders(kb, text.answer, lang, _)
    # "under 18" reads as the number 18: only the numbers of the emergency block count.
    lines = [line for line in answer.strip().splitlines() if not numbers_in(line) & given]
    distances = {org.id: km for org, km in nearby}
    ranked = choose_contacts(kb, topic, nearby, now)
    # A contact whose number the answer gives is left out; but when the line with that
    # number does not fit in the first message, the contact takes its place.
    kept, shown = _first_message(lines, ranked, given | numbers_in(*lines), lang, _, distances, now)
    if numbers_in(*lines) - numbers_in(*kept):
        kept, shown = _first_message(
            lines, ranked, given | numbers_in(*kept), lang, _, distances, now
        )
        if numbers_in(*kept) & numbers_in(*(org.phone for org in shown)):
            kept, shown = _first_message(
                lines, ranked, given | numbers_in(*lines), lang, _, distances, now
            )
    said = given | numbers_in(*kept)
    others = [org for org in ranked if org not in shown and not _repeats(org, said)]
    contact_lines = [
        contact_line(org, lang, _, distances.get(org.id), now) for org in (*shown, *others)
    ]
    left_out = [line for line in lines if line not in kept]
    body = _bidi("\n".join(kept), lang)
    more = _join(
        _bidi("\n".join(left_out), lang),
        _bidi(fill_placeholders(kb, text.more, lang, _), lang),
        render_glossary(kb, answer, lang),
        checked_line(shown, lang, _),
    )
    return Reply(
        lang,
        body=_join(body, _bidi("\n".join(contact_lines[: len(shown)]), lang)),
        more=more,
        others=_bidi("\n".join(contact_lines[len(shown) :]), lang),
        card=render_card(topic, lang, _),
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


def _first_message(
    lines: Sequence[str],
    ranked: Sequence[Organisation],
    given: frozenset[str],
    lang: str,
    _: Gettext,
    distances: Mapping[str, float],
    now: dt.datetime,
) -> tuple[list[str], list[Organisation]]:
    """The answer's lines and the contacts of the first message: two contacts if the
    essential lines leave room for them, else one, else none."""
    contacts = [org for org in ranked if not _repeats(org, given)]
    for count in range(CONTACTS_SHOWN, -1, -1):
        chosen = contacts[:count]
        text = "\n".join(contact_line(org, lang, _, distances.get(org.id), now) for org in chosen)
        kept = keep_within_budget(lines, text)
        if kept is not None:
            return kept, chosen
    return list(lines), []  # over the budget alone: the test of every topic says so


def _repeats(org: Organisation, given: frozenset[str]) -> bool:
    """Whether the contact line would give a number again ("114 – Urgence par SMS")."""
    return bool(numbers_in(org.name, org.phone) & given)


def keep_within_budget(lines: Sequence[str], contacts: str) -> list[str] | None:
    """The lines of an answer that go in the first message with `contacts`: the first line,
    every essential line, then the next lines in order while they fit; None when the
    first and essential lines do not fit with these contacts."""
    essential = {0} | {n for n, line in enumerate(lines) if line.startswith(ESSENTIAL_MARK)}
    kept = set(essential)

    def message(numbers: Iterable[int]) -> str:
        return _join("\n".join(lines[n] for n in sorted(numbers)), contacts)

    if not fits_one_screen(message(kept)):
        return None
    for n in range(len(lines)):
        if n in kept:
            continue
        if not fits_one_screen(message(kept | {n})):
            break  # the next lines would read out of order: they go to "More"
        kept.add(n)
    return [lines[n] for n in sorted(kept)]


def choose_contacts(
    kb: KnowledgeBase, topic: Topic, nearby: Nearby, now: dt.datetime
) -> list[Organisation]:
    """The organisations for a topic, best first: near the person, serving the topic,
    open now, welcoming the people the topic is for, with a phone; where associations
    of both orientations serve the topic, the first two are one of each.

    A federation that does not receive the public (no `serves`, not a public service)
    is not a contact for someone who needs help today."""
    referrals = [kb.organisations[o] for o in topic.referrals if o in kb.organisations]
    anyone_near = topic.id == CONTACT_TOPIC  # "an association in Lyon": any of them
    local = [
        org
        for org, _km in nearby
        if (anyone_near or org.serves_topic(topic.id)) and org not in referrals
    ]
    distances = {org.id: km for org, km in nearby}
    pool = [org for org in (*referrals, *local) if org.orientation == "general" or org.serves]
    welcomed = WELCOMED.get(topic.id.split(".")[0])

    def rank(org: Organisation) -> tuple[bool, bool, bool, bool, bool, float]:
        welcome = set(org.welcome)
        return (
            org.id not in distances,
            not org.serves_topic(topic.id),
            not is_open(org, now),
            not (welcomed in welcome if welcomed else welcome & WELCOMING_EVERYONE),
            not org.phone,
            distances.get(org.id, 0.0),
        )

    ranked = sorted(pool, key=rank)  # a stable sort: the topic's order breaks ties
    serving = [org for org in ranked if org.serves_topic(topic.id)]
    rights = next((org for org in serving if org.orientation == "rights"), None)
    exit_ = next((org for org in serving if org.orientation == "exit"), None)
    if rights is None or exit_ is None:
        return ranked
    first_two = sorted((rights, exit_), key=ranked.index)
    return [*first_two, *(org for org in ranked if org not in first_two)]


def contact_line(
    org: Organisation,
    lang: str,
    _: Gettext,
    km: float | None = None,
    now: dt.datetime | None = None,
) -> str:
    """One contact on one line: name · phone, else website · opening · distance."""
    parts = [f"🤝 {org.name}"]
    if org.phone:
        if not numbers_in(org.phone) <= numbers_in(org.name):  # else "115 – Samu social"
            parts.append(f"📞 {org.phone}")
    elif org.url:
        parts.append(f"🌐 {org.url.removeprefix('https://').removeprefix('http://')}")
    if note := opening_note(org, now or now_in_france(), lang, _):
        parts.append(f"🕘 {note}")
    if km is not None:
        parts.append(f"📍 {round(km)} km")
    line = " · ".join(parts)
    return isolate_numbers(line) if is_right_to_left(lang) else line


def checked_line(contacts: Sequence[Organisation], lang: str, _: Gettext) -> str:
    """When the contacts shown were checked, once: the oldest check date among them."""
    dates = [org.checked for org in contacts if org.checked]
    if not dates:
        return ""
    return "✔️ " + _("Checked on {date}").format(date=long_date(min(dates), lang))


def numbers_in(*texts: str) -> frozenset[str]:
    """The phone numbers of these texts, as digits."""
    return frozenset(number for text in texts for number in phone_numbers(text))


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


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


def render_emergency(kb: KnowledgeBase, outcome: Outcome, _: Gettext) -> Reply:
    """The emergency block, then the SMS to copy for the 114. The number that fits comes
    first: 3114 and 15 for a person who wants to die, 119 and 17 for a child in danger,
    before the police and "go to a café", which do not help them. A line that only
    repeats numbers already given is left out: each number once."""
    lang, emergency = outcome.lang, kb.emergency
    parts = []
    if outcome.alert.suicide:
        parts.append(_pick(emergency.suicide, lang))
    if outcome.alert.child:
        parts.append(_pick(emergency.child, lang))
    parts.append(_pick(emergency.block, lang))
    block = _once_each_number("\n".join(p.strip() for p in parts if p).splitlines(), frozenset())
    intro = _once_each_number(
        _pick(emergency.sms_intro, lang).strip().splitlines(), numbers_in(*block)
    )
    return Reply(
        lang,
        emergency=_bidi("\n".join(block), lang),
        sms_intro=_bidi("\n".join(intro), lang),
        sms=emergency.sms_text.strip(),
    )


def _once_each_number(lines: Sequence[str], given: frozenset[str]) -> list[str]:
    """The lines that give no number already given. For a child in danger, "call 17 or
    112" goes, as 17 came first with 119: one number to call is clearer than two."""
    kept = []
    for line in lines:
        numbers = numbers_in(line)
        if numbers & given:
            continue
        kept.append(line)
        given |= numbers
    return kept


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
