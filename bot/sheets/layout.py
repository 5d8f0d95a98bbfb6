"""The template of the printed sheets (`knowledge/sheets.yaml`): sizes, colours, and what
goes where, so that an association changes how its sheets look without touching code.

Every mistake is said with the file and the field, in words an association understands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.model import LANGUAGES

SIZES = (
    "margin", "category", "title", "text", "heading",
    "contact", "phone", "emergency", "card", "qr",
)  # fmt: skip
COLOURS = (
    "category", "title", "text", "heading", "phone", "muted",
    "emergency_text", "emergency_background", "emergency_border", "card_border",
)  # fmt: skip
SECTIONS = ("title", "answer", "contacts", "link")
PAPER = {"a4": (210.0, 297.0), "a5": (148.0, 210.0)}  # width and height, millimetres
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


class LayoutError(Exception):
    """The template cannot be used; the message says where and how to fix it."""


@dataclass(frozen=True)
class Sizes:
    """The sizes of one paper format: millimetres for margin and qr, points for type."""

    margin: float
    category: float
    title: float
    text: float
    heading: float
    contact: float
    phone: float
    emergency: float
    card: float
    qr: float


@dataclass(frozen=True)
class Discreet:
    """What the discreet variant needs: its neutral cover title in each language, and the
    words, in each language, that the cover must never hold."""

    titles: Mapping[str, str]
    words: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Layout:
    formats: Mapping[str, Sizes]
    colours: Mapping[str, tuple[int, int, int]]
    front: tuple[str, ...]
    contacts: int
    line_spacing: float
    smallest: float
    pictograms: Mapping[str, str]
    discreet: Discreet

    def paper(self, paper_format: str) -> tuple[float, float]:
        return PAPER[paper_format]


def load_layout(path: Path) -> Layout:
    """The template in `path`, checked field by field."""
    if not path.exists():
        raise LayoutError(f"{path}: the template of the printed sheets is missing")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise LayoutError(f"{path}: the template must be a list of fields (formats, colours…)")
    where = str(path)
    return Layout(
        formats={name: _sizes(where, data, name) for name in PAPER},
        colours={name: _colour(where, data, name) for name in COLOURS},
        front=_front(where, data.get("front")),
        contacts=int(_number(where, data, "contacts")),
        line_spacing=_number(where, data, "line_spacing"),
        smallest=_number(where, data, "smallest"),
        pictograms={str(k): str(v) for k, v in (data.get("pictograms") or {}).items()},
        discreet=_discreet(where, data),
    )


def _sizes(where: str, data: dict[str, Any], paper: str) -> Sizes:
    section = (data.get("formats") or {}).get(paper)
    if not isinstance(section, dict):
        raise LayoutError(f"{where}: 'formats' needs '{paper}' with the sizes of that paper")
    return Sizes(**{name: _number(where, section, name, f"formats.{paper}.") for name in SIZES})


def _number(where: str, section: dict[str, Any], name: str, prefix: str = "") -> float:
    value = section.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise LayoutError(f"{where}: '{prefix}{name}' must be a number above 0 (it is {value!r})")
    return float(value)


def _colour(where: str, data: dict[str, Any], name: str) -> tuple[int, int, int]:
    value = str((data.get("colours") or {}).get(name, ""))
    if not COLOUR.fullmatch(value):
        raise LayoutError(f"{where}: 'colours.{name}' must be a colour like \"#1D3C78\"")
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _front(where: str, value: object) -> tuple[str, ...]:
    names = tuple(str(v) for v in value) if isinstance(value, list) else ()
    unknown = [name for name in names if name not in SECTIONS]
    if not names or unknown:
        raise LayoutError(
            f"{where}: 'front' must list parts among {', '.join(SECTIONS)}"
            + (f" ({', '.join(unknown)} is not one)" if unknown else "")
        )
    return names


def _discreet(where: str, data: dict[str, Any]) -> Discreet:
    """A title and some words for each of the nine languages: the discreet cover must exist
    in every language the command prints, and be checked against the words of all of them."""
    section = data.get("discreet")
    section = section if isinstance(section, dict) else {}
    return Discreet(
        titles={lang: _discreet_title(where, section.get("title"), lang) for lang in LANGUAGES},
        words={lang: _discreet_words(where, section.get("words"), lang) for lang in LANGUAGES},
    )


def _discreet_title(where: str, titles: object, lang: str) -> str:
    title = str(titles.get(lang) or "").strip() if isinstance(titles, dict) else ""
    if not title:
        raise LayoutError(
            f"{where}: 'discreet.title.{lang}' must give the neutral title of the discreet "
            "cover in that language"
        )
    return title


def _discreet_words(where: str, words: object, lang: str) -> tuple[str, ...]:
    listed = words.get(lang) if isinstance(words, dict) else None
    found = tuple(str(word or "").strip() for word in listed) if isinstance(listed, list) else ()
    if not found or not all(found):
        raise LayoutError(
            f"{where}: 'discreet.words.{lang}' must list the words, in that language, that "
            "a discreet cover must not hold, like [prostitution, travail du sexe]"
        )
    return found
