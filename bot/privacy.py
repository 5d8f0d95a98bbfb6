"""Pseudonyms: a person is known only by an HMAC of their Telegram id.

Without the secret, a pseudonym cannot be turned back into a Telegram id, so the
database and the logs say nothing about who wrote.
"""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(telegram_id: int, secret: bytes) -> str:
    """A stable, secret-keyed code for one Telegram user or chat."""
    return hmac.new(secret, str(telegram_id).encode("ascii"), hashlib.sha256).hexdigest()[:32]
