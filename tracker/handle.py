"""The connection core every warehouse handle stands on: where the file is, one read pool, the
write connection and its migration, and the arguments every method takes (dates, instants).

`tracker.warehouse.Warehouse` puts the reads and writes on top, with the review and history
methods from tracker/warehouse_review.py and tracker/warehouse_history.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import duckdb

from tracker import clock
from tracker.catalog import Catalog, catalog
from tracker.errors import TrackerError
from tracker.paths import default_warehouse, user_catalog_dir
from tracker.store import migrate
from tracker.store.connect import ReadPool, write_connection

DateLike = dt.date | dt.datetime | str | None


def date_arg(value: DateLike, name: str) -> dt.date | None:
    """A calendar date in Asia/Shanghai (a zone-aware datetime is converted first)."""
    if value is None:
        return None
    try:
        return clock.calendar_date(value)
    except ValueError:
        raise TrackerError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def instant_arg(value: DateLike, name: str) -> dt.datetime | None:
    """A UTC instant; a bare date means the end of that day in Asia/Shanghai."""
    if value is None:
        return None
    try:
        return clock.instant(value)
    except ValueError:
        raise TrackerError(f"{name} must be a date YYYY-MM-DD or an ISO 8601 instant "
                           f"(2025-03-01T10:00+08:00), got {value!r}") from None


def who() -> str:
    """Who did it, for the record: the login name, else the process id."""
    try:
        return getpass.getuser()
    except OSError:
        return f"pid {os.getpid()}"


class Handle:
    """A warehouse file opened read-only or read-write; reads let go of it whenever a writer
    announces itself (tracker/store/connect.py)."""

    def __init__(self, path: Path | str | None = None, read_only: bool = True) -> None:
        self.path = Path(path if path is not None else default_warehouse()).resolve()
        self.read_only = read_only
        self._reads = ReadPool(self.path)
        self._write_con: duckdb.DuckDBPyConnection | None = None
        self._migrated = False

    @property
    def catalog(self) -> Catalog:
        """The catalog this warehouse speaks: the package's, with `catalog/*.csv` beside the
        warehouse file merged over it (tracker/catalog_files.py)."""
        return catalog(user_catalog_dir(self.path))

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"{type(self).__name__}({str(self.path)!r}, {mode})"

    def close(self) -> None:
        """Let go of the file now (it is let go anyway as soon as a writer announces itself)."""
        self._reads.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise TrackerError(
                f"{self} is read-only; open it with tracker.open(path, read_only=False) to write"
            )

    @contextlib.contextmanager
    def writing(self) -> Iterator[Self]:
        """Hold one write connection across several appends (each still its own transaction).

        Saves a connect and a checkpoint per release in batch ingests; readers wait meanwhile.
        """
        self._writable()
        if self._write_con is not None:
            yield self
            return
        with write_connection(self.path) as con:
            self._migrate(con)
            self._write_con = con
            try:
                yield self
            finally:
                self._write_con = None

    @contextlib.contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._write_con is not None:
            yield self._write_con
            return
        with write_connection(self.path) as con:
            self._migrate(con)
            yield con

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        # Once per handle: a scheduled job's appends need not re-read the catalog each time.
        if self._migrated:
            return []
        applied = migrate.migrate(con, user_catalog=user_catalog_dir(self.path))
        self._migrated = True
        return applied

    def init(self) -> list[str]:
        """Create or upgrade the schema and sync the catalog; return the migrations applied."""
        self._writable()
        with write_connection(self.path) as con:
            self._migrated = False
            return self._migrate(con)
