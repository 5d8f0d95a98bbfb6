"""A conversation, end to end over the fake Bot API: follow-ups after an answer, a shared
location, "Ask a person", 👍 / 👎, the SMS to copy, and nothing of it on disk."""

import asyncio
from pathlib import Path

from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.core.i18n import translator
from bot.knowledge.model import phone_numbers
from bot.telegram.callbacks import AskPerson, Feedback
from tests.telegram_harness import running_bot
from tests.test_moderation_e2e import GROUP, MODERATOR, PERSON, copy_knowledge, moderated

PARIS = (48.8566, 2.3522)


def buttons(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def to_person(bot) -> list[dict]:
    return [m for m in bot.api.sent() if m["chat_id"] == str(PERSON)]


async def test_closest_after_a_pep_answer_with_a_city_gives_pep_places_there(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("capote cassée il y a 2 heures, je suis à Paris", user_id=PERSON)
        [answer] = await bot.api.wait_sent(1)
        assert "TPE" in answer["text"]
        bot.api.send("le plus proche ?", user_id=PERSON)
        replies = await bot.api.wait_sent(2)
        near = replies[-1]["text"]
        pep_in_paris = [
            org.name
            for org, _km in engine.nearest(PARIS)
            if org.serves_topic("health.pep") and org.city == "Paris"
        ]
        assert pep_in_paris and any(name in near for name in pep_in_paris)
        assert "Paris" in near and " km" in near


async def test_a_romanian_follow_up_in_lyon_stays_on_pep(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("s-a rupt prezervativul acum 3 ore", user_id=PERSON, language_code="ro")
        await bot.api.wait_sent(1)
        bot.api.send("unde e cel mai aproape? sunt in lyon", user_id=PERSON, language_code="ro")
        replies = await bot.api.wait_sent(2)
        title = engine.kb.topic("health.pep").text("ro").title
        assert "Lyon" in replies[-1]["text"]
        assert title in replies[-1]["text"] or "0 800 840 800" in replies[-1]["text"]
        shower = engine.kb.topic("hygiene").text("ro").answer.splitlines()[0]
        assert shower not in replies[-1]["text"]


async def test_a_shared_location_after_a_topic_gives_its_nearest_contacts(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("je veux faire un dépistage du VIH", user_id=PERSON)
        await bot.api.wait_sent(1)
        bot.api.send(user_id=PERSON, location={"latitude": PARIS[0], "longitude": PARIS[1]})
        replies = await bot.api.wait_sent(2)
        near = replies[-1]["text"]
        testing = [org for org, _km in engine.nearest(PARIS) if org.serves_topic("health.testing")]
        shown = [org for org in testing if f"🤝 {org.name} ·" in near]
        assert shown, near
        assert "📞" in near and "🕘" in near  # a phone to call, and whether it is open


async def test_ask_a_person_reaches_the_moderators_and_their_reply_the_person(
    engine: Engine, tmp_path: Path
) -> None:
    from tests.test_moderation_e2e import group_reply

    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send("ou dormir ce soir avec mon fils de 3 ans", user_id=PERSON)
        [answer] = await bot.api.wait_sent(1)
        assert AskPerson().pack() in [b["callback_data"] for b in buttons(answer)]
        bot.api.tap(AskPerson().pack(), user_id=PERSON)
        await bot.api.wait_sent(3)
        [post] = [
            c
            for c in bot.api.calls
            if c.method == "sendMessage" and c.params["chat_id"] == str(GROUP)
        ]
        assert "dormir ce soir" in post.params["text"]
        when = translator("fr")(
            "They answer on working days, when they can. They never see your name."
        )
        assert when in to_person(bot)[-1]["text"]
        group_reply(
            bot, "Appelez le 115 à 9 h, ils ont des places pour les mères.", post.result, MODERATOR
        )
        await bot.api.wait_sent(5)
        assert "places pour les mères" in to_person(bot)[-1]["text"]


async def test_ask_a_person_without_moderators_gives_phone_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_sent(1)
        bot.api.tap(AskPerson().pack(), user_id=PERSON)
        replies = await bot.api.wait_sent(2)
        assert "📞" in replies[-1]["text"]


async def test_thumbs_are_counted_and_shown_in_stats(engine: Engine, tmp_path: Path) -> None:
    copy_knowledge(tmp_path)
    async with moderated(engine, tmp_path) as bot:
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_sent(1)
        bot.api.tap(Feedback(topic="shelter.tonight", helpful=True).pack(), user_id=PERSON)
        bot.api.tap(Feedback(topic="shelter.tonight", helpful=False).pack(), user_id=PERSON)
        replies = await bot.api.wait_sent(2)  # a 👎 offers a person
        assert AskPerson().pack() in [b["callback_data"] for b in buttons(replies[-1])]
        today = today_in_france()
        for _ in range(100):
            counts = {c.event: c.count for c in bot.store.counts.between(today, today)}
            if counts.get("unhelpful"):
                break
            await asyncio.sleep(0.1)
        assert counts == {"answered": 1, "helpful": 1, "unhelpful": 1}
        bot.api.send("/stats", user_id=MODERATOR)
        stats = (await bot.api.wait_sent(3))[-1]["text"]
        title = engine.kb.topic("shelter.tonight").text("fr").title
        assert "👍 1 · 👎 1" in stats and f"{title}: 👍 1 · 👎 1" in stats


async def test_the_sms_to_copy_arrives_as_its_own_message(engine: Engine, tmp_path: Path) -> None:
    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("au secours il va me tuer", user_id=PERSON)
        block, sms, answer = await bot.api.wait_sent(3)
        assert block["text"].startswith("🚨")
        sms_text = engine.kb.emergency.sms_text.strip()
        assert sms["text"].endswith(sms_text)
        [entity] = sms["entities"]
        assert entity["type"] == "pre"
        given = set(phone_numbers(block["text"]))
        assert given and not given & set(phone_numbers(answer["text"]))


async def test_nothing_of_the_conversation_is_written_to_disk(
    engine: Engine, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    async with running_bot(engine, data) as bot:
        bot.api.send("capote cassée je suis à Belleville", user_id=PERSON)
        await bot.api.wait_sent(1)
        bot.api.send(user_id=PERSON, location={"latitude": 48.8721, "longitude": 2.3791})
        bot.api.send("le plus proche ?", user_id=PERSON)
        await bot.api.wait_sent(3)
    written = b"".join(path.read_bytes() for path in data.rglob("*") if path.is_file())
    # The day's counts (answered, health.pep, fr) are kept on purpose: tied to nobody.
    for trace in (b"Belleville", b"48.8721", b"2.3791", b"capote", b"proche", b"Paris"):
        assert trace not in written, trace


async def test_privacy_stays_in_the_persons_language_after_forget(
    engine: Engine, tmp_path: Path
) -> None:
    from bot.telegram.callbacks import ForgetChoice, LanguageChoice

    async with running_bot(engine, tmp_path) as bot:
        bot.api.tap(LanguageChoice(code="ro").pack(), user_id=PERSON, language_code="fr")
        await bot.api.wait_sent(1)
        bot.api.tap(ForgetChoice(confirm=True).pack(), user_id=PERSON, language_code="fr")
        await bot.api.wait_sent(1, method="editMessageText")
        bot.api.send("/privacy", user_id=PERSON, language_code="fr")
        replies = await bot.api.wait_sent(2)
        assert translator("ro")("🔒 Your privacy") in replies[-1]["text"]


async def test_the_erase_button_asks_first(engine: Engine, tmp_path: Path) -> None:
    from bot.telegram.callbacks import Erase, EraseChoice

    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("ou dormir ce soir", user_id=PERSON)
        await bot.api.wait_sent(1)
        bot.api.tap(Erase().pack(), user_id=PERSON)
        question = (await bot.api.wait_sent(2))[-1]
        assert EraseChoice(confirm=True).pack() in [b["callback_data"] for b in buttons(question)]
        assert bot.api.sent("deleteMessages") == []


async def test_a_deep_link_says_what_relais_is_with_a_language_button(
    engine: Engine, tmp_path: Path
) -> None:
    from bot.telegram.callbacks import LanguageMenu

    async with running_bot(engine, tmp_path) as bot:
        bot.api.send("/start health-pep", user_id=PERSON, language_code="en")
        intro, answer = await bot.api.wait_sent(2)
        assert len(intro["text"].splitlines()) == 1 and "Relais" in intro["text"]
        assert [b["callback_data"] for b in buttons(intro)] == [LanguageMenu().pack()]
        assert "TPE" in answer["text"]
