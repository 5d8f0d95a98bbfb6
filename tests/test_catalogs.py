"""The interface catalogs: every string of the template is translated in the nine
languages, with the same placeholders, so that nobody (a moderator included) meets
English they did not choose."""

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.knowledge.model import LANGUAGES
from tests.conftest import PROJECT

LOCALES = PROJECT / "locales"


def _catalog(name: str):
    with open(name, "rb") as file:
        return read_po(file)


TEMPLATE = _catalog(LOCALES / "relais.pot")


def test_the_template_holds_every_string_of_the_code_and_no_other() -> None:
    marked = {
        message
        for _, _, message, _, _ in extract_from_dir(
            PROJECT / "bot", method_map=[("**.py", "python")]
        )
    }
    assert marked == {m.id for m in TEMPLATE if m.id}, "see docs/TRANSLATORS.md: new strings"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_of_the_template_is_translated(lang: str) -> None:
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "relais.po")
    missing = [
        m.id
        for m in TEMPLATE
        if m.id and (m.id not in catalog or not catalog[m.id].string or catalog[m.id].fuzzy)
    ]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "relais.po")
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            placeholders = set(re.findall(r"\{\w+\}", message.id))
            assert set(re.findall(r"\{\w+\}", message.string)) == placeholders, message.id
