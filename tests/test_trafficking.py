"""Trafficking signals (papers held by someone, a debt to repay, forced work, not free to
leave) go to the trafficking topic, not to lost papers; locked in now is an emergency."""

import pytest

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import render_outcome


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("they took my passport and say I owe them money", "en"),
        ("ils ont pris mon passeport et disent que je leur dois de l'argent", "fr"),
        ("me quitaron el pasaporte y dicen que les debo dinero", "es"),
        ("tiraram o meu passaporte e dizem que eu devo dinheiro a eles", "pt"),
        ("mi-au luat pașaportul și spun că le datorez bani", "ro"),
        ("взеха ми паспорта и казват, че им дължа пари", "bg"),
        ("у меня забрали паспорт и говорят что я им должна деньги", "ru"),
        ("他们拿走了我的护照，说我欠他们钱", "zh"),
        ("المدام عندها جواز سفري وتقول إني لازم أدفع لها ديني", "ar"),
    ],
)
def test_a_passport_held_for_a_debt_is_trafficking(engine: Engine, text: str, lang: str) -> None:
    outcome = engine.handle(text)
    assert (outcome.decision, outcome.topic, outcome.lang) == ("answer", "trafficking", lang)


def test_the_staff_card_says_the_papers_are_held_not_lost(engine: Engine) -> None:
    outcome = engine.handle("they took my passport and say I owe them money")
    card = render_outcome(engine.kb, outcome, translator("en")).card
    assert "une autre personne les garde" in card
    assert "perdus ou volés" not in card


def test_locked_in_now_with_the_passport_taken_is_an_emergency(engine: Engine) -> None:
    outcome = engine.handle("ils ont pris mon passeport et je suis enfermée dans l'appartement")
    assert outcome.alert.emergency
