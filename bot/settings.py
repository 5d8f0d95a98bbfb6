"""Settings from the environment (and a `.env` file if present), checked once at start.

Each wrong or missing value gets its own clear message, so a person setting up the bot
sees everything to fix at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

PROJECT = Path(__file__).resolve().parent.parent
BACKUP_DAYS = 7  # days a backup is kept: a /forget reaches the backups when they expire


class SettingsError(Exception):
    """Settings that cannot start the bot; `problems` says what to fix, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    bot_token: str
    bot_api_base: str
    data_dir: Path
    database_path: Path
    knowledge_dir: Path
    cache_dir: Path
    pseudonym_secret: bytes
    moderator_ids: frozenset[int]
    moderator_chat_id: int | None
    webhook_url: str
    webhook_secret: str
    webhook_host: str
    webhook_port: int
    relay_ttl_days: int
    retention_days: int
    backup_days: int
    flood_messages: int
    flood_seconds: int


def read_environment() -> dict[str, str]:
    """The process environment over the project's `.env` file, or the file ENV_FILE names
    (read by python-dotenv, which understands `export KEY=`, quotes and inline comments);
    empty values count as unset."""
    env_file = Path(os.environ.get("ENV_FILE", "") or PROJECT / ".env")
    from_file = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    return {k: v for k, v in {**from_file, **os.environ}.items() if v}


@dataclass(frozen=True)
class Paths:
    """Where the bot's files are: all that commands other than the bot itself need."""

    data_dir: Path
    database_path: Path
    knowledge_dir: Path
    cache_dir: Path  # what is built from the knowledge base (vectors of its examples)


def local_paths(environ: Mapping[str, str] | None = None) -> Paths:
    """The folders from `environ` (default: `read_environment()`), never rejected: a
    command that only reads the knowledge base must not fail on a bot setting."""
    env = read_environment() if environ is None else environ
    data_dir = Path(env.get("DATA_DIR", "").strip() or PROJECT / "data")
    return Paths(
        data_dir=data_dir,
        database_path=Path(env.get("DATABASE_PATH", "").strip() or data_dir / "relais.db"),
        knowledge_dir=Path(env.get("KNOWLEDGE_DIR", "").strip() or PROJECT / "knowledge"),
        cache_dir=Path(env.get("RELAIS_CACHE_DIR", "").strip() or data_dir / "cache"),
    )


def load_settings(environ: Mapping[str, str] | None = None, *, testing: bool = False) -> Settings:
    """Settings from `environ` (default: `read_environment()`); a given `environ` is used
    alone, so tests never read the developer's `.env`.

    `testing` allows a missing PSEUDONYM_SECRET; anywhere else the bot refuses to start
    without one, since pseudonyms made with a known secret can be reversed.
    """
    env = read_environment() if environ is None else environ
    problems: list[str] = []

    def integer(name: str, default: int, minimum: int = 1) -> int:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        if not raw.lstrip("-").isdigit() or int(raw) < minimum:
            problems.append(f"{name} must be a whole number of at least {minimum} (it is {raw!r})")
            return default
        return int(raw)

    token = env.get("BOT_TOKEN", "").strip()
    if token and ":" not in token:
        problems.append("BOT_TOKEN does not look like a token from BotFather (123456:ABC...)")
    secret = env.get("PSEUDONYM_SECRET", "")
    if len(secret) < 16 and not testing:
        problems.append(
            "PSEUDONYM_SECRET must be set to a random text of at least 16 characters "
            "(for example: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    moderators: set[int] = set()
    for part in env.get("MODERATOR_IDS", "").replace(";", ",").split(","):
        if part.strip():
            if part.strip().isdigit():
                moderators.add(int(part.strip()))
            else:
                problems.append(
                    f"MODERATOR_IDS must be Telegram user ids separated by commas "
                    f"({part.strip()!r} is not a number)"
                )
    chat_raw = env.get("MODERATOR_CHAT_ID", "").strip()
    if chat_raw and not chat_raw.lstrip("-").isdigit():
        problems.append(
            f"MODERATOR_CHAT_ID must be a Telegram chat id like -1001234567890 (it is {chat_raw!r})"
        )
    webhook_url = env.get("WEBHOOK_URL", "").strip()
    if webhook_url and not webhook_url.startswith("https://"):
        problems.append("WEBHOOK_URL must start with https:// (Telegram only calls HTTPS)")
    paths = local_paths(env)
    settings = Settings(
        bot_token=token,
        bot_api_base=env.get("BOT_API_BASE", "").strip().rstrip("/"),
        data_dir=paths.data_dir,
        database_path=paths.database_path,
        knowledge_dir=paths.knowledge_dir,
        cache_dir=paths.cache_dir,
        pseudonym_secret=(secret or "testing-only-secret").encode("utf-8"),
        moderator_ids=frozenset(moderators),
        moderator_chat_id=int(chat_raw) if chat_raw.lstrip("-").isdigit() else None,
        webhook_url=webhook_url,
        webhook_secret=env.get("WEBHOOK_SECRET", "").strip(),
        webhook_host=env.get("WEBHOOK_HOST", "").strip() or "127.0.0.1",
        webhook_port=integer("WEBHOOK_PORT", 8080),
        relay_ttl_days=integer("RELAY_TTL_DAYS", 7),
        retention_days=integer("RETENTION_DAYS", 30),
        backup_days=integer("BACKUP_DAYS", BACKUP_DAYS),
        flood_messages=integer("FLOOD_MESSAGES", 20),
        flood_seconds=integer("FLOOD_SECONDS", 60),
    )
    if problems:
        raise SettingsError(problems)
    return settings
