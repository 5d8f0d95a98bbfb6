"""Follow-ups: a short message that goes on from the last answer ("where?", "closest?",
"and in Lyon?", a city named alone, "ok thanks") instead of asking something new.

The shell remembers the last topic for a short while; this module only reads a message
and says whether it asks where that topic's help is, or whether it is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.core.ordinary import common_words
from bot.core.text import CJK, Folded, fold, tokens
from bot.knowledge.model import LANGUAGES

FOLLOW_UP_WORDS = 9  # a longer message is a question of its own
# Words this short, or this frequent in one of the nine languages (zipf 5.5: "plus",
# "sunt", "est", "the"), are grammar: a follow-up with only such words left once its
# place and question words are out asks nothing new ("le plus proche ?").
SHORT_WORD = 3
GRAMMAR_ZIPF = 5.5
# Words that ask where, or how near, in the nine languages and the way people chat.
WHERE = (
    "ou", "pres", "proche", "plus proche", "adresse", "where", "wia", "which side", "closest",
    "nearest", "near", "address", "donde", "cerca", "cercano", "direccion", "onde", "perto",
    "proximo", "endereco", "unde", "aproape", "adresa", "kade", "kude", "където", "къде",
    "близо", "най-близо", "адрес", "где", "рядом", "ближе", "ближайший", "ближайшая", "gde",
    "哪里", "哪儿", "在哪", "最近", "附近", "地址", "اين", "أين", "وين", "فين", "قريب", "أقرب",
    "اقرب", "عنوان", "fin", "win",
)  # fmt: skip
# Darija written in Latin letters asks "where" with words that mean something else in
# French, Spanish or English ("fin": the end): they make a follow-up, never a message safe.
AMBIGUOUS = ("fin", "win")
FREE = (
    "gratuit", "gratuite", "payant", "free", "pay", "gratis", "gratuito", "gratuita",
    "pagar", "безплатно", "бесплатно", "платно", "免费", "收费", "مجاني", "مجانا", "بلاش",
)  # fmt: skip
# Thanks, and the words that go with it ("merci beaucoup", "ok thanks a lot").
THANKS = (
    "merci", "mrc", "mci", "thanks", "thank you", "thank", "thx", "tnx", "ty", "tank you",
    "gracias", "grasias", "obrigado", "obrigada", "brigado", "brigada", "obg", "multumesc",
    "mersi", "mulțumesc", "mulțam", "multam", "благодаря", "мерси", "blagodarya",
    "blagodarq", "спасибо", "спс", "spasibo", "spasiba", "sps", "谢谢", "多谢", "感谢",
    "谢了", "xiexie", "xie xie", "شكرا", "شكراً", "شكرًا", "choukran", "chokran", "shukran",
    "shokran", "chukran", "ميرسي",
)  # fmt: skip
THANKS_MORE = (
    "beaucoup", "bcp", "infiniment", "ok", "okay", "oki", "dac", "accord", "super", "top",
    "cool", "parfait", "lot", "much", "very", "so", "great", "good", "nice", "perfect",
    "muchas", "mil", "muito", "muita", "mult", "много", "mnogo", "большое", "огромное",
    "bolshoe", "非常", "太", "好", "جزيلا", "بزاف", "bezaf", "bzaf", "bzf", "ktir", "kteer",
    "3afak", "bien", "vous", "you",
)  # fmt: skip


@dataclass(frozen=True)
class Wording:
    """The follow-up words, folded as the engine compares them."""

    where: frozenset[str]
    free: frozenset[str]
    thanks: frozenset[str]
    thanks_more: frozenset[str]

    @classmethod
    def default(cls) -> Wording:
        return cls(_keys(WHERE), _keys(FREE), _keys(THANKS), _keys(THANKS_MORE))

    @property
    def plain(self) -> frozenset[str]:
        """The follow-up words that can mean nothing else."""
        return (self.where | self.free) - _keys(AMBIGUOUS)


def _keys(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(" ".join(tokens(fold(word))) for word in words)


def says_any(text: Folded, keys: frozenset[str]) -> bool:
    """Whether one of `keys` (a word, or words in a row) is in the message."""
    words = text.words
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            if " ".join(words[start : start + size]) in keys:
                return True
    return False


def without(text: Folded, keys: frozenset[str]) -> str:
    """The message with the words of `keys` taken out, a key of several words ("plus
    proche", "哪 里": Chinese is read a character at a time) with all of them."""
    words, kept, start = text.words, [], 0
    while start < len(words):
        size = next((n for n in (3, 2, 1) if " ".join(words[start : start + n]) in keys), 0)
        if size:
            start += size
        else:
            kept.append(words[start])
            start += 1
    return " ".join(kept)


def is_short(text: Folded) -> bool:
    return len(text.words) <= FOLLOW_UP_WORDS


def is_grammar(word: str) -> bool:
    """A word that says nothing about a subject: very short, or among the most frequent
    words of one of the nine languages. A Chinese character is a word of its own ("饿",
    hungry): only frequency makes it grammar."""
    return (len(word) <= SHORT_WORD and not CJK.search(word)) or word in grammar_words()


@cache
def grammar_words() -> frozenset[str]:
    """The most frequent words of the nine languages, folded as the engine reads them."""
    return frozenset(
        key
        for lang in LANGUAGES
        for word in common_words(lang, GRAMMAR_ZIPF)
        for key in tokens(fold(word))
    )
