"""The knowledge base as plain records: topics, organisations, the emergency message,
the glossary and spellings, as the loader reads them from the associations' files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar, cast

LANGUAGES = ("fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar")
SOURCE_LANGUAGE = "fr"
KEPT_VALUES = 2_000  # values a knowledge base keeps (answers written...) before starting afresh
T = TypeVar("T")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Marks in a "show this" card (knowledge/README.md): the person's language, and a line
# that asks for an interpreter; both kinds of line are left out for a French speaker.
LANGUAGE_MARK = "{language}"
INTERPRETER_MARK = "{interpreter}"

# Phone numbers as written in answers: 10-digit French numbers, 116 xxx, short numbers.
PHONE = re.compile(
    r"(?<!\d)(?<!\d[,.])(?:\+33[\s.]?\d(?:[\s.]?\d{2}){4}|0[\s.]?\d{3}(?:[\s.]?\d{3}){2}"
    r"|0\d(?:[\s.]?\d{2}){4}|116[\s.]?\d{3}|11[2459]|1[578]|3\d{3})"
    r"(?!\d|[,.]\d|\s?(?:€|%|h\b|heures|hours|ans|years|jours|days|mois|months|semaines|weeks))"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge file, said so that an association can fix it."""

    file: str
    line: int
    message: str
    blocking: bool = True
    # A reminder (a contact checked over a year ago) is a warning that even
    # `kb check --strict` lets through: the details may still be right.
    reminder: bool = False

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base has errors and was not loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    """A topic's texts in one language."""

    answer: str
    title: str = ""  # a few words for menus and buttons
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    more: str = ""
    card: str = ""
    status: str = ""
    source: str = ""
    reviewed_on: dt.date | None = None


@dataclass(frozen=True)
class Source:
    url: str
    checked: dt.date | None


@dataclass(frozen=True)
class Validity:
    """A figure or rule of a topic that holds only until a date (an amount revised
    each April): `kb check` warns once the date is past."""

    what: str
    until: dt.date


@dataclass(frozen=True)
class Topic:
    id: str
    category: str
    referrals: tuple[str, ...]
    texts: Mapping[str, Text]
    sources: tuple[Source, ...] = ()
    valid_until: tuple[Validity, ...] = ()
    file: str = ""

    def text(self, lang: str) -> Text:
        """The texts in `lang`, or the French source when that language is missing."""
        return self.texts.get(lang) or self.texts[SOURCE_LANGUAGE]

    @property
    def source_hash(self) -> str:
        """Which version of the French text a translation follows (changes when it changes)."""
        return french_hash(self.texts[SOURCE_LANGUAGE])


@dataclass(frozen=True)
class Closure:
    start: dt.date
    end: dt.date
    note: str = ""


@dataclass(frozen=True)
class Organisation:
    """A helpline or association, recorded as the Soliguide directory records a place."""

    id: str
    name: str
    kind: str = "association"
    orientation: str = "general"
    phone: str = ""
    sms: str = ""
    url: str = ""
    city: str = "national"
    address: str = ""
    coordinates: tuple[float, float] | None = None
    confidential: bool = False
    always_open: bool = False
    hours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    closures: tuple[Closure, ...] = ()
    free: bool | None = None
    welcome: tuple[str, ...] = ()
    documents: str = ""
    languages: tuple[str, ...] = ()
    description: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    checked: dt.date | None = None
    # The needs a person can bring to it, in person, by phone or by outreach: topic ids,
    # or the first part of ids ("health" for every health topic). Empty for an
    # organisation that does not receive the public (a federation).
    serves: tuple[str, ...] = ()

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get(SOURCE_LANGUAGE, "")

    def serves_topic(self, topic_id: str) -> bool:
        return any(need == topic_id or topic_id.startswith(need + ".") for need in self.serves)


@dataclass(frozen=True)
class Emergency:
    """The emergency block and the phrases that trigger it (see knowledge/emergency.yaml)."""

    block: Mapping[str, str]
    suicide: Mapping[str, str]
    child: Mapping[str, str]
    sms_intro: Mapping[str, str]
    sms_text: str
    triggers: Mapping[str, Mapping[str, tuple[str, ...]]]
    numbers: str = ""  # the emergency numbers in one line, for any language


@dataclass(frozen=True)
class EmergencyExample:
    """A message as a person would write it, in danger right now or not (past violence,
    "if one day", "je meurs de faim"): what the semantic emergency detector learns from."""

    lang: str
    kind: str  # the kind of danger, or of hard negative ("idiom", "past")
    text: str
    danger: bool


@dataclass(frozen=True)
class OutsideExample:
    """A message about something the bot does not answer (a recipe, the weather, the
    price of a phone): what the engine learns to say "I cannot help with that" from."""

    lang: str
    kind: str  # "cooking", "weather"...
    text: str


