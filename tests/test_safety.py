"""Emergency detection: misspelled, mixed-language and transliterated calls for help are
caught; violence that is over and ordinary questions are not."""

import json
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.knowledge.model import LANGUAGES

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "emergency_cases.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize(
    "text",
    [
        "au secours",
        "AU SECOOOURS",
        "il va me tuer",
        "il va me tueer",
        "il me menace avec un couteau",
        "he wants to kill me",
        "спасите",
        "救命啊",
        "aidez moi",
        "help!!!",
        "help now",
        "aidez moi vite",
    ],
)
def test_calls_for_help_are_caught(mini_engine: Engine, text: str) -> None:
    assert mini_engine.safety.detect(text).danger


@pytest.mark.parametrize(
    "text",
    [
        "can you help me find a doctor",
        "aidez moi a trouver un avocat",
        "j'ai dormi dehors la semaine dernière",
        "where can i sleep",
    ],
)
def test_ordinary_questions_are_not_alarms(mini_engine: Engine, text: str) -> None:
    assert not mini_engine.safety.detect(text).emergency


def test_wanting_to_die_is_flagged_for_3114(mini_engine: Engine) -> None:
    alert = mini_engine.safety.detect("j'ai envie de mourir ce soir")
    assert alert.suicide and alert.emergency


def test_child_in_danger_is_flagged_for_119(mini_engine: Engine) -> None:
    assert mini_engine.safety.detect("un enfant en danger chez mon voisin").child


def test_a_phrase_allows_two_words_between_its_words(mini_engine: Engine) -> None:
    assert mini_engine.safety.detect("il va bientôt me tuer").danger
    assert not mini_engine.safety.detect("il va voir sa mère qui veut me tuer").danger


def test_a_call_for_help_alone_is_answered_with_the_emergency_topic(mini_engine: Engine) -> None:
    outcome = mini_engine.handle("au secours")
    assert (outcome.decision, outcome.topic, outcome.alert.emergency) == (
        "answer",
        "emergency.now",
        True,
    )


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:30]}" for c in CASES])
def test_shipped_triggers_on_the_written_cases(engine: Engine, case: dict) -> None:
    assert engine.safety.detect(case["text"]).emergency is case["emergency"]


def test_every_language_has_emergency_cases() -> None:
    assert {c["lang"] for c in CASES} == set(LANGUAGES)


@pytest.mark.parametrize(
    "text",
    [
        "help",
        "aidez moi",
        "ayuda",
        "ajuda",
        "ajutor",
        "помощ",
        "помогите",
        "救命",
        "ساعدوني",
        "help me please",
    ],
)
def test_a_call_for_help_alone_gets_the_emergency_topic_in_every_language(
    engine: Engine, text: str
) -> None:
    outcome = engine.handle(text)
    assert (outcome.decision, outcome.topic, outcome.alert.emergency) == (
        "answer",
        "emergency.now",
        True,
    )


def test_asking_for_help_with_something_is_not_an_emergency(engine: Engine) -> None:
    outcome = engine.handle("i need help with my papers", "en")
    assert not outcome.alert.emergency and outcome.topic != "emergency.now"


@pytest.mark.parametrize(
    "text",
    [
        "Où acheter des préservatifs ?",  # acheter: one letter from "machette"
        "Je dois me rendre à la préfecture demain",  # me rendre: me pendre
        "Quels sont les signes du VIH ?",  # signes: saigne
        "Je soigne mon rhume avec du miel",  # soigne: saigne
        "I stayed with a friend last week, where can I sleep?",  # stayed: stabbed
        "Where can I find bedding for my new room?",  # bedding: bleeding
        "Quiero resolver mis papeles",  # resolver: revolver
        "Tengo que devolver un documento a la prefectura",
        "Preciso resolver os meus papéis",
        "Fiquei enterrado em dívidas com o banco",  # enterrado: encerrado (locked in)
        "Cititul în franceză e greu pentru mine",  # cititul: cuțitul (the knife)
        "Am răspuns la anchete despre sănătate",  # anchete: machete
        "Вървя пеша до работа всеки ден",  # вървя: кърви (bleeds)
        "Искам писмото да стигне до мен",
        "Курят ли в общежитии?",
        "Я жду заключения врача",  # заключения: заключена (locked in)
        "أنا في انتظار موعد في المحافظة",  # انتظار (waiting): انتحار (suicide)
        "الانتظار طويل في المستشفى",
        "帮我找一个免费的医生",
    ],
)
def test_ordinary_words_one_typo_from_a_trigger_are_not_alarms(engine: Engine, text: str) -> None:
    assert not engine.safety.detect(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "mes enfants sont en danger",
        "il a des couteaux",
        "he is bleeding",
        "il va me tueer",
        "hlp",  # SMS spelling with no vowel: knowledge/spellings.yaml
        "hlp me pls",
    ],
)
def test_an_inflected_or_misspelt_trigger_still_raises_the_alarm(engine: Engine, text: str) -> None:
    assert engine.safety.detect(text).emergency


@pytest.mark.parametrize(
    "text",
    [case["text"] for case in CASES] + ["quels sont les numéros d'urgence", "我想报警"],
)
def test_the_emergency_topic_is_never_answered_without_the_alarm(engine: Engine, text: str) -> None:
    outcome = engine.handle(text)
    if outcome.decision == "answer" and outcome.topic == "emergency.now":
        assert outcome.alert.emergency


@pytest.mark.parametrize(
    "text",
    [
        "estoy enferma y necesito ver un medico",  # es "sick", not fr "enferm*" (locked in)
        "mi hijo tiene una enfermedad, donde lo llevo",
        "tengo cancer, puedo tener papeles por enfermedad?",
    ],
)
def test_a_trigger_prefix_of_one_language_does_not_fire_on_an_everyday_word_of_another(
    engine: Engine, text: str
) -> None:
    assert not engine.handle(text).alert.emergency


def test_the_prefix_still_finds_its_own_language_forms(engine: Engine) -> None:
    assert engine.handle("je suis enfermée dans la chambre, il me laisse pas sortir").alert.danger
