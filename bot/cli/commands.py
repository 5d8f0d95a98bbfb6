"""The command line: a thin layer over the core (knowledge, engine, render).

Every command reads the knowledge base from `--knowledge` (default: the `knowledge/`
folder of this project, or $KNOWLEDGE_DIR).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

if TYPE_CHECKING:
    from bot.store.database import Store

from bot.cache import load_engine
from bot.cli.evaluation import evaluate, read_rows
from bot.core.engine import Engine
from bot.core.outcome import Outcome
from bot.knowledge.loader import check_knowledge
from bot.knowledge.model import LANGUAGES, KnowledgeError

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_TOPICS = PROJECT.parent / "shared" / "topics.yaml"


def _knowledge_folder(
    _context: click.Context, _option: click.Parameter, value: Path | None
) -> Path:
    """The folder given, else the one the settings name (read when the command runs)."""
    from bot.settings import local_paths

    return value or local_paths().knowledge_dir


knowledge_option = click.option(
    "--knowledge",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_knowledge_folder,
    help="The knowledge folder (default: $KNOWLEDGE_DIR, else knowledge/ of this project).",
)


@click.group(invoke_without_command=True)
@click.pass_context
def main(context: click.Context) -> None:
    """Relais: easy-to-read answers on rights, health and safety, in nine languages.

    With no command, starts the Telegram bot, or the console chat when BOT_TOKEN is not set.
    """
    if context.invoked_subcommand is None:
        _start_bot()


def _start_bot() -> None:
    """The Telegram bot when BOT_TOKEN is set (a webhook server with WEBHOOK_URL), else
    the console chat: the only place that chooses between them."""
    from bot.logs import setup_logging
    from bot.settings import SettingsError, load_settings, read_environment

    setup_logging()
    try:
        settings = load_settings(testing="BOT_TOKEN" not in read_environment())
    except SettingsError as error:
        sys.exit("Settings to fix before the bot can start:\n- " + "\n- ".join(error.problems))
    engine = _engine(settings.knowledge_dir)
    if not settings.bot_token:
        from bot.cli.console import run_chat

        click.echo("BOT_TOKEN is not set: opening the console chat instead of Telegram.")
        run_chat(engine, None, sys.stdin, sys.stdout)
        return
    from bot.store.database import StoreError

    try:
        if settings.webhook_url:
            from bot.telegram.webhook import run_webhook

            run_webhook(settings, engine)
        else:
            import asyncio

            from bot.telegram.app import run_polling

            asyncio.run(run_polling(settings, engine))
    except StoreError as error:
        sys.exit(str(error))


def _engine(folder: Path) -> Engine:
    from bot.settings import local_paths

    try:
        return load_engine(folder, local_paths().cache_dir)
    except KnowledgeError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"the knowledge base has {len(error.problems)} error(s); fix them and try again"
        ) from None


@main.command()
@knowledge_option
def match(folder: Path) -> None:
    """Match questions: JSON lines {"text", "lang"?} in, one JSON line each out."""
    engine = _engine(folder)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            text, lang = request["text"], request.get("lang")
            if not isinstance(text, str) or lang not in (None, *LANGUAGES):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            click.echo('skipped a line that is not {"text": "...", "lang": "fr"}', err=True)
            continue
        click.echo(json.dumps(match_record(engine.handle(text, lang)), ensure_ascii=False))


def match_record(outcome: Outcome) -> dict[str, object]:
    """The exact shape tools outside the project read from `match`."""
    return {
        "decision": outcome.decision,
        "topic": outcome.topic if outcome.decision == "answer" else None,
        "candidates": [c.topic for c in outcome.candidates]
        if outcome.decision != "unanswered"
        else [],
        "emergency": outcome.alert.emergency,
        "lang": outcome.lang,
        "score": round(float(outcome.score), 4),
    }


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@knowledge_option
@click.option("--misses", is_flag=True, help="Also list the questions answered wrongly.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate_command(file: Path, folder: Path, misses: bool, as_json: bool) -> None:
    """Measure matching on a labelled FILE of JSON lines."""
    tallies = evaluate(_engine(folder), read_rows(file))
    figures = {lang: tally.figures() for lang, tally in tallies.items()}
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    columns = [
        "rows",
        "top1",
        "top3",
        "out_of_scope",
        "emergency_recall",
        "false_alarms",
        "language",
    ]
    click.echo(f"{'lang':<5}" + "".join(f"{c:>17}" for c in columns))
    for lang in [*sorted(k for k in figures if k != "all"), "all"]:
        values = ["-" if figures[lang][c] is None else str(figures[lang][c]) for c in columns]
        click.echo(f"{lang:<5}" + "".join(f"{v:>17}" for v in values))
    if misses:
        click.echo("\n".join(tallies["all"].misses))


@main.group()
def kb() -> None:
    """Check, dump and maintain the knowledge base."""


@kb.command()
@knowledge_option
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too (missing or stale translations)."
)
@click.option(
    "--topics",
    "topics_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_TOPICS,
    help="The list of required topic ids (shared/topics.yaml).",
)
def check(folder: Path, strict: bool, topics_file: Path) -> None:
    """Check every knowledge file; exit 1 on an error (or a warning with --strict)."""
    from bot.knowledge.requirements import missing_topics

    problems = check_knowledge(folder) + missing_topics(folder, topics_file)
    for problem in problems:
        label = "error" if problem.blocking else "warning"
        click.echo(f"{label}: {problem}")
    errors = sum(p.blocking for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        sys.exit(1)


@kb.command()
@knowledge_option
@click.option("--json", "as_json", is_flag=True, required=True, help="Print as JSON.")
def dump(folder: Path, as_json: bool) -> None:
    """Print the whole knowledge base as one JSON object."""
    from bot.knowledge.dump import knowledge_as_json

    click.echo(json.dumps(knowledge_as_json(_engine(folder).kb), ensure_ascii=False, indent=1))


@kb.command()
@click.argument("lang", type=click.Choice(LANGUAGES[1:]))
@click.argument("topics", nargs=-1)
@knowledge_option
def stamp(lang: str, topics: tuple[str, ...], folder: Path) -> None:
    """Record that the LANG translation of TOPICS (default: all) follows the current French."""
    from bot.knowledge.editing import stamp_translations

    for name in stamp_translations(folder, lang, topics):
        click.echo(f"stamped {name}")


@kb.command()
@knowledge_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--summary", is_flag=True, help="Readability figures per language only.")
def lint(folder: Path, as_json: bool, summary: bool) -> None:
    """Check every answer against the easy-to-read rules (knowledge/lint.yaml)."""
    import dataclasses

    from bot.knowledge.lint import LintConfig, kandel_moles, lint_knowledge
    from bot.knowledge.lint import summary as language_summary

    kb = _engine(folder).kb
    config = LintConfig.read(folder / "lint.yaml")
    if summary:
        click.echo(f"{'lang':<6}{'words a sentence':>18}{'≤ limit':>10}{'Kandel-Moles':>14}")
        for row in language_summary(kb.topics, config):
            score = "-" if row.kandel_moles is None else f"{row.kandel_moles:.1f}"
            click.echo(f"{row.lang:<6}{row.mean_length:>18.1f}{row.short_share:>10.0%}{score:>14}")
        click.echo("\nKandel-Moles of each French answer (higher is easier):")
        for topic in kb.topics:
            click.echo(f"  {topic.id:<24}{kandel_moles(topic.texts['fr'].answer):>6.1f}")
        return
    findings = lint_knowledge(kb, config, frozenset(e.term for e in kb.glossary))
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(f) for f in findings], ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(str(finding))
        blocking = sum(f.blocking for f in findings)
        click.echo(f"{blocking} error(s), {len(findings) - blocking} warning(s)")
    if any(f.blocking for f in findings):
        sys.exit(1)


@kb.command(name="export-po")
@click.argument("lang", type=click.Choice(LANGUAGES[1:]))
@click.option("-o", "--output", type=click.File("wb"), default="-", help="The PO file to write.")
@knowledge_option
def export_po_command(lang: str, output: BinaryIO, folder: Path) -> None:
    """Write the knowledge texts of LANG as a gettext catalog for translators."""
    from bot.knowledge.po import export_po

    export_po(_engine(folder).kb, lang, output)


@kb.command(name="import-po")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES[1:]),
    default=None,
    help="The catalog's language, when its header does not say it.",
)
@knowledge_option
def import_po_command(file: BinaryIO, lang: str | None, folder: Path) -> None:
    """Write the translations of a gettext catalog back into the knowledge files."""
    from bot.knowledge.po import import_po

    report = import_po(folder, file, lang)
    for reason in report.skipped:
        click.echo(f"skipped {reason}", err=True)
    click.echo(f"{report.written} translation(s) written")


@kb.command(name="accept-suggestions")
@knowledge_option
def accept_suggestions_command(folder: Path) -> None:
    """Add the suggested questions marked `accept: true` to their topics."""
    from bot.knowledge.suggestions import accept_suggestions

    click.echo(f"{accept_suggestions(folder)} question(s) added")


@main.group()
def queue() -> None:
    """The questions the bot could not answer (DATABASE_PATH or DATA_DIR)."""


def _store() -> Store:
    from bot.settings import local_paths
    from bot.store.database import Store, StoreError

    try:
        return Store(local_paths().database_path)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


@queue.command(name="list")
def queue_list() -> None:
    """The pending questions, oldest first."""
    from bot.store.reports import pending, queue_text

    click.echo(queue_text(pending(_store()), limit=1000))


@queue.command(name="export")
@click.option("--csv", "as_csv", is_flag=True, required=True, help="As CSV.")
def queue_export(as_csv: bool) -> None:
    """Every kept question as CSV (already scrubbed of personal data)."""
    from bot.store.reports import queue_csv

    click.echo(queue_csv(_store().questions()), nl=False)


@queue.command(name="stats")
def queue_stats() -> None:
    """Counts per status, language and topic, answer rate, this week's themes."""
    import datetime as dt

    from bot.store.reports import stats, stats_text

    click.echo(stats_text(stats(_store(), dt.date.today())))


