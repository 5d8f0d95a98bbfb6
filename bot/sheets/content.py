"""What a printed sheet says, as plain records: no PDF here, so that what goes on paper
can be read and tested apart from how it is drawn.

A sheet holds a topic's title and answer in the person's language, its most useful
contacts with their hours in words, the emergency lines, the "show this" card in French
for the back, and the deep link that opens the topic in the bot in that language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from bot.core.hours import weekly_hours
from bot.core.i18n import is_right_to_left, long_date, translator
from bot.core.render import NUMBER, category_name, fill_card, topic_title
from bot.knowledge.model import SOURCE_LANGUAGE, KnowledgeBase, Organisation, Topic
from bot.sheets.fonts import is_pictogram

# The categories of topics for people, in the order of the menu; the bot's own topics
# (its language, privacy, small talk) are of category "bot" and are not printed.
CATEGORIES = ("safety", "basic_needs", "health", "legal", "papers", "life")
# A Telegram username: 5 to 32 letters, digits or "_" (https://core.telegram.org/bots#6-botfather).
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]")


class BotNameError(ValueError):
    """The bot's username is missing or is not one Telegram could give."""


@dataclass(frozen=True)
class Line:
    """One sentence of an answer, and the pictogram that opened it (or "")."""

    pictogram: str
    text: str


@dataclass(frozen=True)
class Contact:
    name: str
    description: str
    phone: str
    sms: str
    url: str
    hours: str
    checked: str  # "Checked on 25 November 2026", or "" when nobody recorded a date


@dataclass(frozen=True)
class Sheet:
    topic: str
    lang: str
    category: str
    title: str
    lines: tuple[Line, ...]
    contacts: tuple[Contact, ...]
    contacts_heading: str
    emergency: tuple[Line, ...]
    link: str
    link_caption: str
    card: str  # in French for the staff, or "" when the topic has none
    card_heading: str
    card_translation: str  # the same in the person's language (empty for French)
    card_translation_heading: str

    @property
    def right_to_left(self) -> bool:
        return is_right_to_left(self.lang)


def bot_username(given: str | None) -> str:
    """The bot's username from `--bot` or BOT_USERNAME, written as in a t.me link."""
    name = (given or "").strip().removeprefix("https://t.me/").removeprefix("@")
    if not name:
        raise BotNameError(
            "the QR codes need the bot's username: set BOT_USERNAME (in .env) "
            "or give --bot NAME, the name BotFather gave, ending in 'bot'"
        )
    if not USERNAME.fullmatch(name):
        raise BotNameError(
            f"{name!r} is not a Telegram username: 5 to 32 letters, digits or _, "
            "as BotFather gave it (for example relais_info_bot)"
        )
    return name


def start_link(bot: str, lang: str, topic_id: str) -> str:
    """The deep link that opens `topic_id` in `lang`: Telegram allows only letters,
    digits, "_" and "-" after ?start=, so the dot of the id is written "-"."""
    return f"https://t.me/{bot}?start={lang}_{topic_id.replace('.', '-')}"


def printed_topics(kb: KnowledgeBase, category: str | None = None) -> tuple[Topic, ...]:
    """The topics for people (not the bot's own), in the order of the categories."""
    topics = [t for t in kb.topics if t.category in CATEGORIES]
    topics.sort(key=lambda t: CATEGORIES.index(t.category))
    return tuple(t for t in topics if category in (None, t.category))


def build_sheet(kb: KnowledgeBase, topic: Topic, lang: str, bot: str, contacts: int) -> Sheet:
    """Everything the sheet of `topic` says in `lang`, with at most `contacts` contacts."""
    _ = translator(lang)
    text = topic.text(lang)
    french_card = topic.texts[SOURCE_LANGUAGE].card
    own_card = text.card if lang != SOURCE_LANGUAGE else ""
    sheet = Sheet(
        topic=topic.id,
        lang=lang,
        category=category_name(topic.category, _),
        title=topic_title(topic, lang),
        lines=tuple(split_pictogram(line) for line in text.answer.strip().splitlines()),
        contacts=tuple(_contact(org, lang) for org in useful_contacts(kb, topic, contacts)),
        contacts_heading=_("Who can help"),
        emergency=tuple(split_pictogram(line) for line in _emergency_lines(kb, lang)),
        link=start_link(bot, lang, topic.id),
        link_caption=_("Scan this code with your phone: this page opens in the bot, on Telegram."),
        card=fill_card(french_card, lang, SOURCE_LANGUAGE) if french_card else "",
        card_heading=_("Cut out this card. Show it to the staff."),
        card_translation=fill_card(own_card, lang, lang) if own_card else "",
        card_translation_heading=_("What the card says:"),
    )
    return _numbers_kept_whole(sheet)


