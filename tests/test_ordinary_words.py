"""The ordinary words that a one-typo trigger match must not mistake for danger: common
words of the nine languages, also in the chat spellings the bot reads."""

import pytest

from bot.core.ordinary import ordinary_keys, zipf_bins


@pytest.mark.parametrize(
    ("key", "chat_spelling"),
    [
        ("acheter", False),  # French
        ("resolver", False),  # Spanish and Portuguese
        ("ubivaet", True),  # Russian убивает in Latin letters
        ("zakliuchenia", True),  # Russian заключения in Latin letters
        ("7kouma", False),  # Arabic الحكومة (the government) in Arabizi
    ],
)
def test_common_words_are_known_in_every_spelling(key: str, chat_spelling: bool) -> None:
    assert key in ordinary_keys(chat_spelling, 5)


def test_rare_misspellings_are_not_ordinary_words() -> None:
    assert {"couteu", "menase", "etrangel"}.isdisjoint(ordinary_keys(False, 5))


def test_zipf_3_is_the_first_601_frequency_bins() -> None:
    assert zipf_bins(3.0) == 601