@dataclass(frozen=True)
class GlossaryEntry:
    """A hard word that must stay, with the forms to find it and a one-sentence
    explanation in each language."""

    term: str
    forms: tuple[str, ...]
    explanation: Mapping[str, str]
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        alternatives = "|".join(re.escape(form) for form in self.forms)
        object.__setattr__(self, "pattern", re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))

    def found_in(self, text: str) -> bool:
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class Term:
    """A word that a language must not use in what the bot shows, and the word to use
    (knowledge/terms.yaml, from the content review)."""

    lang: str
    wrong: str
    right: str
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _term_pattern(self.lang, self.wrong))

    def found_in(self, text: str) -> bool:
        """Whether `text` uses the wrong term, not counting it inside the right one
        ("estupro (violação)" is right, "violação" alone is wrong) nor in brackets, where
        the other word is given for readers of the other norm ("delegacia (esquadra,
        commissariat)")."""
        rest = re.sub(re.escape(self.right), " ", text, flags=re.IGNORECASE)
        rest = BRACKETS.sub(" ", rest)
        return self.pattern.search(rest) is not None


BRACKETS = re.compile(r"[(（][^()（）]*[)）]")


def _term_pattern(lang: str, wrong: str) -> re.Pattern[str]:
    """The wrong term as a whole word; in small letters it is found in any case, with a
    capital first letter only as written (ro "Ascultare", a helpline's name, and not
    "ascultare", listening). Chinese has no spaces and Arabic joins little words to the
    next one: there the term is found inside words, but a number not inside a number."""
    if lang in ("zh", "ar"):
        before = r"(?<!\d)" if wrong[:1].isdigit() else ""
        after = r"(?!\d)" if wrong[-1:].isdigit() else ""
    else:
        before, after = r"(?<!\w)", r"(?!\w)"
    flags = 0 if wrong[:1].isupper() else re.IGNORECASE
    return re.compile(before + re.escape(wrong) + after, flags)


# Where an answer quotes an organisation's details, taken from organisations.yaml when the
# answer is written, so that one edit there changes every answer: {hours:planning-familial}.
PLACEHOLDER = re.compile(r"\{(hours|phone):([^{}\s]*)\}")
# In a ready reply, the contact a moderator chooses when sending it.
ORGANISATION_MARK = "{organisation}"


@dataclass(frozen=True)
class ReadyReply:
    """A reply moderators send with one tap, in the person's language (knowledge/replies.yaml)."""

    id: str
    button: str  # what the moderators' button says
    texts: Mapping[str, str]

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts[SOURCE_LANGUAGE]

    @property
    def needs_organisation(self) -> bool:
        """True when the moderator chooses an organisation for the reply's contact."""
        return ORGANISATION_MARK in self.texts[SOURCE_LANGUAGE]


@dataclass(frozen=True)
class KnowledgeBase:
    topics: tuple[Topic, ...]
    organisations: Mapping[str, Organisation]
    emergency: Emergency
    spellings: Mapping[str, Mapping[str, str]]
    warnings: tuple[Problem, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    emergency_examples: tuple[EmergencyExample, ...] = ()
    outside: tuple[OutsideExample, ...] = ()
    replies: tuple[ReadyReply, ...] = ()
    _by_id: Mapping[str, Topic] = field(init=False, repr=False, compare=False)
    _kept: dict[Hashable, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({t.id: t for t in self.topics}))
        object.__setattr__(self, "_kept", {})

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """A value worked out from this knowledge base, kept while it serves (a reload
        makes a new one): the same few answers are written again and again."""
        if key not in self._kept:
            if len(self._kept) >= KEPT_VALUES:
                self._kept.clear()
            self._kept[key] = make()
        return cast(T, self._kept[key])

    def hard_words(self, text: str) -> tuple[GlossaryEntry, ...]:
        """The glossary entries found in `text`, in glossary order."""
        return self.kept(
            ("hard words", text), lambda: tuple(e for e in self.glossary if e.found_in(text))
        )

    def topic(self, topic_id: str) -> Topic:
        return self._by_id[topic_id]

    def has_topic(self, topic_id: str) -> bool:
        return topic_id in self._by_id

    def reply(self, reply_id: str) -> ReadyReply | None:
        return next((r for r in self.replies if r.id == reply_id), None)


def french_hash(french: Text) -> str:
    """A short fingerprint of the French texts that translations must follow."""
    # A mark says how a line is shown, not what it says: adding one leaves translations
    # as fresh as they were.
    card = re.sub(re.escape(INTERPRETER_MARK) + r"[ \t]*", "", french.card)
    content = "\n\x00".join((french.answer.strip(), french.more.strip(), card.strip()))
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    # Letters only, so that no fingerprint ever reads as a phone number ("3919a2f0").
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def phone_numbers(text: str) -> list[str]:
    """The phone numbers in a text as digits, sorted ("0 800 840 800" → "0800840800")."""
    return sorted(_dialled(m.group()) for m in PHONE.finditer(text))


def same_phone_numbers(source: str, translated: str) -> bool:
    """Whether a translation gives exactly the phone numbers of its French source.

    Two-digit numbers are also ages ("under 18" where French says "18 ans"): a translation
    may show one as a number where the French text has it in any form, but must keep every
    two-digit number that the French gives as a phone number.
    """
    source_numbers, translated_numbers = set(phone_numbers(source)), set(phone_numbers(translated))
    long_source = {n for n in source_numbers if len(n) > 2}
    long_translated = {n for n in translated_numbers if len(n) > 2}
    short_source = source_numbers - long_source
    short_translated = translated_numbers - long_translated
    any_two_digits = set(re.findall(r"(?<!\d)\d\d(?!\d)", source))
    return long_source == long_translated and short_source <= short_translated <= any_two_digits


def _dialled(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if number.startswith("+33") else digits
