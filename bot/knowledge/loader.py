"""The knowledge base: what the bot knows, read from the associations' files in `knowledge/`.

Loading checks everything and collects every problem with its file, line and field,
in words an association understands. A knowledge base with an error never loads at
all, so the bot never serves half of one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from bot.core.hours import today_in_france
from bot.core.text import fold, tokens
from bot.knowledge.examples import Report, read_examples, read_outside
from bot.knowledge.located_yaml import (
    ImpossibleDate,
    LocatedDocument,
    PathKey,
    YamlSyntaxError,
    read_located_yaml,
)
from bot.knowledge.model import (
    LANGUAGES,
    ORGANISATION_MARK,
    PLACEHOLDER,
    SOURCE_LANGUAGE,
    WEEKDAYS,
    Closure,
    Emergency,
    EmergencyExample,
    GlossaryEntry,
    KnowledgeBase,
    KnowledgeError,
    Organisation,
    OutsideExample,
    Problem,
    ReadyReply,
    Source,
    Term,
    Text,
    Topic,
    Validity,
    phone_numbers,
    same_phone_numbers,
)

Example = TypeVar("Example", EmergencyExample, OutsideExample)
STATUSES = ("draft", "review", "reviewed")
ORIENTATIONS = ("rights", "exit", "general")
KINDS = ("helpline", "association", "public-service", "online")
MIN_QUESTIONS = 8
STALE_AFTER = dt.timedelta(days=365)

TOPIC_ID = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)?$")
ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REPLY_ID = re.compile(r"^[a-z][a-z_]*$")
BRACED = re.compile(r"\{[a-z]+:[^{}]*\}")
# "9 h à 17 h", "9h-17h", "09:00–17:00", "9 h 30 – 12 h": a time, a dash or a word, a time.
WRITTEN_SPAN = re.compile(
    r"(?<!\d)(\d{1,2})\s?[h:]\s?(\d{2})?\s*(?:-|–|à|a|to|bis|до|至|到)\s*(\d{1,2})\s?[h:]\s?(\d{2})?"
)
HOUR_RANGE = re.compile(r"^([01]\d|2[0-4]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")

TOPIC_FIELDS = {"id", "category", "referrals", "sources", "valid_until", *LANGUAGES}
TEXT_FIELDS = {
    "title",
    "answer",
    "more",
    "card",
    "questions",
    "keywords",
    "status",
    "source",
    "reviewed_on",
}
ORG_FIELDS = {
    "id", "name", "kind", "orientation", "phone", "sms", "url", "city", "address", "coordinates",
    "confidential", "hours", "closures", "free", "welcome", "documents", "languages",
    "description", "source", "checked", "serves",
}  # fmt: skip
SIDES = {"rights": "rights-based", "exit": "exit-oriented"}


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Read and check every file of `folder`; raise KnowledgeError listing all errors."""
    reader = _Reader(folder)
    kb = reader.read()
    errors = [p for p in reader.problems if p.blocking]
    if errors:
        raise KnowledgeError(errors)
    return kb


def check_knowledge(folder: Path) -> list[Problem]:
    """Every problem of the knowledge base in `folder`, errors and warnings."""
    reader = _Reader(folder)
    reader.read()
    return reader.problems


def check_fails(problems: Iterable[Problem], strict: bool) -> bool:
    """Whether `kb check` fails: on an error, or with `strict` on any warning but a
    reminder (a contact checked over a year ago)."""
    return any(p.blocking or (strict and not p.reminder) for p in problems)


