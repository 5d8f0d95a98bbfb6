"""The human relay: an unanswered question goes, scrubbed, to the moderators' group; a
moderator's reply to that post goes back to the person. Moderators never see who wrote:
the post carries only the question number."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.hours import today_in_france
from bot.core.outcome import Outcome
from bot.settings import Settings
from bot.store.database import Store
from bot.store.pseudonyms import pseudonym, scrub_personal_data
from bot.telegram.callbacks import Moderation


@dataclass
class Relay:
    store: Store
    settings: Settings

    @property
    def enabled(self) -> bool:
        return self.settings.moderator_chat_id is not None

    def is_moderator(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.moderator_ids

    def moderator_code(self, telegram_id: int) -> str:
        return pseudonym(telegram_id, self.settings.pseudonym_secret)[:12]

    async def pass_on(
        self, bot: Bot, person: str, chat_id: int, text: str, outcome: Outcome
    ) -> int:
        """Keep the question scrubbed and post it to the moderators; returns its number."""
        scrubbed = scrub_personal_data(text)
        candidates = [{"topic": c.topic, "score": c.score} for c in outcome.candidates]
        number = await asyncio.to_thread(
            self.store.add_question,
            person,
            outcome.lang,
            scrubbed,
            candidates,
            chat_id,
            self.settings.relay_ttl_days,
        )
        if self.settings.moderator_chat_id is not None:
            post = await bot.send_message(
                self.settings.moderator_chat_id,
                f"❓ #{number} [{outcome.lang}]\n{scrubbed}\n\n"
                + "\n".join(f"• {c.topic} ({c.score:.2f})" for c in outcome.candidates),
                reply_markup=moderation_keyboard(number, [c.topic for c in outcome.candidates]),
            )
            await asyncio.to_thread(self.store.set_post, number, post.message_id)
        return number

    async def purge_daily(self) -> None:
        """Delete old questions at start, then every day, for as long as the bot runs."""
        while True:
            await asyncio.to_thread(
                self.store.purge, self.settings.retention_days, today_in_france()
            )
            await asyncio.sleep(24 * 3600)


def moderation_keyboard(number: int, topics: list[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=f"✅ {topic}",
                callback_data=Moderation(action="assign", question=number, topic=topic).pack(),
            )
        ]
        for topic in topics
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text="🔎 topic", callback_data=Moderation(action="search", question=number).pack()
            ),
            InlineKeyboardButton(
                text="🗑️ dismiss", callback_data=Moderation(action="dismiss", question=number).pack()
            ),
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)
