"""The matcher's index: the same scores whether a word's share is worked out or kept."""

from __future__ import annotations

import pytest

from bot.core import matcher
from bot.core.matcher import Document, LanguageIndex

DOCUMENTS = [
    Document("shelter.tonight", "où dormir ce soir"),
    Document("shelter.tonight", "je dors dehors"),
    Document("health.doctor", "voir un médecin gratuit"),
    Document("health.doctor", "médecin", 0.9),
    Document("papers.residence", "titre de séjour"),
    Document("zh.sleep", "今晚睡哪里"),
]
QUESTIONS = ["ou dormir se soir", "médecin médecin gratuit", "titre de sejour", "今晚睡哪里", "xyz"]


def fresh_index() -> LanguageIndex:
    return LanguageIndex("fr", DOCUMENTS, {})


def test_kept_shares_give_the_same_scores_as_new_ones() -> None:
    index = fresh_index()
    first = [index.scores(q, limit=None) for q in QUESTIONS]
    again = [index.scores(q, limit=None) for q in QUESTIONS]
    fresh = [fresh_index().scores(q, limit=None) for q in QUESTIONS]
    assert first == again == fresh


def test_scores_stay_right_when_the_kept_shares_overflow(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [fresh_index().scores(q, limit=None) for q in QUESTIONS]
    monkeypatch.setattr(matcher, "KEPT_POSTINGS", 3)
    index = fresh_index()
    assert [index.scores(q, limit=None) for q in QUESTIONS * 2] == expected * 2


def test_a_misspelled_question_finds_its_topic_and_nonsense_finds_nothing() -> None:
    index = fresh_index()
    assert max(index.scores("ou dormir se soir").items(), key=lambda i: i[1])[0] == (
        "shelter.tonight"
    )
    assert index.scores("xyz") == {}


def test_the_best_topics_are_kept_with_their_ties() -> None:
    index = fresh_index()
    everything = index.scores("médecin dormir titre", limit=None)
    best = index.scores("médecin dormir titre", limit=1)
    top = max(everything.values())
    assert best == {t: s for t, s in everything.items() if s == top}


def test_a_word_in_too_many_documents_keeps_those_where_it_weighs_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(matcher, "POSTINGS_PER_FEATURE", 2)
    documents = [
        Document("papers.short", "papiers"),
        *(Document(f"long.{n}", f"papiers et beaucoup autres mots numero{n}") for n in range(6)),
    ]
    index = LanguageIndex("fr", documents, {})
    found = index.scores("papiers", limit=None)
    assert max(found.items(), key=lambda i: i[1])[0] == "papers.short"
    assert len(found) <= 2