class _Reader:
    """Reads the files of one knowledge folder and collects their problems."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        # Each organisation's 'serves', where it is written: checked once topics are read.
        self._needs: dict[str, tuple[Path, int, tuple[str, ...]]] = {}
        self.terms: tuple[Term, ...] = ()

    def read(self) -> KnowledgeBase:
        self.terms = self._terms()
        organisations = self._organisations()
        spellings = self._spellings()
        emergency = self._emergency()
        topics = self._topics(organisations)
        self._check_needs(topics)
        glossary = self._glossary()
        examples = self._emergency_examples()
        outside = self._outside()
        replies = self._replies()
        return KnowledgeBase(
            topics=tuple(topics),
            organisations=MappingProxyType(organisations),
            emergency=emergency,
            spellings=MappingProxyType(spellings),
            warnings=tuple(p for p in self.problems if not p.blocking),
            glossary=tuple(glossary),
            emergency_examples=tuple(examples),
            outside=tuple(outside),
            replies=tuple(replies),
        )

    # -- reporting ----------------------------------------------------------------

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.folder.parent))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self._name(path), line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self._name(path), line, message, blocking=False))

    def remind(self, path: Path, line: int, message: str) -> None:
        self.problems.append(
            Problem(self._name(path), line, message, blocking=False, reminder=True)
        )

    def _document(self, path: Path) -> LocatedDocument | None:
        if not path.is_file():
            self.error(path, 1, "this file is missing")
            return None
        try:
            doc = read_located_yaml(path)
        except ImpossibleDate as err:
            self.error(
                path, err.line, f"{err.reason}: write a date as year-month-day, like 2027-03-31"
            )
            return None
        except YamlSyntaxError as err:
            self.error(
                path,
                err.line,
                f"this is not valid YAML ({err.reason}); "
                "check the indentation and the quotes around this line",
            )
            return None
        except UnicodeDecodeError:
            self.error(path, 1, "this file is not UTF-8 text; save it again as UTF-8")
            return None
        for key_path, line in doc.duplicate_keys:
            self.error(path, line, f"the field '{_dotted(key_path)}' appears twice; keep one")
        return doc

    # -- organisations ---------------------------------------------------------------

    def _organisations(self) -> dict[str, Organisation]:
        path = self.folder / "organisations.yaml"
        doc = self._document(path)
        if doc is None:
            return {}
        entries = doc.data.get("organisations") if isinstance(doc.data, dict) else None
        if not isinstance(entries, list):
            self.error(path, 1, "the file must start with 'organisations:' followed by a list")
            return {}
        found: dict[str, Organisation] = {}
        for index, entry in enumerate(entries):
            org = self._organisation(path, doc, ("organisations", index), entry)
            if org is None:
                continue
            if org.id in found:
                self.error(
                    path,
                    doc.line(("organisations", index)),
                    f"organisation id '{org.id}' is used twice; ids must be unique",
                )
            found[org.id] = org
        return found

    def _organisation(
        self, path: Path, doc: LocatedDocument, at: PathKey, entry: Any
    ) -> Organisation | None:
        line = doc.line(at)
        if not isinstance(entry, dict):
            self.error(path, line, "each organisation must be a set of fields (id:, name:, ...)")
            return None
        org_id = entry.get("id")
        if not isinstance(org_id, str) or not ORG_ID.match(org_id):
            self.error(
                path,
                line,
                "an organisation needs an 'id' in small letters, digits and "
                "dashes, like 'samu-social-115'",
            )
            return None
        for unknown in sorted(set(entry) - ORG_FIELDS):
            self.error(
                path,
                doc.line((*at, unknown)),
                f"organisation {org_id} has an unknown field '{unknown}'",
            )
        if not _text(entry.get("name")):
            self.error(path, line, f"organisation {org_id} has no 'name'")

        def where(name: str) -> int:
            return doc.line((*at, name))

        self._check_choice(path, where("kind"), org_id, "kind", entry.get("kind"), KINDS)
        self._check_choice(
            path,
            where("orientation"),
            org_id,
            "orientation",
            entry.get("orientation"),
            ORIENTATIONS,
        )
        coordinates = self._coordinates(
            path, where("coordinates"), org_id, entry.get("coordinates")
        )
        always_open, hours = self._hours(path, where("hours"), org_id, entry.get("hours"))
        checked = entry.get("checked")
        if checked is not None and not isinstance(checked, dt.date):
            self.error(
                path,
                where("checked"),
                f"organisation {org_id}: 'checked' must be a date written 2026-11-25",
            )
            checked = None
        if isinstance(checked, dt.date) and checked > today_in_france():
            self.error(
                path,
                where("checked"),
                f"organisation {org_id}: 'checked' is {checked}, a day still to come; "
                "give the day someone read the source",
            )
            checked = None
        if isinstance(checked, dt.date) and today_in_france() - checked > STALE_AFTER:
            self.remind(
                path,
                where("checked"),
                f"organisation {org_id} was last checked on "
                f"{checked}, more than a year ago: check its details again",
            )
        if checked and not _text(entry.get("source")):
            self.warn(
                path,
                where("checked"),
                f"organisation {org_id} has 'checked' but no 'source': give the page "
                "that was read, or remove 'checked' (the bot would say it was checked)",
            )
        if not any(_text(entry.get(k)) for k in ("phone", "url", "sms", "address")):
            self.warn(
                path,
                line,
                f"organisation {org_id} has no phone, website or address: a person cannot reach it",
            )
        description = self._per_language(
            path, doc, (*at, "description"), org_id, entry.get("description")
        )
        for lang, text in description.items():
            line = doc.line((*at, "description", lang))
            self._check_terms(path, line, f"organisation {org_id}", lang, text)
        return Organisation(
            id=org_id,
            name=_text(entry.get("name")),
            kind=_text(entry.get("kind")) or "association",
            orientation=_text(entry.get("orientation")) or "general",
            phone=_text(entry.get("phone")),
            sms=_text(entry.get("sms")),
            url=_text(entry.get("url")),
            city=_text(entry.get("city")) or "national",
            address=_text(entry.get("address")),
            coordinates=coordinates,
            confidential=entry.get("confidential") is True,
            always_open=always_open,
            hours=MappingProxyType(hours),
            closures=self._closures(path, where("closures"), org_id, entry.get("closures")),
            free=entry.get("free") if isinstance(entry.get("free"), bool) else None,
            welcome=_strings(entry.get("welcome")),
            documents=_text(entry.get("documents")),
            languages=_strings(entry.get("languages")),
            description=MappingProxyType(description),
            source=_text(entry.get("source")),
            checked=checked,
            serves=self._serves(path, where("serves"), org_id, entry.get("serves")),
        )

    def _serves(self, path: Path, line: int, org_id: str, value: Any) -> tuple[str, ...]:
        needs = _strings(value)
        if value is not None and (not isinstance(value, list) or len(needs) != len(value)):
            self.error(
                path,
                line,
                f"organisation {org_id}: 'serves' must be a list of topic ids, "
                "like [housing, health.pep, papers]",
            )
        self._needs[org_id] = (path, line, needs)
        return needs

    def _check_needs(self, topics: list[Topic]) -> None:
        """Each need an organisation serves names a topic, or the first part of ids."""
        known = {t.id for t in topics} | {t.id.split(".")[0] for t in topics}
        for org_id, (path, line, needs) in self._needs.items():
            for need in needs:
                if need not in known:
                    self.error(
                        path,
                        line,
                        f"organisation {org_id} serves '{need}', which is no topic id "
                        "nor the first part of one (like 'health' for health.pep)",
                    )

    def _check_balance(
        self,
        path: Path,
        line: int,
        topic_id: str,
        referrals: tuple[str, ...],
        organisations: Mapping[str, Organisation],
    ) -> None:
        """Warn when a topic refers to associations of one orientation only for its need,
        while associations of the other one serve it too: the person chooses."""
        listed = {
            organisations[o].orientation
            for o in referrals
            if o in organisations and organisations[o].serves_topic(topic_id)
        } & set(SIDES)
        if len(listed) != 1:
            return
        [side] = listed
        [other] = set(SIDES) - listed
        missing = sorted(
            org.name
            for org in organisations.values()
            if org.orientation == other and org.serves_topic(topic_id)
        )
        if missing:
            self.warn(
                path,
                line,
                f"topic {topic_id} refers only to {SIDES[side]} associations for this "
                f"need, but {SIDES[other]} ones serve it too: {', '.join(missing)}; add one "
                "to 'referrals' so that the person can choose (an association counts when "
                "its 'serves' in organisations.yaml names this topic)",
            )

    def _check_choice(
        self, path: Path, line: int, owner: str, name: str, value: Any, choices: Iterable[str]
    ) -> None:
        if value is not None and value not in choices:
            self.error(
                path,
                line,
                f"{owner}: '{name}' is '{value}', it must be one of: " + ", ".join(choices),
            )

    def _coordinates(
        self, path: Path, line: int, org_id: str, value: Any
    ) -> tuple[float, float] | None:
        if value is None:
            return None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) for v in value)
            and -90 <= value[0] <= 90
            and -180 <= value[1] <= 180
        ):
            return (float(value[0]), float(value[1]))
        self.error(
            path,
            line,
            f"organisation {org_id}: 'coordinates' must be "
            "[latitude, longitude], like [48.85, 2.35]",
        )
        return None

    def _hours(
        self, path: Path, line: int, org_id: str, value: Any
    ) -> tuple[bool, dict[str, tuple[str, ...]]]:
        if value is None:
            return False, {}
        if value == "24/7":
            return True, {}
        if not isinstance(value, dict):
            self.error(
                path,
                line,
                f"organisation {org_id}: 'hours' must be \"24/7\" or one "
                'line per day, like mon: ["09:00-12:00"]',
            )
            return False, {}
        hours: dict[str, tuple[str, ...]] = {}
        for day, ranges in value.items():
            spans = _strings(ranges)
            if day not in (*WEEKDAYS, "holidays") or not all(HOUR_RANGE.match(s) for s in spans):
                self.error(
                    path,
                    line,
                    f"organisation {org_id}: hours for '{day}' must use a day among "
                    + ", ".join(WEEKDAYS)
                    + ' or "holidays" (French public holidays), and times like "09:00-12:30"',
                )
                continue
            hours[day] = spans
        return False, hours

    def _closures(self, path: Path, line: int, org_id: str, value: Any) -> tuple[Closure, ...]:
        closures = []
        for item in value or []:
            start, end = (
                (item.get("from"), item.get("to")) if isinstance(item, dict) else (None, None)
            )
            if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
                self.error(
                    path,
                    line,
                    f"organisation {org_id}: each closure needs 'from' and "
                    "'to' dates, like {from: 2026-12-24, to: 2027-01-02}",
                )
                continue
            closures.append(Closure(start, end, _text(item.get("note"))))
        return tuple(closures)

    def _per_language(
        self, path: Path, doc: LocatedDocument, at: PathKey, owner: str, value: Any
    ) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(
                path,
                doc.line(at),
                f"{owner}: '{at[-1]}' must have one line per language, like fr: \"...\"",
            )
            return {}
        texts = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.error(
                    path,
                    doc.line((*at, lang)),
                    f"{owner}: '{lang}' is not a language "
                    "of the bot; use one of " + ", ".join(LANGUAGES),
                )
            elif _text(text):
                texts[lang] = _text(text)
        return texts

    # -- glossary ------------------------------------------------------------------------

    def _glossary(self) -> list[GlossaryEntry]:
        path = self.folder / "glossary.yaml"
        if not path.is_file():
            return []
        doc = self._document(path)
        if doc is None or not isinstance(doc.data, dict):
            return []
        entries = []
        for term, entry in doc.data.items():
            if not isinstance(entry, dict):
                self.error(
                    path,
                    doc.line((str(term),)),
                    f"glossary word '{term}' needs 'match:' and one explanation per language",
                )
                continue
            explanation = {
                lang: _text(entry.get(lang)) for lang in LANGUAGES if _text(entry.get(lang))
            }
            if SOURCE_LANGUAGE not in explanation:
                self.error(
                    path,
                    doc.line((str(term),)),
                    f"glossary word '{term}' has no French explanation",
                )
                continue
            for lang, text in explanation.items():
                line = doc.line((str(term), lang))
                self._check_terms(path, line, f"glossary word '{term}'", lang, text)
            forms = _strings(entry.get("match")) or (str(term),)
            entries.append(GlossaryEntry(str(term), forms, MappingProxyType(explanation)))
        return entries

    # -- ready replies -------------------------------------------------------------------

    def _replies(self) -> list[ReadyReply]:
        """knowledge/replies.yaml: the replies moderators send with one tap."""
        path = self.folder / "replies.yaml"
        if not path.is_file():
            return []
        doc = self._document(path)
        if doc is None:
            return []
        if not isinstance(doc.data, dict):
            self.error(
                path, 1, "replies.yaml must list replies, like  looking: {button: ..., fr: ...}"
            )
            return []
        replies = []
        for reply_id, entry in doc.data.items():
            at = (str(reply_id),)
            owner = f"ready reply '{reply_id}'"
            if not isinstance(entry, dict):
                self.error(path, doc.line(at), f"{owner} needs 'button:' and one text per language")
                continue
            if not REPLY_ID.match(str(reply_id)):
                self.error(path, doc.line(at), f"{owner}: a name is small letters only, like city")
            for unknown in sorted(set(entry) - {"button", *LANGUAGES}):
                self.error(
                    path,
                    doc.line((*at, unknown)),
                    f"{owner} has an unknown field '{unknown}' (languages are: "
                    f"{', '.join(LANGUAGES)})",
                )
            button = _text(entry.get("button"))
            if not button:
                self.error(path, doc.line(at), f"{owner} has no 'button:' for the moderators")
            texts = {lang: _text(entry.get(lang)) for lang in LANGUAGES if _text(entry.get(lang))}
            if SOURCE_LANGUAGE not in texts:
                self.error(path, doc.line(at), f"{owner} has no French text")
                continue
            needs_organisation = ORGANISATION_MARK in texts[SOURCE_LANGUAGE]
            for lang in LANGUAGES:
                line = doc.line((*at, lang)) if lang in texts else doc.line(at)
                if lang not in texts:
                    self.warn(path, line, f"{owner} has no {lang} translation (to translate)")
                elif (ORGANISATION_MARK in texts[lang]) != needs_organisation:
                    self.error(
                        path,
                        line,
                        f"{owner} ({lang}): write {ORGANISATION_MARK} where the French text "
                        "has it, and only there",
                    )
                else:
                    self._check_terms(path, line, owner, lang, texts[lang])
            replies.append(ReadyReply(str(reply_id), button, MappingProxyType(texts)))
        return replies

    # -- terms ---------------------------------------------------------------------------

    def _terms(self) -> tuple[Term, ...]:
        path = self.folder / "terms.yaml"
        if not path.is_file():
            return ()
        doc = self._document(path)
        if doc is None or doc.data is None:
            return ()
        data = doc.data if isinstance(doc.data, dict) else {None: doc.data}
        terms = []
        for lang, table in data.items():
            if lang not in LANGUAGES or not isinstance(table, dict):
                self.error(
                    path,
                    doc.line((str(lang),)),
                    f"'{lang}' must be a language of the bot followed by lines like  "
                    "wrong term: right term",
                )
                continue
            for wrong, right in table.items():
                if not _text(wrong) or not _text(right):
                    self.error(
                        path,
                        doc.line((lang, str(wrong))),
                        f"terms ({lang}): '{wrong}' needs the term to write instead, "
                        "like  violação: estupro (violação)",
                    )
                    continue
                terms.append(Term(lang, _text(wrong), _text(right)))
        return tuple(terms)

    def _check_terms(self, path: Path, line: int, owner: str, lang: str, text: str) -> None:
        """Warn about each term `text` uses that terms.yaml lists as wrong in `lang`."""
        for term in self.terms:
            if term.lang == lang and term.found_in(text):
                self.warn(
                    path,
                    line,
                    f"{owner} uses '{term.wrong}': write '{term.right}' instead "
                    "(knowledge/terms.yaml)",
                )

    # -- spellings and emergency ----------------------------------------------------------

    def _spellings(self) -> dict[str, Mapping[str, str]]:
        path = self.folder / "spellings.yaml"
        doc = self._document(path)
        if doc is None or doc.data is None:
            return {}
        spellings: dict[str, Mapping[str, str]] = {}
        data = doc.data if isinstance(doc.data, dict) else {}
        for lang, table in data.items():
            if lang not in LANGUAGES or not isinstance(table, dict):
                self.error(
                    path,
                    doc.line((lang,)),
                    f"'{lang}' must be a language of the bot "
                    "followed by lines like  jsuis: je suis",
                )
                continue
            spellings[lang] = MappingProxyType(
                {
                    "".join(tokens(fold(str(short)))): " ".join(tokens(fold(str(long))))
                    for short, long in table.items()
                }
            )
        return spellings

    def _emergency(self) -> Emergency:
        path = self.folder / "emergency.yaml"
        doc = self._document(path)
        if doc is None:
            return Emergency({}, {}, {}, {}, "", {})
        data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        texts = {}
        for name in ("block", "suicide", "child"):
            texts[name] = self._per_language(path, doc, (name,), "emergency", data.get(name))
            if SOURCE_LANGUAGE not in texts[name]:
                self.error(path, doc.line((name,)), f"the emergency '{name}' text has no French")
        sms: dict[str, Any] = data["sms"] if isinstance(data.get("sms"), dict) else {}
        sms_intro = self._per_language(path, doc, ("sms", "intro"), "emergency", sms.get("intro"))
        if not _text(data.get("numbers")):
            self.error(
                path,
                1,
                "emergency.yaml needs 'numbers': the emergency numbers in one "
                "line, shown to people whose language the bot does not know",
            )
        if not _text(sms.get("text")):
            self.error(path, doc.line(("sms",)), "the emergency 'sms' needs a 'text' to copy")
        triggers: dict[str, Mapping[str, tuple[str, ...]]] = {}
        raw_triggers: dict[str, Any] = (
            data["triggers"] if isinstance(data.get("triggers"), dict) else {}
        )
        for kind in ("danger", "alone", "now", "suicide", "child"):
            by_lang = raw_triggers.get(kind) or {}
            if not isinstance(by_lang, dict):
                self.error(
                    path,
                    doc.line(("triggers", kind)),
                    f"triggers '{kind}' must have one list per language",
                )
                continue
            triggers[kind] = MappingProxyType(
                {lang: _strings(phrases) for lang, phrases in by_lang.items() if lang in LANGUAGES}
            )
            for lang in LANGUAGES:
                if not triggers[kind].get(lang):
                    self.warn(
                        path,
                        doc.line(("triggers", kind)),
                        f"triggers '{kind}' have no phrases in {lang}",
                    )
        for name, by_lang in (*texts.items(), ("sms intro", sms_intro)):
            for lang, text in by_lang.items():
                line = doc.line((*name.split(), lang))
                self._check_terms(path, line, f"the emergency '{name}' text", lang, text)
            for lang in LANGUAGES:
                if lang not in by_lang:
                    self.warn(
                        path,
                        doc.line((name.split()[0],)),
                        f"the emergency '{name}' text has no {lang} translation",
                    )
        return Emergency(
            block=MappingProxyType(texts["block"]),
            suicide=MappingProxyType(texts["suicide"]),
            child=MappingProxyType(texts["child"]),
            sms_intro=MappingProxyType(sms_intro),
            sms_text=_text(sms.get("text")),
            numbers=_text(data.get("numbers")),
            triggers=MappingProxyType(triggers),
        )

    def _emergency_examples(self) -> list[EmergencyExample]:
        """The messages the semantic emergency detector learns from; the folder is
        optional (without it, the detector learns from the trigger phrases)."""
        return self._examples("emergency_examples", read_examples)

    def _outside(self) -> list[OutsideExample]:
        """The messages outside the bot's subjects; the folder is optional (without it,
        only a low score leaves a message unanswered)."""
        return self._examples("outside", read_outside)

    def _examples(
        self, folder: str, read: Callable[[Path, LocatedDocument, Report], list[Example]]
    ) -> list[Example]:
        """Every example of the per-language files of `folder`, each problem reported."""
        examples: list[Example] = []
        for path in sorted((self.folder / folder).glob("*.yaml")):
            doc = self._document(path)
            if doc is not None:
                examples.extend(read(path, doc, self.error))
        return examples

    # -- topics --------------------------------------------------------------------------

    def _topics(self, organisations: Mapping[str, Organisation]) -> list[Topic]:
        topics: list[Topic] = []
        seen: dict[str, Topic] = {}
        files = sorted((self.folder / "topics").glob("*.yaml"))
        if not files:
            self.error(self.folder / "topics", 1, "there are no topic files (topics/*.yaml)")
        for path in files:
            topic = self._topic(path, organisations)
            if topic is None:
                continue
            if topic.id in seen:
                self.error(
                    path,
                    1,
                    f"topic id '{topic.id}' is already used in "
                    f"{seen[topic.id].file}; ids must be unique",
                )
                continue
            seen[topic.id] = topic
            topics.append(topic)
        return topics

    def _topic(self, path: Path, organisations: Mapping[str, Organisation]) -> Topic | None:
        doc = self._document(path)
        if doc is None:
            return None
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            self.error(path, 1, "a topic file must start with 'id:', like  id: health.pep")
            return None
        topic_id = data["id"]
        if topic_id != path.stem:
            self.error(
                path,
                doc.line(("id",)),
                f"the file of topic '{topic_id}' must be named {topic_id}.yaml",
            )
        if not TOPIC_ID.match(topic_id):
            self.error(
                path,
                doc.line(("id",)),
                f"topic id '{topic_id}' must be small letters and one dot, like health.pep",
            )
        for unknown in sorted(set(data) - TOPIC_FIELDS):
            self.error(
                path,
                doc.line((unknown,)),
                f"topic {topic_id} has an unknown field "
                f"'{unknown}' (languages are: {', '.join(LANGUAGES)})",
            )
        if not _text(data.get("category")):
            self.error(path, 1, f"topic {topic_id} has no 'category'")
        referrals = _strings(data.get("referrals"))
        if not referrals:
            self.error(
                path,
                doc.line(("referrals",)),
                f"topic {topic_id} has no referrals: "
                "give at least one organisation a person can contact",
            )
        for index, org_id in enumerate(referrals):
            if org_id not in organisations:
                self.error(
                    path,
                    doc.line(("referrals", index)),
                    f"topic {topic_id} refers to '{org_id}', which is not in organisations.yaml",
                )
        self._check_balance(path, doc.line(("referrals",)), topic_id, referrals, organisations)
        texts = {
            lang: text
            for lang in LANGUAGES
            if (text := self._text_block(path, doc, topic_id, lang)) is not None
        }
        if SOURCE_LANGUAGE not in texts:
            self.error(path, doc.line((SOURCE_LANGUAGE,)), f"topic {topic_id} has no French answer")
            return None
        topic = Topic(
            id=topic_id,
            category=_text(data.get("category")),
            referrals=referrals,
            texts=MappingProxyType(texts),
            sources=self._sources(path, doc, topic_id, data.get("sources")),
            valid_until=self._valid_until(path, doc, topic_id, data.get("valid_until")),
            file=self._name(path),
        )
        self._check_translations(path, doc, topic)
        self._check_placeholders(path, doc, topic, organisations)
        return topic

    def _check_placeholders(
        self,
        path: Path,
        doc: LocatedDocument,
        topic: Topic,
        organisations: Mapping[str, Organisation],
    ) -> None:
        """A placeholder names a known organisation; hours an organisation entry holds are
        written through its placeholder, so that one edit there changes every answer."""
        for lang, text in topic.texts.items():
            for name, value in (("answer", text.answer), ("more", text.more)):
                line = doc.line((lang, name))
                owner = f"topic {topic.id} ({lang}) {name}"
                for problem in placeholder_problems(value, organisations):
                    self.error(path, line, f"{owner}: {problem}")
                for span, org_id in written_hours(value, organisations):
                    # A reminder, like an old "checked" date: the text is right today, and
                    # moving it to a placeholder makes every translation to check again.
                    self.remind(
                        path,
                        line,
                        f"{owner} writes the hours {span} that organisations.yaml holds for "
                        f"'{org_id}': write {{hours:{org_id}}} instead, so that an edit of "
                        "the hours changes this answer too",
                    )

    def _text_block(
        self, path: Path, doc: LocatedDocument, topic_id: str, lang: str
    ) -> Text | None:
        block = doc.data.get(lang)
        if block is None:
            if lang != SOURCE_LANGUAGE:
                self.warn(path, 1, f"topic {topic_id} has no {lang} translation (to translate)")
            return None
        line = doc.line((lang,))
        if not isinstance(block, dict):
            self.error(
                path,
                line,
                f"topic {topic_id}: '{lang}' must contain answer:, questions: and keywords:",
            )
            return None
        for unknown in sorted(set(block) - TEXT_FIELDS):
            self.error(
                path,
                doc.line((lang, unknown)),
                f"topic {topic_id} ({lang}) has an unknown field '{unknown}'",
            )
        answer = _text(block.get("answer"))
        if not answer:
            self.error(path, line, f"topic {topic_id} has no {_language_name(lang)} answer")
        questions = _strings(block.get("questions"))
        if len(questions) < MIN_QUESTIONS:
            self.warn(
                path,
                doc.line((lang, "questions")),
                f"topic {topic_id} has "
                f"{len(questions)} {lang} example questions; give at least {MIN_QUESTIONS}",
            )
        status = _text(block.get("status"))
        if lang != SOURCE_LANGUAGE:
            self._check_choice(
                path,
                doc.line((lang, "status")),
                f"topic {topic_id} ({lang})",
                "status",
                status or None,
                STATUSES,
            )
        reviewed_on = block.get("reviewed_on")
        for name in ("title", "answer", "more", "card"):  # not the questions: people's words
            owner = f"topic {topic_id} ({lang}) {name}"
            self._check_terms(path, doc.line((lang, name)), owner, lang, _text(block.get(name)))
        if not _text(block.get("title")):
            self.warn(path, line, f"topic {topic_id} ({lang}) has no 'title' for menus and buttons")
        return Text(
            answer=answer,
            title=_text(block.get("title")),
            questions=questions,
            keywords=_strings(block.get("keywords")),
            more=_text(block.get("more")),
            card=_text(block.get("card")),
            status=status,
            source=_text(block.get("source")),
            reviewed_on=reviewed_on if isinstance(reviewed_on, dt.date) else None,
        )

    def _sources(
        self, path: Path, doc: LocatedDocument, topic_id: str, value: Any
    ) -> tuple[Source, ...]:
        sources = []
        for index, item in enumerate(value or []):
            url = item.get("url") if isinstance(item, dict) else None
            if not isinstance(url, str) or not url.startswith("http"):
                self.error(
                    path,
                    doc.line(("sources", index)),
                    f"topic {topic_id}: each source needs a 'url' starting with http",
                )
                continue
            checked = item.get("checked")
            sources.append(Source(url, checked if isinstance(checked, dt.date) else None))
        return tuple(sources)

    def _valid_until(
        self, path: Path, doc: LocatedDocument, topic_id: str, value: Any
    ) -> tuple[Validity, ...]:
        """The figures and rules of a topic that expire, with a warning for each one
        whose date is past."""
        if value is None:
            return ()
        example = '- {what: "montant du RSA", date: 2027-03-31}'
        if not isinstance(value, list):
            self.error(
                path,
                doc.line(("valid_until",)),
                f"topic {topic_id}: 'valid_until' must be a list of lines like  {example}",
            )
            return ()
        found = []
        for index, item in enumerate(value):
            line = doc.line(("valid_until", index))
            item = item if isinstance(item, dict) else {}
            what, until = _text(item.get("what")), item.get("date")
            if not what or set(item) - {"what", "date"}:
                self.error(
                    path,
                    line,
                    f"topic {topic_id}: each line of 'valid_until' needs 'what' (the "
                    f"figure or rule) and 'date', and nothing else, like  {example}",
                )
                continue
            if not isinstance(until, dt.date) or isinstance(until, dt.datetime):
                self.error(
                    path,
                    doc.line(("valid_until", index, "date")),
                    f"topic {topic_id}: the 'date' of valid_until '{what}' is "
                    f"'{until}'; write the last day it holds, like 2027-03-31",
                )
                continue
            if until < today_in_france():
                self.warn(
                    path,
                    line,
                    f"topic {topic_id}: '{what}' was valid until {until}: check it "
                    "against its source, then update the text and the date",
                )
            found.append(Validity(what, until))
        return tuple(found)

    def _check_translations(self, path: Path, doc: LocatedDocument, topic: Topic) -> None:
        french = topic.texts[SOURCE_LANGUAGE]
        for lang, text in topic.texts.items():
            if lang == SOURCE_LANGUAGE:
                continue
            line = doc.line((lang,))
            if not text.source:
                self.warn(
                    path,
                    line,
                    f"topic {topic.id} ({lang}) does not say which French "
                    f"version it translates: run  python -m bot kb stamp {lang} {topic.id}",
                )
            elif text.source != topic.source_hash:
                self.warn(
                    path,
                    line,
                    f"topic {topic.id} ({lang}) translates an older French "
                    "text: the French changed since (to check again)",
                )
            for name in ("answer", "more", "card"):
                source_text, translated = getattr(french, name), getattr(text, name)
                if translated and not same_phone_numbers(source_text, translated):
                    self.error(
                        path,
                        doc.line((lang, name)),
                        f"topic {topic.id}: the {lang} "
                        f"{name} has the phone numbers {phone_numbers(translated)}, the "
                        f"French has {phone_numbers(source_text)}; they must be the same",
                    )


def placeholder_problems(text: str, organisations: Mapping[str, Organisation]) -> list[str]:
    """What is wrong with the {hours:…} and {phone:…} placeholders of `text`."""
    problems = []
    for written in BRACED.findall(text):
        found = PLACEHOLDER.fullmatch(written)
        if found is None:
            problems.append(
                f"'{written}' is not a placeholder the bot knows; "
                "write {hours:ORGANISATION} or {phone:ORGANISATION}"
            )
        elif found[2] not in organisations:
            problems.append(f"'{written}' names '{found[2]}', which is not in organisations.yaml")
        elif found[1] == "phone" and not organisations[found[2]].phone:
            problems.append(f"'{written}': organisation '{found[2]}' has no phone")
        elif found[1] == "hours" and not (
            organisations[found[2]].hours or organisations[found[2]].always_open
        ):
            problems.append(f"'{written}': organisation '{found[2]}' has no hours")
    return problems


def written_hours(text: str, organisations: Mapping[str, Organisation]) -> list[tuple[str, str]]:
    """Opening hours written by hand in `text` ("de 9 h à 17 h", "09:00-17:00") that an
    organisation entry also holds: (the hours as 09:00-17:00, the organisation's id)."""
    spans = {
        f"{int(a):02d}:{int(b or 0):02d}-{int(c):02d}:{int(d or 0):02d}"
        for a, b, c, d in WRITTEN_SPAN.findall(text)
    }
    return [
        (span, org.id)
        for span in sorted(spans)
        for org in organisations.values()
        if any(span in day_spans for day_spans in org.hours.values())
    ]


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list):
        return ()
    return tuple(
        str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()
    )


def _dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)


def _language_name(lang: str) -> str:
    names = {
        "fr": "French",
        "en": "English",
        "es": "Spanish",
        "pt": "Portuguese",
        "ro": "Romanian",
        "bg": "Bulgarian",
        "ru": "Russian",
        "zh": "Chinese",
        "ar": "Arabic",
    }
    return names.get(lang, lang)
