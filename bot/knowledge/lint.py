"""`kb lint`: the easy-to-read (FALC) rules of shared/FALC.md, checked on every answer.

Which rules block (exit 1, and so `make test`) and which only warn is set in
knowledge/lint.yaml, a small file associations can read and change. French readability
uses the Kandel & Moles formula (the French adaptation of Flesch):
207 − 1.015 × words a sentence − 73.6 × syllables a word.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.text import CJK
from bot.knowledge.model import KnowledgeBase, Topic

SENTENCE_END = re.compile(r"(?<=[.!?؟。！？])\s+|(?<=[。！？])")
# A question and its answer on one line are one idea ("Pas de place ? Appelez encore.").
STATEMENT_END = re.compile(r"(?<=[.!。！])\s+|(?<=[。！])")
# Letters with their combining marks (Arabic tanwin, accents written apart) are one word.
WORD = re.compile(r"[^\W\d_][\w\u0300-\u036f\u064b-\u065f\u0670'’-]*|\d+", re.UNICODE)
ACRONYM = re.compile(r"\b(?:[A-Z][a-z]?){1,2}[A-Z]{1,5}[a-z]?\b")
VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöûùü]+", re.IGNORECASE)
FRENCH_NEGATION = re.compile(
    r"\bn(?:e\s|['’])\s?\w+\s+(?:pas|plus|jamais|rien|personne)\b", re.IGNORECASE
)
FRENCH_PASSIVE = re.compile(
    r"\b(?:est|sont|été|être|sera|seront|soit)\s+\w+(?:é|ée|és|ées)\b", re.IGNORECASE
)
FRENCH_CONDITIONAL = re.compile(r"\b\w{3,}(?:rais|rait|rions|riez|raient)\b", re.IGNORECASE)
NOT_CONDITIONAL = {
    "frais",
    "vrais",
    "jamais",
    "désormais",
    "mais",
    "anglais",
    "français",
    "marais",
    "relais",
}
NUMBER_WORDS = {
    "fr": {
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "quinze",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "cent",
        "mille",
    },
    "en": {
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
    },
    "es": {
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
        "quince",
        "veinte",
        "treinta",
        "cien",
        "mil",
    },
    "pt": {
        "dois",
        "duas",
        "três",
        "quatro",
        "cinco",
        "seis",
        "sete",
        "oito",
        "nove",
        "dez",
        "quinze",
        "vinte",
        "trinta",
        "cem",
        "mil",
    },
}


@dataclass(frozen=True)
class Finding:
    topic: str
    lang: str
    line: int  # line of the answer, from 1
    rule: str
    message: str
    blocking: bool

    def __str__(self) -> str:
        level = "error" if self.blocking else "warning"
        return f"{level}: {self.topic} [{self.lang}] answer line {self.line}: {self.message}"


@dataclass(frozen=True)
class LintConfig:
    levels: Mapping[str, str]
    max_words: int = 15
    max_mean_words: float = 10.0
    max_chars_zh: int = 30
    max_letters: int = 16
    known_acronyms: frozenset[str] = frozenset()
    jargon: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> LintConfig:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rules = data.get("rules") or {}
        limits = data.get("limits") or {}
        return cls(
            levels={name: str(level) for name, level in rules.items()},
            max_words=int(limits.get("max_words", 15)),
            max_mean_words=float(limits.get("max_mean_words", 10)),
            max_chars_zh=int(limits.get("max_chars_zh", 30)),
            max_letters=int(limits.get("max_letters", 16)),
            known_acronyms=frozenset(data.get("known_acronyms") or ()),
            jargon={lang: dict(words) for lang, words in (data.get("jargon") or {}).items()},
        )

    def blocking(self, rule: str) -> bool:
        return self.levels.get(rule, "warn") == "block"


def sentences_of(line: str) -> list[str]:
    return [s for s in SENTENCE_END.split(line.strip()) if _words(s)]


def _words(sentence: str) -> list[str]:
    return WORD.findall(sentence)


def sentence_length(sentence: str, lang: str) -> int:
    """Words, or characters for Chinese."""
    return len(CJK.findall(sentence)) if lang == "zh" else len(_words(sentence))


def lint_answer(
    topic: str, lang: str, answer: str, config: LintConfig, glossary: frozenset[str]
) -> Iterator[Finding]:
    def found(number: int, rule: str, message: str) -> Finding:
        return Finding(topic, lang, number, rule, message, config.blocking(rule))

    explained: set[str] = set(config.known_acronyms) | set(glossary)
    lines = answer.splitlines()
    for number, line in enumerate(lines, 1):
        sentences = sentences_of(line)
        statements = [s for s in STATEMENT_END.split(line.strip()) if _words(s)]
        if len(statements) > 1:
            yield found(
                number,
                "one_sentence_per_line",
                f"{len(statements)} sentences on one line: put each on its own line",
            )
        limit = config.max_chars_zh if lang == "zh" else config.max_words
        for sentence in sentences:
            if (length := sentence_length(sentence, lang)) > limit:
                unit = "characters" if lang == "zh" else "words"
                yield found(
                    number,
                    "sentence_length",
                    f"a sentence of {length} {unit} (at most {limit}): cut it in two",
                )
        yield from _acronyms(line, lines[number : number + 1], explained, number, found)
        yield from _words_rules(line, lang, number, config, found)
    lengths = [sentence_length(s, lang) for line in lines for s in sentences_of(line)]
    mean_limit = config.max_mean_words * (3 if lang == "zh" else 1)
    if lengths and statistics.mean(lengths) > mean_limit:
        yield found(
            1,
            "mean_sentence_length",
            f"sentences of {statistics.mean(lengths):.1f} on average (at most "
            f"{mean_limit:g}): shorten some",
        )


def _acronyms(
    line: str, following: list[str], explained: set[str], number: int, found: Any
) -> Iterator[Finding]:
    """An acronym must be explained where it first appears: followed by "(", "—" or ":",
    or by "is" in the same or the next sentence, or known to the glossary."""
    for match in ACRONYM.finditer(line):
        acronym = match.group()
        if acronym in explained:
            continue
        explained.add(acronym)
        rest = line[match.end() :]
        nearby = f"{acronym}{rest} {' '.join(following)}"
        if rest.lstrip().startswith(("(", "—", "-", ":", ",", "（", "：", "，", "،")) or re.search(
            rf"\b{re.escape(acronym)}\b.{{0,40}}\b(?:est|is|es|é|este|е|это|هو|هي|是)", nearby
        ):
            continue
        yield found(
            number,
            "acronyms",
            f"{acronym} is not explained at first use: add what "
            "it is, or add it to knowledge/glossary.yaml",
        )


def _words_rules(
    line: str, lang: str, number: int, config: LintConfig, found: Any
) -> Iterator[Finding]:
    words = _words(line)
    for word in words:
        if len(word) > config.max_letters and not CJK.search(word):
            yield found(number, "long_words", f"the word '{word}' is long: is there a shorter one?")
        if word.casefold() in NUMBER_WORDS.get(lang, ()):
            yield found(number, "numbers_in_letters", f"'{word}': write numbers in digits")
    for hard, plain in config.jargon.get(lang, {}).items():
        if re.search(rf"\b{re.escape(hard)}\b", line, re.IGNORECASE):
            yield found(number, "jargon", f"'{hard}' is a hard word: say '{plain}'")
    if lang != "fr":
        return
    if FRENCH_NEGATION.search(line):
        yield found(number, "negation", "a negative sentence: say it in the positive if you can")
    if FRENCH_PASSIVE.search(line):
        yield found(number, "passive", "passive voice: say who does what")
    conditional = [
        w for w in FRENCH_CONDITIONAL.findall(line) if w.casefold() not in NOT_CONDITIONAL
    ]
    if conditional:
        yield found(number, "conditional", f"conditional '{conditional[0]}': use the present")


def lint_knowledge(
    kb: KnowledgeBase, config: LintConfig, glossary: frozenset[str]
) -> list[Finding]:
    return [
        finding
        for topic in kb.topics
        for lang, text in topic.texts.items()
        for finding in lint_answer(topic.id, lang, text.answer, config, glossary)
    ]


def french_syllables(word: str) -> int:
    groups = VOWELS.findall(word)
    count = len(groups)
    if count > 1 and word.casefold().endswith(("e", "es", "ent")):
        count -= 1
    return max(count, 1)


def kandel_moles(text: str) -> float:
    """The French readability score of a text (higher is easier; 60–70 is plain French)."""
    sentences = [s for line in text.splitlines() for s in sentences_of(line)]
    words = [w for s in sentences for w in _words(s) if not w.isdigit()]
    if not sentences or not words:
        return 0.0
    syllables = sum(french_syllables(w) for w in words)
    return 207 - 1.015 * (len(words) / len(sentences)) - 73.6 * (syllables / len(words))


@dataclass(frozen=True)
class LanguageSummary:
    lang: str
    mean_length: float  # words a sentence (characters for Chinese)
    short_share: float  # share of sentences within the length limit
    kandel_moles: float | None  # French only


def summary(topics: tuple[Topic, ...], config: LintConfig) -> list[LanguageSummary]:
    by_lang: dict[str, list[int]] = {}
    for topic in topics:
        for lang, text in topic.texts.items():
            by_lang.setdefault(lang, []).extend(
                sentence_length(s, lang)
                for line in text.answer.splitlines()
                for s in sentences_of(line)
            )
    french = "\n".join(t.texts["fr"].answer for t in topics)
    result = []
    for lang, lengths in by_lang.items():
        limit = config.max_chars_zh if lang == "zh" else config.max_words
        result.append(
            LanguageSummary(
                lang,
                statistics.mean(lengths),
                sum(n <= limit for n in lengths) / len(lengths),
                round(kandel_moles(french), 1) if lang == "fr" else None,
            )
        )
    return result