@main.command()
@knowledge_option
@click.option(
    "--labelled",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=PROJECT.parent / "shared" / "eval" / "dev.jsonl",
    show_default=True,
    help="Labelled questions for quality.",
)
@click.option(
    "--faq-kb",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="FAQ items {id, question, answer}, one JSON object a line.",
)
@click.option(
    "--faq-queries",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Queries {query, relevant_ids}, one JSON object a line.",
)
@click.option("--lang", default="fr", show_default=True, help="Language of the FAQ set.")
@click.option("--users", default=1000, show_default=True, help="Simulated Telegram users.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--write", is_flag=True, help="Also write BENCHMARKS.md and its plot.")
def bench(
    folder: Path,
    labelled: Path,
    faq_kb: Path | None,
    faq_queries: Path | None,
    lang: str,
    users: int,
    as_json: bool,
    write: bool,
) -> None:
    """Measure quality and speed against plain baselines, scaling, start-up, Telegram."""
    from bot.cli.bench_report import table, write_markdown, write_plot
    from bot.cli.bench_run import run_benchmark

    results = run_benchmark(folder, labelled, users, faq_kb, faq_queries, lang)
    click.echo(json.dumps(results, indent=1) if as_json else table(results))
    if write:
        plot = PROJECT / "benchmarks-scaling.png"
        write_plot(results, plot)
        write_markdown(results, PROJECT / "BENCHMARKS.md", plot)


@main.command()
@knowledge_option
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Your language (default: guessed from each message).",
)
def chat(folder: Path, lang: str | None) -> None:
    """Talk with the bot in this terminal, with the same engine and replies as on Telegram."""
    from bot.cli.console import run_chat

    run_chat(_engine(folder), lang, sys.stdin, sys.stdout)
