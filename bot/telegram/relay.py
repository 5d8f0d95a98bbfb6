"""The human relay: an unanswered question goes, scrubbed, to the moderators' group; a
moderator's answer to that post (their own words, a topic's answer or a ready reply) goes
back to the person in their language; the person's Telegram "Reply" to it joins the same
thread. Moderators never see who wrote: the post carries only the question number.

Each way is a unit that a crash cannot break, as every step is found again by the update
that started it. A question: kept (once per update) → posted → its post linked; the same
update delivered again finds the question and posts it only if it has no post yet. An
answer: its question closed and the delivery owed, in one transaction → sent → the post
shown handled (an edit, safe to repeat) → the delivery done, with its thread. At start,
`finish_unfinished` posts questions kept but not posted and sends the answers owed (a
moderator's own words are copied from the moderators' group: only ids are kept).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from aiogram.utils.i18n import I18n

from bot.core.hours import today_in_france
from bot.core.i18n import Gettext, language_name
from bot.core.outcome import Outcome
from bot.core.render import contact_line, render_topic, topic_title
from bot.knowledge.model import ORGANISATION_MARK, KnowledgeBase
from bot.knowledge.suggestions import add_suggestion, remove_suggestion
from bot.settings import Settings
from bot.store.database import Delivery, Handling, Question, Store
from bot.store.health import StorageError, StoreHealth
from bot.store.pseudonyms import pseudonym, scrub_personal_data
from bot.telegram.callbacks import Moderation
from bot.telegram.replies import split_message

log = logging.getLogger("relais.relay")
DELETED = "[deleted at the person's request]"
POST_NUMBER = re.compile(r"(?:❓|↩️) #(\d+) ")
MODERATORS_LANGUAGE = "fr"  # the moderators are French associations: names and titles in French


@dataclass
class Relay:
    store: Store
    settings: Settings
    health: StoreHealth = field(default_factory=StoreHealth)
    # The knowledge base in use (it changes on /reload): topics and ready replies to send.
    knowledge: Callable[[], KnowledgeBase | None] = lambda: None

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
        self,
        bot: Bot,
        person: str,
        chat_id: int,
        text: str,
        outcome: Outcome,
        update_id: int,
        thread: Question | None = None,
    ) -> int | None:
        """Keep the question scrubbed and post it to the moderators; returns its number,
        or None when the database cannot keep it (the person is then told nothing was
        passed on). With `thread`, the message continues that question's thread: it is
        posted as a reply to the question's post."""
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
                parent=thread.id if thread else None,
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
        parent = self.store.question(question.parent) if question.parent else None
        kb = self.knowledge()
        post = await bot.send_message(
            self.settings.moderator_chat_id,
            post_text(question, kb),
            reply_markup=moderation_keyboard(question, kb),
            reply_parameters=ReplyParameters(
                message_id=parent.post_id, allow_sending_without_reply=True
            )
            if parent and parent.post_id
            else None,
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

    def start(
        self,
        update_id: int,
        question: Question,
        handling: Handling,
        message_id: int = 0,
        kind: str = "reply",
        ref: str = "",
        org: str = "",
    ) -> Delivery:
        """Close `question` and owe its person an answer, in one transaction (see the
        module); with a failing database the person still gets the answer."""
        try:
            delivery = self.store.start_delivery(
                update_id, question, message_id, handling, kind, ref, org
            )
            self.store.audit(handling.moderator, kind, question.id)
            return delivery
        except StorageError as error:
            self.health.failed(error)
            return Delivery(
                update_id,
                question.id,
                question.chat_id or 0,
                question.lang,
                message_id,
                kind,
                ref,
                org,
            )

    async def deliver(self, bot: Bot, delivery: Delivery, text: str | None, i18n: I18n) -> None:
        """Send an answer to its person in their language, show its post handled, then
        mark it done. Without `text` (after a restart) a moderator's own words are copied
        from the moderators' group."""
        _ = partial(i18n.gettext, locale=delivery.lang)
        sent = await self._send(bot, delivery, text, _)
        question = await asyncio.to_thread(self.store.question, delivery.question)
        if question is not None:
            await _logged(self.show_handled(bot, question))
        try:
            finished = await asyncio.to_thread(
                self.store.finish_delivery,
                delivery.update_id,
                sent,
                self.settings.relay_ttl_days,
            )
            if finished:
                await asyncio.to_thread(self._count, delivery, question)
        except StorageError as error:
            self.health.failed(error)

    async def _send(self, bot: Bot, delivery: Delivery, text: str | None, _: Gettext) -> list[int]:
        """The messages of one answer, sent; returns their ids in the person's chat."""
        header = _("💬 A volunteer from an association writes to you:")
        chat = delivery.chat_id
        if delivery.kind == "reply":
            header += "\n" + _("Their message may be in French.")
            if text is not None:
                return [(await bot.send_message(chat, f"{header}\n\n{text}")).message_id]
            first = await bot.send_message(chat, header)
            copy = await bot.copy_message(
                chat, self.settings.moderator_chat_id or 0, delivery.message_id
            )
            return [first.message_id, copy.message_id]
        body = self._body(delivery, _)
        if body is None:
            log.warning("an answer owed is no longer in the knowledge base")
            return []
        return [
            (await bot.send_message(chat, part, disable_web_page_preview=True)).message_id
            for part in split_message(f"{header}\n\n{body}")
        ]

    def _body(self, delivery: Delivery, _: Gettext) -> str | None:
        """The text of a topic or a ready reply in the person's language."""
        kb = self.knowledge()
        if kb is None:
            return None
        if delivery.kind == "topic":
            if not kb.has_topic(delivery.ref):
                return None
            return render_topic(kb, kb.topic(delivery.ref), delivery.lang, _).text
        ready = kb.reply(delivery.ref)
        if ready is None:
            return None
        text = ready.text(delivery.lang)
        org = kb.organisations.get(delivery.org)
        contact = contact_line(org, delivery.lang, _) if org else ""
        return text.replace(ORGANISATION_MARK, contact).strip()

    def _count(self, delivery: Delivery, question: Question | None) -> None:
        """A human reply reached a person: counted per day, topic and language, and the
        wait in a band (tied to nobody)."""
        day = today_in_france()
        self.store.counts.add(
            "human_reply", delivery.ref if delivery.kind == "topic" else None, delivery.lang, day
        )
        if question is not None and question.asked_at:
            asked = dt.datetime.fromisoformat(question.asked_at)
            hours = (dt.datetime.now(dt.UTC) - asked).total_seconds() / 3600
            self.store.counts.add_reply_time(hours, day)

    async def show_handled(self, bot: Bot, question: Question) -> None:
        """The question's post without its buttons, saying who handled it and how. Safe
        to repeat: the post is written again from the question."""
        if question.post_id is None or self.settings.moderator_chat_id is None:
            return
        await bot.edit_message_text(
            post_text(question, self.knowledge()),
            chat_id=self.settings.moderator_chat_id,
            message_id=question.post_id,
            reply_markup=None,
        )

    async def send_topic(
        self, bot: Bot, i18n: I18n, question: Question, topic: str, moderator: str, update_id: int
    ) -> None:
        """The topic's answer goes to the person in their language; the question becomes
        a suggested example of the topic. A person who can no longer be reached (the
        relay time is over) gets nothing, and the question is filed under the topic."""
        await asyncio.to_thread(
            add_suggestion,
            self.settings.knowledge_dir,
            topic,
            question.lang,
            question.text,
            today_in_france(),
        )
        if question.chat_id is None:
            handling = Handling(moderator, f"filed under {topic}")
            await asyncio.to_thread(
                self.store.close_question, question.id, "assigned", topic, handling
            )
            await asyncio.to_thread(self.store.audit, moderator, "assign", question.id)
            closed = await asyncio.to_thread(self.store.question, question.id)
            await _logged(self.show_handled(bot, closed or question))
            return
        handling = Handling(moderator, f"sent topic {topic}")
        delivery = await asyncio.to_thread(
            self.start, update_id, question, handling, kind="topic", ref=topic
        )
        await self.deliver(bot, delivery, None, i18n)

    async def send_ready(
        self,
        bot: Bot,
        i18n: I18n,
        question: Question,
        reply: str,
        org: str,
        moderator: str,
        update_id: int,
    ) -> None:
        how = f"ready reply {reply}" + (f" ({org})" if org else "")
        delivery = await asyncio.to_thread(
            self.start,
            update_id,
            question,
            Handling(moderator, how),
            kind="ready",
            ref=reply,
            org=org,
        )
        await self.deliver(bot, delivery, None, i18n)

    async def dismiss(self, bot: Bot, question: Question, moderator: str) -> None:
        handling = Handling(moderator, "dismissed")
        await asyncio.to_thread(self.store.close_question, question.id, "dismissed", None, handling)
        await asyncio.to_thread(self.store.audit, moderator, "dismiss", question.id)
        closed = await asyncio.to_thread(self.store.question, question.id)
        await _logged(self.show_handled(bot, closed or question))

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
            if question.topic:  # filed under a topic, or sent it: a suggestion waits
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


def post_text(question: Question, kb: KnowledgeBase | None) -> str:
    """The post of a question: its number, the person's language in words, the scrubbed
    text, the bot's candidate topics by title, and once handled, who handled it and how."""
    language = f"{language_name(question.lang, MODERATORS_LANGUAGE)} ({question.lang})"
    if question.parent is None:
        head = f"❓ #{question.id} · {language}"
    else:
        head = f"↩️ #{question.id} · {language} · reply in the thread of #{question.parent}"
    candidates = "\n".join(
        f"• {_title(kb, c['topic'])} ({c['score']:.2f})" for c in question.candidates
    )
    text = f"{head}\n{question.text}"
    if candidates:
        text += f"\n\n{candidates}"
    if question.handled_how:
        text += f"\n\n✔️ {question.handled_how} · 👤 {question.handled_by}"
    return text


def _title(kb: KnowledgeBase | None, topic: str) -> str:
    if kb is None or not kb.has_topic(topic):
        return topic
    return topic_title(kb.topic(topic), MODERATORS_LANGUAGE)


async def _logged(step: object) -> None:
    """A recovery step that fails (a post deleted, Telegram down) is logged and skipped:
    the others still run."""
    try:
        await step  # type: ignore[misc]
    except Exception as error:
        log.warning("a relay step failed", extra={"reason": type(error).__name__})


def moderation_keyboard(question: Question, kb: KnowledgeBase | None) -> InlineKeyboardMarkup:
    """Under a question: send a candidate topic, look for another, a ready reply, dismiss."""
    number = question.id

    def button(text: str, action: str, topic: str = "") -> InlineKeyboardButton:
        data = Moderation(action=action, question=number, topic=topic).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    rows = [
        [button(f"📨 {_title(kb, c['topic'])}", "assign", c["topic"])]
        for c in question.candidates
        if kb is None or kb.has_topic(c["topic"])
    ]
    rows.append([button("🔎 Send topic…", "search")])
    rows.extend(
        [button(ready.button, "orgs" if ready.needs_organisation else "ready", ready.id)]
        for ready in (kb.replies if kb else ())
    )
    rows.append([button("🗑️ Dismiss", "dismiss")])
    return InlineKeyboardMarkup(inline_keyboard=rows)
