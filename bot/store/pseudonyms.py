"""Pseudonyms: a person is known only by an HMAC of their Telegram id.

Without the secret, a pseudonym cannot be turned back into a Telegram id, so the
database and the logs say nothing about who wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import re


def pseudonym(telegram_id: int, secret: bytes) -> str:
    """A stable, secret-keyed code for one Telegram user or chat."""
    return hmac.new(secret, str(telegram_id).encode("ascii"), hashlib.sha256).hexdigest()[:32]


# What must never be stored as a person typed it. Order matters: e-mails before web
# addresses (both have dots), phones before card numbers (both are long digit runs), and
# any other long digit run last. Dates (2025-11-03, 12/03/2026) are not digit runs.
SCRUBBERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (
        re.compile(
            r"\b(?:https?://|www\.)\S+"
            r"|\b[\w.-]+\.(?:com|fr|org|net|ru|ro|bg|cn|io|me|ly|info)(?:/\S*)?\b",
            re.IGNORECASE,
        ),
        "[url]",
    ),
    (re.compile(r"(?<![\w@])@[A-Za-z]\w{3,}"), "[handle]"),
    (re.compile(r"(?<![\w+])(?:\+|00)\s?\d{1,3}(?:[\s.()-]*\d){6,12}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)0\s?[1-9](?:[\s.-]*\d){8}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)"), "[number]"),
    (re.compile(r"(?<!\d)\d(?:[\s.]?\d){6,}(?!\d)"), "[number]"),
)


def scrub_personal_data(text: str) -> str:
    """The text with phone numbers, e-mails, web addresses, @handles, card-like and other
    long numbers replaced by placeholders. Short numbers stay: 115, 3919, 17, dates."""
    for pattern, placeholder in SCRUBBERS:
        text = pattern.sub(placeholder, text)
    return text
