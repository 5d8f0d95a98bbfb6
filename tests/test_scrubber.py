"""Personal data is scrubbed before anything is written; helplines and dates stay."""

import pytest

from bot.store.pseudonyms import pseudonym, scrub_personal_data


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("appelle moi au 06 12 34 56 78 stp", "appelle moi au [phone] stp"),
        ("mon num 06.12.34.56.78", "mon num [phone]"),
        ("0612345678", "[phone]"),
        ("+33 6 12 34 56 78", "[phone]"),
        ("+33612345678 whatsapp", "[phone] whatsapp"),
        ("0033 6 12 34 56 78", "[phone]"),
        ("sună-mă la +40 721 234 567", "sună-mă la [phone]"),
        ("звони +7 (916) 123-45-67", "звони [phone]"),
        ("我的电话 0612345678", "我的电话 [phone]"),
        ("écris à marie.dupont@mail.example.fr", "écris à [email]"),
        ("mail: jo_99@sub.domain.co.uk", "mail: [email]"),
        ("mon telegram @marie_paris92", "mon telegram [handle]"),
        ("carte 4970 1012 3456 7890", "carte [number]"),
        ("mon dossier 12345678901", "mon dossier [number]"),
        ("voir https://exemple.fr/page?id=3 svp", "voir [url] svp"),
        ("www.monsite.com", "[url]"),
    ],
)
def test_personal_data_is_replaced(text: str, scrubbed: str) -> None:
    assert scrub_personal_data(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "j'ai appelé le 115 hier",
        "le 3919 ne répond pas",
        "appelez le 17 ou le 112",
        "rdv le 12/03/2026 à 14h30",
        "né le 3 mars 1990",
        "j'ai 25 ans et 2 enfants",
        "le 116 006",
        "il me doit 5000 euros",
        "plainte du 2025-11-03",
    ],
)
def test_helplines_dates_and_small_numbers_stay(text: str) -> None:
    assert scrub_personal_data(text) == text


def test_a_pseudonym_is_stable_and_depends_on_the_secret() -> None:
    assert pseudonym(123456789, b"one") == pseudonym(123456789, b"one")
    assert pseudonym(123456789, b"one") != pseudonym(123456789, b"two")
    assert "123456789" not in pseudonym(123456789, b"one")
