"""The connection core every warehouse handle stands on: where the warehouse is (a file or a
DuckLake), one read pool, the write connection and its migration, and the arguments every method
takes (dates, instants).

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
from typing import TYPE_CHECKING, Self

import duckdb
import polars as pl

from tracker import clock, storage
from tracker.catalog import Catalog, catalog
from tracker.errors import TrackerError, WarehouseMissingError, WarehouseOutdatedError
from tracker.paths import Location, locate
from tracker.storage import Folder, Store
from tracker.store import lake, migrate
from tracker.store.connect import (
    LOCK_TIMEOUT,
    LakePool,
    ReadPool,
    write_connection,
    writer_lock,
)

if TYPE_CHECKING:
    from tracker.store import copy

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
    """A warehouse opened read-only or read-write: a DuckDB file, whose reads let go of it
    whenever a writer announces itself, or a DuckLake, whose writers take turns through its
    writer lock (tracker/store/connect.py, tracker/store/lake.py)."""

    def __init__(self, path: Path | str | Location | None = None, read_only: bool = True,
                 data_path: Path | str | None = None) -> None:
        self.location = locate(path, data_path)
        self.read_only = read_only
        self._reads: ReadPool | LakePool
        self._lock: lake.WriterLock | None = None
        # A lake's writer keeps its connection open (tracker/store/connect.py LakePool).
        self._lake_writes = LakePool(self.location, read_only=False)
        if self.location.file is not None:
            self._reads = ReadPool(self.location.file)
        else:
            self._reads = LakePool(self.location)
            self._lock = writer_lock(self.location)
        self._write_con: duckdb.DuckDBPyConnection | None = None
        self._migrated = False
        self._home: Store | None = None

    @property
    def is_lake(self) -> bool:
        """Whether this is a DuckLake warehouse (else a DuckDB file)."""
        return self.location.lake is not None

    @property
    def name(self) -> str:
        """The warehouse as people name it: the file's path, or the lake's URI."""
        return self.location.name

    @property
    def path(self) -> Path:
        """The warehouse file; for a lake, the folder holding its data and raw payloads."""
        if self.location.file is not None:
            return self.location.file
        home = self.home
        if not isinstance(home, Folder):
            raise TrackerError(
                f"the DuckLake warehouse {self.name} keeps its files in the object store "
                f"{home.name}, not a folder: this command works on a DuckDB file or a lake "
                f"whose data path is a folder")
        return home.root

    @property
    def home(self) -> Store:
        """Where the warehouse keeps raw/ and a user's catalog/: beside the file, or under the
        lake's data path, a folder or an object store (asked of the catalog once, when not
        given)."""
        if self._home is None:
            recorded = None
            if self.is_lake and self.location.data_path is None:
                with self._reads.connection() as con:
                    recorded = lake.recorded_data_path(con)
            self._home = storage.home(self.location.beside(recorded))
        return self._home

    @property
    def raw_root(self) -> Store:
        """The store of content-addressed raw payloads (raw/<2 hex digits>/<sha256>)."""
        return self.home.child("raw")

    def raw_payload(self, raw_path: str | None) -> bytes | None:
        """The stored bytes of a release (its `raw_path`), or None when the raw store does not
        hold them; never a file outside that store."""
        return self.raw_root.read(raw_path) if raw_path else None

    def exists(self) -> bool:
        """Whether the warehouse has been created (a lake: its catalog answers)."""
        if self.location.file is not None:
            return self.location.file.exists()
        try:
            with self._reads.connection():
                return True
        except WarehouseOutdatedError:
            return True  # there, if older than the code
        except WarehouseMissingError:
            return False

    @property
    def catalog(self) -> Catalog:
        """The catalog this warehouse speaks: the package's, with `catalog/*.csv` beside the
        warehouse file merged over it (tracker/catalog_files.py)."""
        return catalog(self._user_catalog())

    def _user_catalog(self) -> Path | None:
        unknown = self.is_lake and self._home is None and self.location.data_path is None
        if unknown and not self.exists():  # a lake not created yet has no folder to look in
            return None
        return storage.local_folder(self.home.child("catalog"))

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"{type(self).__name__}({self.name!r}, {mode})"

    def close(self) -> None:
        """Let go of the file now (it is let go anyway as soon as a writer announces itself)."""
        self._reads.close()
        if self._lock is not None:
            self._lock.close()
        self._lake_writes.close()

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
    def _connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self.location.file is not None:
            with write_connection(self.location.file) as con:
                yield con
        else:
            with self._lake_writes.connection() as con:
                yield con

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        # A lake's writers take turns, one write call at a time (tracker/store/lake.py); a
        # file's writer already has the file to itself.
        if self._lock is None:
            yield
            return
        with self._lock.held(LOCK_TIMEOUT):
            yield

    @contextlib.contextmanager
    def writing(self) -> Iterator[Self]:
        """Hold one write connection across several appends (each still its own transaction).

        Saves a connect and a checkpoint per release in batch ingests; readers wait meanwhile.
        """
        self._writable()
        if self._write_con is not None:
            yield self
            return
        with self._connection() as con:
            with self._turn():
                self._migrate(con)
            self._write_con = con
            try:
                yield self
            finally:
                self._write_con = None

    @contextlib.contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._write_con is not None:
            with self._turn():
                yield self._write_con
            return
        with self._connection() as con, self._turn():
            self._migrate(con)
            yield con

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        # Once per handle: a scheduled job's appends need not re-read the catalog each time.
        if self._migrated:
            return []
        if self.is_lake and self._home is None and self.location.data_path is None:
            self._home = storage.home(self.location.beside(lake.recorded_data_path(con)))
        applied = migrate.migrate(con, user_catalog=self._user_catalog())
        self._migrated = True
        return applied

    # -- a lake's own history, and moving between kinds ------------------------------------
    def snapshots(self) -> pl.DataFrame:
        """Every snapshot a DuckLake keeps (id, commit time, what changed), oldest first."""
        if not self.is_lake:
            raise TrackerError(
                f"{self.name} is a DuckDB file, which keeps no snapshots; `known_at=` answers "
                f"what it held at any instant from the times every row was written")
        with self._reads.connection() as con:
            return lake.snapshots(con)

    def copy_to(self, target: Handle) -> copy.Copied:
        """Copy everything this warehouse holds into `target` (either kind), losing nothing
        and adding nothing on a re-run (tracker/store/copy.py)."""
        # Here, not at the top: copy brings journal, review and append, which a read never
        # needs and which cost a shell command about 20 ms to import.
        from tracker.store import copy

        target._writable()
        if target.name == self.name:
            raise TrackerError(f"copy from {self.name} to itself: name another warehouse")
        with self._reads.connection() as con:
            payloads = copy.release_payloads(con)
        target.init()
        if copy.copy_user_catalog(self._user_catalog(), target.home.child("catalog")):
            target.init()  # syncs the catalog tables from the copied CSVs
        raw = copy.copy_raw(payloads, self.raw_root, target.raw_root)
        with self._reads.connection() as source, target._writer() as con:
            tables = copy.copy_rows(source, con)
        return copy.Copied(tables, raw)

    def init(self) -> list[str]:
        """Create or upgrade the schema and sync the catalog; return the migrations applied."""
        self._writable()
        with self._connection() as con, self._turn():
            self._migrated = False
            return self._migrate(con)
