"""A database that fails (a full disk, a broken file) must not silence the bot: callers
go on without the write, and the failure is logged once, with its cause, until the
database works again."""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger("relais.store")

StorageError = (sqlite3.Error, OSError)


class StoreHealth:
    def __init__(self) -> None:
        self.failing = False

    def failed(self, error: BaseException) -> None:
        if self.failing:
            return
        self.failing = True
        log.error(
            "the database cannot be used; the bot answers without it",
            extra={"reason": f"{type(error).__name__}: {error}"},
        )

    def worked(self) -> None:
        if self.failing:
            self.failing = False
            log.info("the database works again")
