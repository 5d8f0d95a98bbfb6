"""Inline keyboards: a person who cannot type can still find everything by tapping."""

from __future__ import annotations

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.core.i18n import Gettext, language_name
from bot.core.render import Choice, category_name, topic_title
from bot.knowledge.model import LANGUAGES, KnowledgeBase
from bot.telegram.callbacks import (
    AskPerson,
    CategoryChoice,
    Erase,
    EraseChoice,
    Feedback,
    ForgetChoice,
    LanguageChoice,
    MenuChoice,
    MoreDetail,
    NearMe,
    OtherContacts,
    StaffCard,
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
    topic: str | None,
    has_more: bool,
    switch_to: str | None,
    _: Gettext,
    has_others: bool = False,
    has_card: bool = False,
) -> InlineKeyboardMarkup:
    """Under an answer: what is one tap away (details, other contacts, the card for the
    staff, places near me), a person, 👍 / 👎, a language switch when the language was
    changed automatically, and the menu."""
    rows = []
    if topic:
        details = []
        if has_more:
            details.append(_button("➕ " + _("More"), MoreDetail(topic=topic).pack()))
        if has_others:
            details.append(_button("👥 " + _("Other contacts"), OtherContacts(topic=topic).pack()))
        places = [_button("📍 " + _("Near me"), NearMe(topic=topic).pack())]
        if has_card:
            places.insert(0, _button("🪪 " + _("Show to staff"), StaffCard(topic=topic).pack()))
        rows += [row for row in (details, places) if row]
    rows.append([_button("💬 " + _("Ask a person"), AskPerson().pack())])
    if topic:
        rows.append(
            [
                _button("👍", Feedback(topic=topic, helpful=True).pack()),
                _button("👎", Feedback(topic=topic, helpful=False).pack()),
            ]
        )
    if switch_to:
        rows.append(
            [_button("🌐 " + language_name(switch_to), LanguageChoice(code=switch_to).pack())]
        )
    if not topic:  # not understood: perhaps another language, so offer them all
        rows.extend(languages_keyboard().inline_keyboard)
    rows.append(
        [
            _button("☰ " + _("Menu"), MenuChoice().pack()),
            _button("🧹 " + _("Erase"), Erase().pack()),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def ask_keyboard(_: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button("💬 " + _("Ask a person"), AskPerson().pack())]]
    )


def near_me_keyboard(_: Gettext) -> ReplyKeyboardMarkup:
    """One button that shares the phone's location (the person still confirms it)."""
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📍 " + _("Share my location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def erase_keyboard(_: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button("🧹 " + _("Yes, erase"), EraseChoice(confirm=True).pack()),
                _button(_("No"), EraseChoice(confirm=False).pack()),
            ]
        ]
    )


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


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
