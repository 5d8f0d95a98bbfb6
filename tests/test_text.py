"""Normalisation: the forms people type meet the forms the knowledge base holds."""

import pytest

from bot.core.text import fold, is_keyboard_mash, match_key, script_of, word_key, word_keys


@pytest.mark.parametrize(
    ("typed", "lang", "written"),
    [
        ("OU DORMIIIR se soir !!", "fr", "Où dormir ce soir ?"),
        ("aideeeez moi", "fr", "aidez-moi"),
        ("apeller", "fr", "appeler"),
        ("ajutor va rog", "ro", "ajutor vă rog"),
        ("nao tenho onde dormir", "pt", "não tenho onde dormir"),
        ("4to delat", "ru", "что делать"),
        ("nqmam kude da spq", "bg", "нямам къде да спя"),
        ("pomogite", "ru", "помогите"),
        ("ليس لدي مكان للنوم", "ar", "لَيْسَ لَدَيَّ مَكَانٌ لِلنَّوْمِ"),
        ("اريد", "ar", "أريد"),
        ("مدرسة", "ar", "مدرسه"),
        ("الأوراق", "ar", "أوراق"),
        ("والأوراق", "ar", "اوراق"),
        ("call ١١٥", "en", "call 115"),
    ],
)
def test_typed_forms_meet_written_forms(typed: str, lang: str, written: str) -> None:
    assert match_key(typed, lang)[-1] == match_key(written, lang)[-1]
    assert len(match_key(typed, lang)) == len(match_key(written, lang))


def test_sms_spellings_expand_to_words() -> None:
    assert match_key("jsuis a la rue", "fr", {"jsuis": "je suis"}) == [
        "je",
        "suis",
        "a",
        "la",
        "rue",
    ]


def test_chinese_is_kept_one_character_a_token() -> None:
    assert match_key("我没有地方睡觉", "zh") == ["我", "没", "有", "地", "方", "睡", "觉"]


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("hello", "latin"),
        ("привет", "cyrillic"),
        ("你好 ok", "han"),
        ("مرحبا", "arabic"),
        ("!!!", "none"),
    ],
)
def test_script_of_a_message(text: str, script: str) -> None:
    assert script_of(text) == script


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "\u202e\u200b", "\x00"])
def test_empty_or_symbol_only_text_has_no_words(text: str) -> None:
    assert match_key(text) == []


def test_word_keys_of_a_word_list_are_the_keys_of_each_word() -> None:
    words = ["Préfecture", "нямам", "الأوراق", "4to", "aideeez", "kifach"]
    for chat in (False, True):
        assert word_keys(words, chat) == [word_key(fold(w), chat) for w in words]


@pytest.mark.parametrize(
    ("text", "mash"),
    [
        ("qqq zzz vvv xq7", True),
        ("hmm", True),
        ("asdf qwer", False),  # a vowel: perhaps a word
        ("ve4e vzeh hap4eta", False),  # Latin-letter Bulgarian
        ("bghit n3as", False),  # Arabizi
        ("06 12 34 56 78", False),  # digits alone are no letters at all
        ("ппп", False),  # another script
    ],
)
def test_keyboard_mash_is_letters_with_no_vowel(text: str, mash: bool) -> None:
    assert is_keyboard_mash(text) is mash
