"""The thresholds that turn scores into a decision: answer, clarify (two topics too close
to guess) or unanswered (too far from every topic), for words alone and for the blend of
words and meaning."""

import pytest

from bot.core.matcher import (
    ANSWER_THRESHOLD,
    CLOSE_SHARE,
    LOWEST_THRESHOLD,
    SHORT_MESSAGE_WORDS,
    SURE_SCORE,
    answer_threshold,
    decide,
)
from bot.core.semantic import SIMILARITY_FLOOR, Blend


def test_below_the_threshold_nothing_is_answered_but_candidates_are_kept() -> None:
    match = decide({"food": ANSWER_THRESHOLD - 0.01, "hygiene": 0.1})
    assert match.decision == "unanswered" and match.topic is None
    assert [c.topic for c in match.candidates] == ["food", "hygiene"]


def test_a_clear_best_topic_is_answered() -> None:
    match = decide({"food": 0.4, "hygiene": 0.2})
    assert (match.decision, match.topic) == ("answer", "food")


def test_two_close_topics_are_offered_as_a_choice() -> None:
    top = 0.4
    match = decide({"food": top, "hygiene": top * (1 - CLOSE_SHARE / 2)})
    assert match.decision == "clarify" and match.topic is None
    assert {c.topic for c in match.candidates} == {"food", "hygiene"}


def test_a_sure_score_is_answered_even_with_a_close_second() -> None:
    match = decide({"food": SURE_SCORE, "hygiene": SURE_SCORE - 0.001})
    assert (match.decision, match.topic) == ("answer", "food")


def test_nothing_scored_is_unanswered() -> None:
    assert decide({}).decision == "unanswered"


@pytest.mark.parametrize(
    ("words", "threshold"),
    [
        (1, ANSWER_THRESHOLD),
        (SHORT_MESSAGE_WORDS, ANSWER_THRESHOLD),
        (SHORT_MESSAGE_WORDS + 10, ANSWER_THRESHOLD - 10 * 0.005),
        (500, LOWEST_THRESHOLD),
    ],
)
def test_long_messages_need_a_lower_score_down_to_a_floor(words: int, threshold: float) -> None:
    assert answer_threshold(words) == pytest.approx(threshold)


BLEND = Blend(lexical_weight=0.5, answer=0.3, sure=0.6)


def test_meaning_below_the_similarity_floor_adds_nothing() -> None:
    scores = BLEND.scores({"food": 0.2}, {"food": SIMILARITY_FLOOR - 0.05})
    assert scores["food"] == pytest.approx(0.1)


def test_the_blend_answers_clarifies_or_leaves_unanswered_by_its_thresholds() -> None:
    near = SIMILARITY_FLOOR + (1 - SIMILARITY_FLOOR) * 0.8  # meaning worth 0.8
    assert BLEND.decide({"food": 0.6}, {"food": near, "hygiene": 0.0}).topic == "food"
    unsure = BLEND.decide({"food": 0.3, "hygiene": 0.3}, {"food": near, "hygiene": near})
    assert unsure.decision == "clarify"
    assert BLEND.decide({"food": 0.1}, {"food": 0.5}).decision == "unanswered"
