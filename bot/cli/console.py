"""The console chat (`python -m bot chat`): associations try the knowledge base here,
with exactly the engine and the replies of the Telegram bot, without Telegram.
"""

from __future__ import annotations

from typing import TextIO

from bot.core.engine import Engine
from bot.core.i18n import language_name, translator
from bot.core.render import Choice, Reply, render_outcome, render_topic
from bot.knowledge.model import LANGUAGES

PROMPT = "> "


def run_chat(engine: Engine, lang: str | None, lines: TextIO, out: TextIO) -> None:
    """Answer each line of `lines` until it ends or the person types /quit."""
    chat = ConsoleChat(engine, lang, out)
    chat.greet()
    for line in lines:
        if not chat.take(line.strip()):
            break
        out.write(PROMPT)
        out.flush()


PRIVACY_TOPIC = "bot.privacy"


class ConsoleChat:
    """One console conversation: the language, the last choices offered, the last detail."""

    def __init__(self, engine: Engine, lang: str | None, out: TextIO):
        self.engine = engine
        self.lang = lang
        self.out = out
        self.choices: tuple[Choice, ...] = ()
        self.more = ""

    def greet(self) -> None:
        names = ", ".join(f"{code} ({language_name(code)})" for code in LANGUAGES)
        self.out.write(
            "Relais — console chat. Type a question. Commands: /help (subjects), "
            f"/lang CODE ({names}), more (details), a number (a choice), /quit.\n{PROMPT}"
        )
        self.out.flush()

    def take(self, line: str) -> bool:
        """Answer one line; False when the conversation ends."""
        if line in {"/quit", "/exit"}:
            return False
        if line.startswith("/lang"):
            self._set_language(line.removeprefix("/lang").strip())
        elif line == "/help":
            self._show_subjects()
        elif line == "/start":
            self.greet()
        elif line in {"/forget", "/erase"}:
            self._say("The console chat keeps nothing: there is nothing to delete.")
        elif line == "/privacy" and self.engine.kb.has_topic(PRIVACY_TOPIC):
            topic = self.engine.kb.topic(PRIVACY_TOPIC)
            self._show(render_topic(self.engine.kb, topic, self._lang(), translator(self._lang())))
        elif line.startswith("/"):
            self._say("/help /lang /privacy /forget /erase /start /quit")
        elif line.lower() in {"more", "+", "plus"} and self.more:
            self._say(self.more)
        elif line.isdigit() and 0 < int(line) <= len(self.choices):
            topic = self.engine.kb.topic(self.choices[int(line) - 1].topic)
            self._show(render_topic(self.engine.kb, topic, self._lang(), translator(self._lang())))
        elif line:
            outcome = self.engine.handle(line, self.lang)
            self._show(render_outcome(self.engine.kb, outcome, translator(outcome.lang)))
        return True

    def _lang(self) -> str:
        return self.lang or "fr"

    def _set_language(self, code: str) -> None:
        if code in LANGUAGES:
            self.lang = code
            self._say(f"→ {language_name(code)}")
        else:
            self._say("/lang " + " | ".join(LANGUAGES))

    def _show_subjects(self) -> None:
        from bot.core.render import topic_title

        topics = self.engine.kb.topics
        self.choices = tuple(Choice(t.id, topic_title(t, self._lang())) for t in topics)
        self._say("\n".join(f"{n}. {c.title}" for n, c in enumerate(self.choices, 1)))

    def _show(self, reply: Reply) -> None:
        self._say(reply.text)
        self.more = "\n\n".join(part for part in (reply.more, reply.others, reply.card) if part)
        if reply.choices:
            self.choices = reply.choices
        if self.more:
            _ = translator(reply.lang)
            self._say("… " + _("Type 'more' for details."))

    def _say(self, text: str) -> None:
        self.out.write(text + "\n")
