"""Translators' workflow: export a catalog, translate it in any PO tool, import it back."""

import io
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from bot.knowledge.loader import load_knowledge
from bot.knowledge.po import export_po, import_po


def exported(folder: Path, lang: str):
    out = io.BytesIO()
    export_po(load_knowledge(folder), lang, out)
    return read_po(io.BytesIO(out.getvalue()))


def test_export_has_the_french_as_msgid_and_the_place_as_context(mini_kb: Path) -> None:
    catalog = exported(mini_kb, "en")
    entry = catalog.get(
        "📞 Appelez le 115 pour dormir à l'abri ce soir.\nC'est gratuit.",
        context="shelter.tonight answer",
    )
    assert entry is not None and entry.string.startswith("📞 Call 115")


def test_a_stale_translation_is_exported_fuzzy(mini_kb: Path) -> None:
    from bot.knowledge.editing import stamp_translations

    list(stamp_translations(mini_kb, "en", []))
    text = (mini_kb / "topics/shelter.tonight.yaml").read_text("utf-8")
    (mini_kb / "topics/shelter.tonight.yaml").write_text(
        text.replace("C'est gratuit.", "C'est gratuit. Jour et nuit."), "utf-8"
    )
    catalog = exported(mini_kb, "en")
    fuzzy = [m.context for m in catalog if m.fuzzy and m.id]
    assert fuzzy == ["shelter.tonight title", "shelter.tonight answer"]


def test_import_writes_translations_back_and_keeps_comments(mini_kb: Path) -> None:
    catalog = exported(mini_kb, "ro")
    for message in catalog:
        if message.id:
            message.string = f"RO {message.id}"
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    report = import_po(mini_kb, io.BytesIO(buffer.getvalue()))
    assert report.written == 5 and report.skipped == ()
    kb = load_knowledge(mini_kb)
    romanian = kb.topic("health.pep").texts["ro"]
    assert romanian.title == "RO Risque VIH"
    assert romanian.card.startswith("RO Cette personne parle {language}.")
    assert romanian.source == kb.topic("health.pep").source_hash
    assert (
        (mini_kb / "topics/shelter.tonight.yaml")
        .read_text("utf-8")
        .startswith("# Where to sleep tonight.")
    )


def test_import_updates_an_existing_translation_only_where_it_changed(mini_kb: Path) -> None:
    catalog = exported(mini_kb, "en")
    entry = catalog.get("Dormir ce soir", context="shelter.tonight title")
    entry.string = "A bed tonight"
    entry.flags.discard("fuzzy")  # as a PO editor does when a translator saves an entry
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    report = import_po(mini_kb, io.BytesIO(buffer.getvalue()))
    assert report.written == 1
    english = load_knowledge(mini_kb).topic("shelter.tonight").texts["en"]
    assert english.title == "A bed tonight" and english.answer.startswith("📞 Call 115")
