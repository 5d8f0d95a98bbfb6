"""Callback data of the inline buttons (each under Telegram's 64-byte limit)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="l"):
    code: str


class TopicChoice(CallbackData, prefix="t"):
    topic: str


class CategoryChoice(CallbackData, prefix="c"):
    category: str


class MoreDetail(CallbackData, prefix="m"):
    topic: str


class ForgetChoice(CallbackData, prefix="f"):
    confirm: bool


class MenuChoice(CallbackData, prefix="menu"):
    pass


class Moderation(CallbackData, prefix="q"):
    # assign (send a topic), search, category, orgs, ready (a ready reply), dismiss
    action: str
    question: int
    topic: str = ""  # a topic id, a category or a ready reply's name
    org: str = ""  # the organisation a ready reply names


class Erase(CallbackData, prefix="e"):
    pass


class OtherContacts(CallbackData, prefix="o"):
    topic: str


class StaffCard(CallbackData, prefix="s"):
    topic: str


class NearMe(CallbackData, prefix="n"):
    topic: str


class AskPerson(CallbackData, prefix="a"):
    pass


class Feedback(CallbackData, prefix="h"):
    topic: str
    helpful: bool


class EraseChoice(CallbackData, prefix="ec"):
    confirm: bool


class LanguageMenu(CallbackData, prefix="lm"):
    pass
