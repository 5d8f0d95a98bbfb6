"""The human relay: an unanswered question goes, scrubbed, to the moderators' group; a
moderator's reply to that post goes back to the person. Moderators never see who wrote:
the post carries only the question number.

Each way is a unit that a crash cannot break, as every step is found again by the update
that started it. A question: kept (once per update) → posted → its post linked; the same
update delivered again finds the question and posts it only if it has no post yet. A
reply: its question closed and the delivery owed, in one transaction → sent → the
delivery done. At start, `finish_unfinished` posts questions kept but not posted and
sends the replies owed (copied from the moderators' group: only ids are kept).
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n

from bot.core.hours import today_in_france
from bot.core.outcome import Outcome
from bot.knowledge.suggestions import remove_suggestion
from bot.settings import Settings
from bot.store.database import Delivery, Question, Store
from bot.store.health import StorageError, StoreHealth
from bot.store.pseudonyms import pseudonym, scrub_personal_data
from bot.telegram.callbacks import Moderation

log = logging.getLogger("relais.relay")
DELETED = "[deleted at the person's request]"
POST_NUMBER = re.compile(r"❓ #(\d+) ")


@dataclass
class Relay:
    store: Store
    settings: Settings
    health: StoreHealth = field(default_factory=StoreHealth)

    @property
    def bot_id(self) -> int:
        """The bot's own Telegram id: the number before the colon of its token."""
        return int(self.settings.bot_token.partition(":")[0] or 0)

    @property
    def enabled(self) -> bool:
        return self.settings.moderator_chat_id is not None

    def is_moderator(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.moderator_ids

    def moderator_code(self, telegram_id: int) -> str:
        return pseudonym(telegram_id, self.settings.pseudonym_secret)[:12]

    async def pass_on(
        self, bot: Bot, person: str, chat_id: int, text: str, outcome: Outcome, update_id: int
    ) -> int | None:
        """Keep the question scrubbed and post it to the moderators; returns its number,
        or None when the database cannot keep it (the person is then told nothing was
        passed on)."""
        candidates = [{"topic": c.topic, "score": c.score} for c in outcome.candidates]
        try:
            number = await asyncio.to_thread(
                self.store.add_question,
                person,
                outcome.lang,
                scrub_personal_data(text),
                candidates,
                chat_id,
                self.settings.relay_ttl_days,
                update_id=update_id,
            )
            question = self.store.question(number)
        except StorageError as error:
            self.health.failed(error)
            return None
        self.health.worked()
        if question is not None and question.post_id is None:
            await self._post(bot, question)
        return number

    async def _post(self, bot: Bot, question: Question) -> None:
        if self.settings.moderator_chat_id is None:
            return
        post = await bot.send_message(
            self.settings.moderator_chat_id,
            post_text(question),
            reply_markup=moderation_keyboard(
                question.id, [c["topic"] for c in question.candidates]
            ),
        )
        # Linked at once, in the event loop: the shorter the time between the post and
        # its link, the smaller the chance that a crash posts the question twice.
        try:
            self.store.set_post(question.id, post.message_id)
        except StorageError as error:
            self.health.failed(error)

    def question_replied_to(self, post: Message) -> Question | None:
        """The question of a post in the moderators' group: by the post's id, or else by
        the number the post shows, if the bot wrote it. A crash between posting and
        linking posts a question twice, with one post linked: a reply to the other one
        still reaches the person."""
        question = self.store.question_for_post(post.message_id)
        if question is not None:
            return question
        if post.from_user is None or post.from_user.id != self.bot_id:
            return None
        number = POST_NUMBER.match(post.text or "")
        return self.store.question(int(number[1])) if number else None

    async def deliver(self, bot: Bot, delivery: Delivery, text: str | None, i18n: I18n) -> None:
        """Send a moderator's reply to its person, then mark it done. Without `text`
        (after a restart) the reply is copied from the moderators' group."""
        header = i18n.gettext("💬 A person from an association answers you:", locale=delivery.lang)
        if text is not None:
            await bot.send_message(delivery.chat_id, f"{header}\n\n{text}")
        else:
            await bot.send_message(delivery.chat_id, header)
            await bot.copy_message(
                delivery.chat_id, self.settings.moderator_chat_id or 0, delivery.message_id
            )
        try:
            self.store.finish_delivery(delivery.update_id)
        except StorageError as error:
            self.health.failed(error)

    async def finish_unfinished(self, bot: Bot, i18n: I18n) -> None:
        """What a crash left half done: questions kept but not posted, replies owed."""
        if not self.enabled:
            return
        for question in await asyncio.to_thread(self.store.unposted):
            await _logged(self._post(bot, question))
        for delivery in await asyncio.to_thread(self.store.deliveries):
            await _logged(self.deliver(bot, delivery, None, i18n))

    async def forget(self, bot: Bot, person: str) -> None:
        """Undo the person's traces outside the database before it forgets them: their
        posts in the moderators' group say they were deleted, and their questions still
        waiting for review leave the suggestions."""
        try:
            questions = await asyncio.to_thread(self.store.questions_of, person)
        except StorageError as error:
            self.health.failed(error)
            return
        for question in questions:
            if question.post_id is not None and self.settings.moderator_chat_id is not None:
                await _logged(
                    bot.edit_message_text(
                        DELETED,
                        chat_id=self.settings.moderator_chat_id,
                        message_id=question.post_id,
                        reply_markup=None,
                    )
                )
            if question.status == "assigned" and question.topic:
                await asyncio.to_thread(
                    remove_suggestion,
                    self.settings.knowledge_dir,
                    question.topic,
                    question.lang,
                    question.text,
                )

    async def purge_daily(self) -> None:
        """Delete old questions at start, then every day, for as long as the bot runs."""
        while True:
            try:
                await asyncio.to_thread(
                    self.store.purge, self.settings.retention_days, today_in_france()
                )
            except StorageError as error:
                self.health.failed(error)
            await asyncio.sleep(24 * 3600)


def post_text(question: Question) -> str:
    candidates = "\n".join(f"• {c['topic']} ({c['score']:.2f})" for c in question.candidates)
    return f"❓ #{question.id} [{question.lang}]\n{question.text}\n\n{candidates}"


async def _logged(step: object) -> None:
    """A recovery step that fails (a post deleted, Telegram down) is logged and skipped:
    the others still run."""
    try:
        await step  # type: ignore[misc]
    except Exception as error:  # noqa: BLE001 (any failure: the bot must still start)
        log.warning("a relay step failed", extra={"reason": type(error).__name__})


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