def useful_contacts(kb: KnowledgeBase, topic: Topic, most: int) -> tuple[Organisation, ...]:
    """The topic's first `most` referrals that a person can reach, leaving out the
    emergency numbers (the box at the bottom gives them). Where the topic refers to both
    rights-based and exit-oriented associations, both stay on paper: the person chooses."""
    emergency = kb.emergency.numbers
    reachable = [
        kb.organisations[org_id]
        for org_id in topic.referrals
        if org_id in kb.organisations
        and (kb.organisations[org_id].phone or kb.organisations[org_id].url)
        and not _is_emergency_number(kb.organisations[org_id].phone, emergency)
    ]
    chosen = reachable[:most]
    for orientation in ("rights", "exit"):
        missing = next((o for o in reachable if o.orientation == orientation), None)
        if missing and missing not in chosen and len(chosen) == most:
            chosen[-1] = missing
    return tuple(chosen)


def split_pictogram(line: str) -> Line:
    """ "📞 Call 15" → Line("📞", "Call 15"): the pictogram goes in the margin of the sheet."""
    text = line.lstrip("\u200f").strip()
    end = 0
    while end < len(text) and (is_pictogram(text[end]) or text[end] == "\ufe0f"):
        end += 1
    return Line(text[:end].replace("\ufe0f", ""), text[end:].strip())


def _contact(org: Organisation, lang: str) -> Contact:
    _ = translator(lang)
    return Contact(
        name=org.name,
        description=org.describe(lang),
        phone=org.phone,
        sms=org.sms,
        url=org.url,
        hours=weekly_hours(org, lang, _),
        checked=_("Checked on {date}").format(date=long_date(org.checked, lang))
        if org.checked
        else "",
    )


def _emergency_lines(kb: KnowledgeBase, lang: str) -> Iterable[str]:
    """The lines of the emergency block that give a number, and the one that says the
    numbers are free (🆓): the box must stay small enough for every page."""
    block = kb.emergency.block.get(lang) or kb.emergency.block[SOURCE_LANGUAGE]
    return [line for line in block.splitlines() if re.search(r"\d|🆓", line)]


def _is_emergency_number(phone: str, numbers: str) -> bool:
    digits = re.sub(r"\D", "", phone)
    return bool(digits) and digits in re.findall(r"\d+", numbers)


def whole_numbers(text: str) -> str:
    """Each number of `text` with no-break spaces between its groups ("0 800 840 800").

    On paper a number must never break across two lines, and in a right-to-left line its
    groups must stay in their order: the bidi algorithm (Unicode UAX #9, which fpdf2
    follows) reads a no-break space between two digits as part of the number, where it
    reads a plain space as a gap that reverses the groups ("800 840 800 0"). The bot's
    replies isolate numbers instead (LRI…PDI), so that a copied number stays as written;
    nobody copies from paper, and fpdf2 draws the space beside an isolate over the digit.
    """
    return NUMBER.sub(lambda number: number.group().replace(" ", "\u00a0"), text)


def _numbers_kept_whole(sheet: Sheet) -> Sheet:
    def lines(items: tuple[Line, ...]) -> tuple[Line, ...]:
        return tuple(replace(item, text=whole_numbers(item.text)) for item in items)

    def contact(item: Contact) -> Contact:
        return replace(
            item, **{f.name: whole_numbers(getattr(item, f.name)) for f in fields(Contact)}
        )

    return replace(
        sheet,
        title=whole_numbers(sheet.title),
        lines=lines(sheet.lines),
        emergency=lines(sheet.emergency),
        contacts=tuple(contact(item) for item in sheet.contacts),
        card=whole_numbers(sheet.card),
        card_translation=whole_numbers(sheet.card_translation),
    )
