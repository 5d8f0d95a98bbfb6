"""Intent, not keywords: a greeting or thanks before a question does not hide it."""

import pytest

from bot.core.engine import Engine


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("bonjour, où dormir ce soir ?", "shelter.tonight"),
        ("merci, et pour la PrEP ?", "health.prep"),
        ("hello, where can I sleep tonight", "shelter.tonight"),
        ("hola, necesito un abogado", "legal.lawyer"),
        ("привет, где бесплатный врач", "health.doctor"),
    ],
)
def test_a_greeting_followed_by_a_question_answers_the_question(
    engine: Engine, text: str, topic: str
) -> None:
    assert engine.handle(text).topic == topic


def test_a_greeting_before_an_unsure_question_offers_the_closest_subjects(engine: Engine) -> None:
    outcome = engine.handle("salam, bghit n3ref kifach ndir l karta de sejour")
    assert outcome.decision in {"answer", "clarify"}
    assert outcome.candidates[0].topic == "papers.residence"


@pytest.mark.parametrize(
    "text", ["merci", "thank you", "salut ça va ?", "bonjour comment allez-vous"]
)
def test_a_greeting_alone_is_a_greeting(engine: Engine, text: str) -> None:
    assert engine.handle(text).topic == "smalltalk.greeting"
