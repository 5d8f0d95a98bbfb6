"""The command line: a thin layer over the core (knowledge, engine, render).

Every command reads the knowledge base from `--knowledge` (default: the `knowledge/`
folder of this project, or $KNOWLEDGE_DIR).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

if TYPE_CHECKING:
    from bot.store.database import Store

from bot.cache import load_engine
from bot.cli.evaluation import evaluate, read_rows
from bot.core.engine import Engine
from bot.core.hours import today_in_france
from bot.core.outcome import Outcome
from bot.knowledge.loader import check_fails, check_knowledge
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
    from bot.store.database import make_private

    make_private(settings.data_dir)
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

            from bot.telegram.app import run_bot

            asyncio.run(run_bot(settings, engine))
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
    """Match questions: JSON lines {"text", "lang"?} in, exactly one JSON line each out.

    A line that cannot be read gets {"error": ...} in its place, so that the outputs line
    up with the inputs; an unknown language hint is ignored, since its text may still be a
    call for help."""
    engine = _engine(folder)
    for line in sys.stdin:
        record = _match_line(engine, line)
        click.echo(json.dumps(record, ensure_ascii=False), nl=True)
        sys.stdout.flush()


def _match_line(engine: Engine, line: str) -> dict[str, object]:
    try:
        request = json.loads(line)
    except ValueError:
        return {"error": 'not a JSON object: send {"text": "...", "lang": "fr"}'}
    text = request.get("text") if isinstance(request, dict) else None
    if not isinstance(text, str) or not text.strip():
        return {"error": 'no "text": send {"text": "...", "lang": "fr"}'}
    lang = request.get("lang")
    hint = lang if lang in LANGUAGES else None
    return match_record(engine.handle(text, hint))


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
    "--strict",
    is_flag=True,
    help="Fail on warnings too (missing or stale translations, figures past their "
    "valid_until...), but not on contacts checked over a year ago.",
)
@click.option(
    "--topics",
    "topics_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_TOPICS,
    help="The list of required topic ids (shared/topics.yaml); the knowledge folder's own "
    "required_topics.yaml is required too.",
)
def check(folder: Path, strict: bool, topics_file: Path) -> None:
    """Check every knowledge file; exit 1 on an error (or a warning with --strict)."""
    from bot.knowledge.requirements import missing_required_topics

    problems = check_knowledge(folder) + missing_required_topics(folder, topics_file)
    for problem in problems:
        label = "error" if problem.blocking else "warning"
        click.echo(f"{label}: {problem}")
    errors = sum(p.blocking for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)")
    if check_fails(problems, strict):
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


@main.command()
@knowledge_option
@click.option(
    "--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day."
)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["md", "csv", "png"]),
    default="md",
    show_default=True,
    help="Markdown, CSV (table, row, week, count) or a PNG chart.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: the screen; for png, relais-FROM-TO.png).",
)
def report(folder: Path, first: Any, last: Any, kind: str, out: Path | None) -> None:
    """The observatory: weekly counts by decision, language, category and topic, top
    unanswered themes and time to a human reply; every count under 5 shown as "<5"."""
    from bot.knowledge.loader import load_knowledge
    from bot.store.observatory import observatory

    if last < first:
        raise click.BadParameter("--to is before --from")
    try:
        kb = load_knowledge(folder)
    except KnowledgeError as error:
        raise click.ClickException(f"the knowledge base has errors: {error.problems[0]}") from None
    figures = observatory(_store(), kb, first.date(), last.date())
    if kind == "png":
        from bot.store.chart import observatory_png

        target = out or Path(f"relais-{first.date()}-{last.date()}.png")
        target.write_bytes(observatory_png(figures))
        click.echo(str(target))
        return
    text = figures.csv() if kind == "csv" else figures.markdown()
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@queue.command(name="stats")
def queue_stats() -> None:
    """Counts per status, language and topic, answer rate, this week's themes."""

    from bot.store.reports import stats, stats_text

    click.echo(stats_text(stats(_store(), today_in_france())))


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
    from bot.cli.bench_report import phone_screen, table, write_markdown, write_plot
    from bot.cli.bench_run import run_benchmark
    from bot.knowledge.loader import load_knowledge

    results = run_benchmark(folder, labelled, users, faq_kb, faq_queries, lang)
    click.echo(json.dumps(results, indent=1) if as_json else table(results))
    if write:
        plot = PROJECT / "benchmarks-scaling.png"
        write_plot(results, plot)
        screen = phone_screen(load_knowledge(folder))
        write_markdown(results, PROJECT / "BENCHMARKS.md", plot, screen)


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


