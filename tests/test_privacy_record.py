"""docs/PRIVACY.md, the record of processing, matches the code: every table and field the
database holds, and every duration it names."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from bot.settings import load_settings
from bot.store import database
from bot.store.database import Store
from tests.conftest import PROJECT

RECORD = (PROJECT / "docs" / "PRIVACY.md").read_text(encoding="utf-8")


def _documented_tables() -> dict[str, list[str]]:
    rows = re.findall(r"^\| (\w+) \| ([\w, ]+) \|", RECORD, flags=re.M)
    return {
        table: [f.strip() for f in fields.split(",")] for table, fields in rows if table != "table"
    }


def test_every_table_and_field_of_the_database_is_in_the_record(tmp_path: Path) -> None:
    Store(tmp_path / "relais.db").close()
    with sqlite3.connect(tmp_path / "relais.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        schema = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    assert _documented_tables() == schema


def test_the_durations_named_are_those_of_the_settings() -> None:
    settings = load_settings({}, testing=True)
    assert f"`RETENTION_DAYS` ({settings.retention_days})" in RECORD
    assert f"`RELAY_TTL_DAYS` ({settings.relay_ttl_days})" in RECORD
    assert f"`HANDLED_DAYS` ({database.HANDLED_DAYS})" in RECORD
    assert "`BACKUP_DAYS` (7)" in RECORD
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "| `BACKUP_DAYS` | `7` |" in readme
