"""Structured logs that hold no message text, no Telegram id and no token.

Our own log calls never pass them. Libraries may (aiogram and pydantic put message
text, chat ids and the token in errors and URLs), so every record goes through
`redact` before it is written: exception messages are dropped (their type and where
they happened are kept), and long digit runs and tokens are masked.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from typing import Any

TOKEN = re.compile(r"\d{5,}:[\w-]{20,}")
LONG_NUMBER = re.compile(r"-?\d{5,}")
SAFE_EXTRA = {
    "method",
    "retry_after",
    "attempt",
    "decision",
    "topic",
    "lang",
    "emergency",
    "kind",
    "duration_ms",
    "count",
    "reason",
}
STANDARD = set(vars(logging.makeLogRecord({})))


def redact(text: str) -> str:
    return LONG_NUMBER.sub("<number>", TOKEN.sub("<token>", text))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, event, and the safe extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "event": _event(record),
        }
        entry.update(
            {k: v for k, v in vars(record).items() if k in SAFE_EXTRA and k not in STANDARD}
        )
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["where"] = [
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}"
                for f in traceback.extract_tb(record.exc_info[2])
            ][-5:]
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


def _event(record: logging.LogRecord) -> str:
    """Our own messages as written; a library's message without its arguments, which
    may carry text or ids."""
    if record.name.startswith("relais"):
        return record.getMessage()
    return str(record.msg).split("\n", 1)[0][:200]


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