@main.command()
@knowledge_option
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=click.Choice(LANGUAGES),
    help="A language to print; repeat it for several (default: all nine).",
)
@click.option(
    "--topic",
    "topic_ids",
    multiple=True,
    help="A topic to print, like health.pep; repeat it for several. Without it: every "
    "topic for people, and a booklet per category.",
)
@click.option(
    "--format",
    "paper",
    type=click.Choice(["a4", "a5"]),
    default="a4",
    show_default=True,
    help="The paper.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sheets"),
    show_default=True,
    help="The folder for the PDFs (one folder per language inside).",
)
@click.option("--bot", "bot_name", help="The bot's username for the QR codes ($BOT_USERNAME).")
@click.option(
    "--layout",
    "layout_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The template of the sheets (default: sheets.yaml in the knowledge folder).",
)
@click.option(
    "--discreet",
    is_flag=True,
    help="Open each PDF with a neutral cover ('Santé, droits, aide') that names neither "
    "prostitution nor sex work, for people who must hide what they carry; files end in "
    ".discreet.pdf.",
)
def sheets(
    folder: Path,
    languages: tuple[str, ...],
    topic_ids: tuple[str, ...],
    paper: str,
    out: Path,
    bot_name: str | None,
    layout_file: Path | None,
    discreet: bool,
) -> None:
    """Printed sheets: a PDF per topic and language, a booklet per language and category."""
    from bot.knowledge.loader import load_knowledge
    from bot.settings import read_environment
    from bot.sheets.booklets import write_sheets
    from bot.sheets.content import BotNameError, bot_username, printed_topics
    from bot.sheets.discreet import NotDiscreet
    from bot.sheets.layout import LayoutError, load_layout
    from bot.sheets.render import MissingGlyphs

    try:
        bot = bot_username(bot_name or read_environment().get("BOT_USERNAME"))
        layout = load_layout(layout_file or folder / "sheets.yaml")
    except (BotNameError, LayoutError) as error:
        raise click.ClickException(str(error)) from None
    try:
        kb = load_knowledge(folder)
    except KnowledgeError as error:
        raise click.ClickException(f"the knowledge base has errors: {error}") from None
    unknown = [t for t in topic_ids if not kb.has_topic(t)]
    if unknown:
        raise click.ClickException(f"no topic {', '.join(unknown)} (see knowledge/topics/)")
    topics = [kb.topic(t) for t in topic_ids] if topic_ids else list(printed_topics(kb))
    written = write_sheets(
        kb,
        layout,
        bot=bot,
        languages=languages or LANGUAGES,
        topics=topics,
        paper=paper,
        out=out,
        booklets=not topic_ids,
        discreet=discreet,
    )
    try:
        for path in written:
            click.echo(str(path))
    except (MissingGlyphs, NotDiscreet) as error:
        raise click.ClickException(str(error)) from None


@main.command()
def doctor() -> None:
    """Check everything a deployment needs, offline; one line per problem to fix."""
    from bot.cli.doctor import diagnose

    problems = diagnose()
    for problem in problems:
        click.echo(f"✗ {problem}")
    if problems:
        sys.exit(1)
    click.echo("✓ all is well: settings, data folder, database, knowledge, catalogs, clock")


def _backup_days() -> int:
    from bot.settings import BACKUP_DAYS, read_environment

    raw = read_environment().get("BACKUP_DAYS", str(BACKUP_DAYS)).strip()
    if not raw.isdigit() or int(raw) < 1:
        raise click.ClickException(f"BACKUP_DAYS must be a whole number of days (it is {raw!r})")
    return int(raw)


@main.command()
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=None,
    help="A file ending in .db, or a folder (default: $DATA_DIR/backups).",
)
def backup(target: Path | None) -> None:
    """Copy the database while the bot runs (mode 0600); delete backups older than BACKUP_DAYS."""
    import datetime as dt

    from bot.settings import local_paths
    from bot.store.backup import BackupError, prune_backups, take_backup

    paths = local_paths()
    try:
        written = take_backup(paths.database_path, target or paths.data_dir / "backups")
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backup written: {written}")
    for old in prune_backups(written.parent, _backup_days(), dt.datetime.now(dt.UTC)):
        click.echo(f"old backup deleted: {old}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool) -> None:
    """Replace the database with a backup FILE (stop the bot first)."""
    from bot.settings import local_paths
    from bot.store.backup import BackupError, restore_backup

    database = local_paths().database_path
    click.echo(
        "Warning: people who asked to be forgotten (/forget) after this backup was taken "
        f"are back in it until it is older than {_backup_days()} days; then it is deleted.",
        err=True,
    )
    if not yes:
        click.confirm(f"Replace {database} with {file}?", abort=True)
    try:
        restore_backup(file, database)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored {database} from {file}")
