"""Intent, not keywords: a greeting or thanks before a question does not hide it, thanks
alone gets one short line, and a question outside the bot's subjects an honest answer."""

import pytest

from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.render import numbers_in, render_outcome


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


THANKS = [
    ("merci beaucoup", "fr"),
    ("thank you so much", "en"),
    ("muchas gracias", "es"),
    ("obrigada", "pt"),
    ("multumesc mult", "ro"),
    ("благодаря", "bg"),
    ("спасибо большое", "ru"),
    ("谢谢你", "zh"),
    ("شكرا بزاف", "ar"),
]


@pytest.mark.parametrize(("text", "lang"), THANKS)
def test_thanks_alone_gets_one_short_line(engine: Engine, text: str, lang: str) -> None:
    outcome = engine.handle(text, lang)
    reply = render_outcome(engine.kb, outcome, translator(lang))
    assert outcome.thanks and not outcome.alert.emergency
    assert translator(lang)("You are welcome. Take care of yourself.") in reply.body
    assert len(reply.body.splitlines()) == 1 and not reply.more and not numbers_in(reply.body)


def test_thanks_with_a_question_answers_the_question(engine: Engine) -> None:
    outcome = engine.handle("merci, et où dormir ce soir ?")
    assert not outcome.thanks and outcome.topic == "shelter.tonight"


# Written for this test, not taken from knowledge/outside: recipes, weather, phone prices,
# news of a virus, in several of the nine languages.
OUTSIDE = [
    "comment on fait une pâte à crêpes",
    "quel temps il fera demain à Marseille",
    "combien coûte un iphone 15",
    "how much is a samsung galaxy s24",
    "¿qué tiempo hará mañana en Madrid?",
    "qual é a receita de brigadeiro",
    "cât costă un iPhone 15",
    "какая погода завтра в Москве",
    "كم ثمن ايفون 15",
    "明天巴黎天气怎么样",  # Chinese: each character a word, none of them grammar by length
]


@pytest.mark.parametrize("text", OUTSIDE)
def test_a_question_outside_the_subjects_gets_an_honest_answer(engine: Engine, text: str) -> None:
    if engine.semantic is None:
        pytest.skip("the sentence encoder is not available")
    outcome = engine.handle(text)
    reply = render_outcome(engine.kb, outcome, translator(outcome.lang))
    assert outcome.decision == "unanswered" and outcome.outside
    assert translator(outcome.lang)("Sorry, I cannot help with that.") in reply.body
    assert not numbers_in(reply.body), "no contact cards for a recipe"


@pytest.mark.parametrize(
    "text",
    ["où acheter des préservatifs", "abeg i no get house", "je cherche du travail", "bonjour"],
)
def test_questions_about_the_subjects_are_not_outside(engine: Engine, text: str) -> None:
    assert not engine.handle(text).outside


def test_keyboard_mash_is_left_for_a_person_without_an_alarm(engine: Engine) -> None:
    outcomes = [engine.handle(f"qqq zzz vvv xq{n}") for n in range(40)]
    assert all(o.decision == "unanswered" and not o.outside for o in outcomes)
    assert not any(o.alert.emergency for o in outcomes)


@pytest.mark.parametrize("text", ["je suis à Paris", "Belleville", "i dey for paris", "où ?"])
def test_a_place_or_a_where_alone_asks_nothing_yet(engine: Engine, text: str) -> None:
    """No topic picked at random; the associations near the city when one is named (the
    Telegram shell answers it as a follow-up when a topic was just given)."""
    outcome = engine.handle(text)
    assert outcome.decision == "unanswered" and not outcome.alert.emergency
    if outcome.city is not None:
        reply = render_outcome(engine.kb, outcome, translator(outcome.lang))
        assert outcome.city.name in reply.body
