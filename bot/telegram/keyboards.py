"""Inline keyboards: a person who cannot type can still find everything by tapping."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.core.i18n import Gettext, language_name
from bot.core.render import Choice, category_name, topic_title
from bot.knowledge.model import LANGUAGES, KnowledgeBase
from bot.telegram.callbacks import (
    CategoryChoice,
    Erase,
    ForgetChoice,
    LanguageChoice,
    MenuChoice,
    MoreDetail,
    TopicChoice,
)

CATEGORY_ICONS = {
    "safety": "🚨",
    "basic_needs": "🛏️",
    "health": "🏥",
    "legal": "⚖️",
    "papers": "📄",
    "life": "🌱",
    "bot": "💬",
}


def languages_keyboard() -> InlineKeyboardMarkup:
    """The nine languages, each in its own name."""
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        builder.button(text=language_name(code), callback_data=LanguageChoice(code=code))
    builder.adjust(3)
    return builder.as_markup()


def categories_keyboard(kb: KnowledgeBase, _: Gettext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for category in dict.fromkeys(t.category for t in kb.topics):
        builder.button(
            text=f"{CATEGORY_ICONS.get(category, '•')} {category_name(category, _)}",
            callback_data=CategoryChoice(category=category),
        )
    builder.adjust(2)
    return builder.as_markup()


def topics_keyboard(
    kb: KnowledgeBase, category: str, lang: str, _: Gettext
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for topic in kb.topics:
        if topic.category == category:
            builder.button(text=topic_title(topic, lang), callback_data=TopicChoice(topic=topic.id))
    builder.button(text="⬅️ " + _("Menu"), callback_data=MenuChoice())
    builder.adjust(1)
    return builder.as_markup()


def choices_keyboard(choices: tuple[Choice, ...], _: Gettext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in choices:
        builder.button(text=choice.title, callback_data=TopicChoice(topic=choice.topic))
    builder.button(text="☰ " + _("Menu"), callback_data=MenuChoice())
    builder.adjust(1)
    return builder.as_markup()


def answer_keyboard(
    topic: str | None, has_more: bool, switch_to: str | None, _: Gettext
) -> InlineKeyboardMarkup:
    """Under an answer: details, a language switch when the message was in another
    language, and the menu."""
    rows = []
    if has_more and topic:
        rows.append(
            [
                InlineKeyboardButton(
                    text="➕ " + _("More"), callback_data=MoreDetail(topic=topic).pack()
                )
            ]
        )
    if switch_to:
        rows.append(
            [
                InlineKeyboardButton(
                    text="🌐 " + language_name(switch_to),
                    callback_data=LanguageChoice(code=switch_to).pack(),
                )
            ]
        )
    if not topic:  # not understood: perhaps another language, so offer them all
        rows.extend(languages_keyboard().inline_keyboard)
    rows.append(
        [
            InlineKeyboardButton(text="☰ " + _("Menu"), callback_data=MenuChoice().pack()),
            InlineKeyboardButton(text="🧹 " + _("Erase"), callback_data=Erase().pack()),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def forget_keyboard(_: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text="🗑️ " + _("Yes, delete"), callback_data=ForgetChoice(confirm=True).pack()
                ),
                InlineKeyboardButton(
                    text=_("No"), callback_data=ForgetChoice(confirm=False).pack()
                ),
            ]
        ]
    )
