"""A DuckLake warehouse: the catalog in PostgreSQL, the data as Parquet under a data path.

The two DuckDB extensions come from their wheels (duckdb-extension-ducklake and
duckdb-extension-postgres-scanner, pinned with duckdb) and are loaded from the installed file by
path: nothing is downloaded at run time, and a machine without network reads the same lake.

DuckLake gives every reader a consistent snapshot while writers commit, so readers need no
hand-over. Writers need one thing more: DuckLake lets two transactions that only insert into the
same table both commit, so two processes appending the same release at once would both find it
absent. Every write call therefore holds a PostgreSQL advisory lock on the catalog's database
(`writer_lock`): writes from any machine take turns, each sees the one before it committed, and
the ingest logic's own identity checks (tracker/store/append.py) find a release already held.
The lock belongs to a PostgreSQL session, so a writer killed halfway releases it as it dies.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import polars as pl

from tracker import clock, storage
from tracker.errors import TrackerError, WarehouseBusyError, WarehouseMissingError
from tracker.paths import Location, without_password
from tracker.store import extensions
from tracker.store.extensions import quoted

ALIAS = "lake"
CATALOG_PREFIX = "ducklake:postgres:"
# Any number will do as long as every tracker writer uses the same one; it reads "tracker".
_LOCK_KEY = 0x747261636B6572
def conninfo(location: Location) -> str:
    """The libpq connection string of a `ducklake:postgres:` URI."""
    uri = str(location.lake)
    if not uri.startswith(CATALOG_PREFIX):
        raise TrackerError(
            f"warehouse {uri!r}: a DuckLake warehouse is named `{CATALOG_PREFIX}<libpq "
            f"connection string>` (for example `{CATALOG_PREFIX}dbname=tracker host=db`); its "
            f"catalog lives in PostgreSQL")
    return uri[len(CATALOG_PREFIX):]


class _Engine:
    """The process's one in-memory DuckDB with both extensions loaded (loading them costs most
    of a second): every lake connection is a cursor of it, with an attachment of its own."""

    def __init__(self) -> None:
        self._base: duckdb.DuckDBPyConnection | None = None
        self._names = itertools.count()
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own (its own transactions and default database)."""
        with self._lock:
            if self._base is None:
                base = duckdb.connect(config={"autoinstall_known_extensions": False})
                load_extensions(base)
                self._base = base
            cursor = self._base.cursor()
        # Instants come back in Beijing time, as on a file (tracker/store/connect.py); the
        # setting belongs to each connection.
        cursor.execute(f"SET TimeZone = '{clock.ZONE_NAME}'")
        return cursor

    def name(self) -> str:
        """A fresh alias for an attachment."""
        return f"{ALIAS}{next(self._names)}"

    def close(self) -> None:
        """Close the engine (and every cursor of it)."""
        with self._lock:
            if self._base is not None:
                self._base.close()
                self._base = None


ENGINE = _Engine()


@dataclass(frozen=True)
class Home:
    """How a connection attached its lake: its alias, what ATTACH took, and the data path
    option (an attachment of an older snapshot takes the same, tracker/store/travel.py)."""

    alias: str
    target: str
    data_path: tuple[str, ...]


# The lake each connection made by `connect` attached, by connection.
HOMES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, Home] = weakref.WeakKeyDictionary()


def load_extensions(con: duckdb.DuckDBPyConnection) -> None:
    """Load DuckLake and the PostgreSQL scanner into `con`'s database, from the wheels."""
    for module, name in extensions.LAKE:
        extensions.load(con, module, name)


def attach(con: duckdb.DuckDBPyConnection, location: Location, alias: str,
           read_only: bool) -> None:
    """Attach the lake to `con` as `alias` and make it the default database; a reader never
    creates one. `con` is closed if the lake cannot be attached."""
    target = quoted("ducklake:postgres:" + conninfo(location))
    data_path: tuple[str, ...] = ()
    if location.data_path is not None:
        # Another machine may mount the shared data folder elsewhere: its own path wins.
        data_path = (f"DATA_PATH {quoted(location.data_path)}", "OVERRIDE_DATA_PATH true")
    options = ["READ_ONLY", *data_path] if read_only else list(data_path)
    suffix = f" ({', '.join(options)})" if options else ""
    try:
        if location.data_path is not None and storage.is_url(location.data_path):
            extensions.reach_store(con, location.data_path)
        _attach(con, f"ATTACH {target} AS {alias}{suffix}")
        con.execute(f"USE {alias}")
        if location.data_path is None:  # the one the catalog recorded: an object store too?
            recorded = recorded_data_path(con)
            if storage.is_url(recorded):
                extensions.reach_store(con, recorded)
    except duckdb.Error as exc:
        con.close()
        raise _attach_error(location, str(exc)) from exc
    except TrackerError:
        con.close()
        raise
    HOMES[con] = Home(alias, target, data_path)


def _attach(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        con.execute(sql)
    except duckdb.Error as exc:
        if "httpfs" not in str(exc):
            raise
        # A lake whose recorded data path is an object store, attached without naming it:
        # DuckLake wants httpfs to attach at all; the secret follows once the path is known.
        extensions.load(con, *extensions.HTTPFS)
        con.execute(sql)


def connect(location: Location, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection of the process's engine whose default database is the lake. Close it
    with `disconnect`."""
    con = ENGINE.cursor()
    attach(con, location, ENGINE.name(), read_only)
    return con


def disconnect(con: duckdb.DuckDBPyConnection) -> None:
    """Detach the connection's lake (ending its PostgreSQL sessions) and close it."""
    with contextlib.suppress(duckdb.Error):
        alias = _alias(con)
        HOMES.pop(con, None)
        con.execute("USE memory")
        # Attachments belong to the engine, not the cursor: its older snapshots' go too
        # (tracker/store/travel.py names them `<alias>_at<snapshot>`).
        older = con.execute("SELECT database_name FROM duckdb_databases() "
                            "WHERE starts_with(database_name, $prefix)",
                            {"prefix": f"{alias}_at"}).fetchall()
        for (name,) in older:
            con.execute(f"DETACH {name}")
        con.execute(f"DETACH {alias}")
    con.close()


def _alias(con: duckdb.DuckDBPyConnection) -> str:
    home = HOMES.get(con)
    if home is not None:
        return home.alias
    row = con.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else ALIAS


def _attach_error(location: Location, detail: str) -> TrackerError:
    if "creating a new DuckLake is explicitly disabled" in detail:
        return WarehouseMissingError(location.name)
    if "DATA_PATH" in detail or "data path" in detail.lower():
        return TrackerError(
            f"a new DuckLake warehouse {location.name} needs a data path for its Parquet files "
            f"and raw payloads: set TRACKER_DATA_PATH (or --data-path) to a shared folder")
    detail = without_password(detail)
    first = detail.strip().splitlines()[-1] if detail.strip() else detail
    return TrackerError(
        f"cannot open the DuckLake warehouse {location.name}: {first.strip()}. Check that "
        f"PostgreSQL is running and the connection string names an existing database the user "
        f"may use (README, \"A warehouse for a team\")")


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's default database is a DuckLake."""
    row = con.execute("SELECT type FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    return bool(row and row[0] == "ducklake")


def recorded_data_path(con: duckdb.DuckDBPyConnection) -> str:
    """The data path the lake's catalog holds (or the override this connection attached with)."""
    row = con.execute(f"SELECT value FROM ducklake_options('{_alias(con)}') "
                      f"WHERE option_name = 'data_path'").fetchone()
    return str(row[0]) if row and row[0] else ""


def snapshot_id(con: duckdb.DuckDBPyConnection) -> int:
    """The snapshot the connection's transaction reads (fetching it is the round trip the
    transaction's first read makes anyway)."""
    row = con.execute(f"SELECT id FROM {_alias(con)}.current_snapshot()").fetchone()
    return int(row[0]) if row else -1


def snapshots(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every snapshot the lake keeps: its id, when it was committed, what it changed, and
    the commit's message (`tracker copy` names the copy's)."""
    return con.execute(
        f"""
        SELECT snapshot_id, snapshot_time, schema_version,
               array_to_string(list_sort(map_keys(changes)), ', ') AS changes,
               list_sum([len(v) FOR v IN map_values(changes)]) AS tables,
               commit_message AS message
        FROM ducklake_snapshots('{_alias(con)}') ORDER BY snapshot_id
        """).pl()


class WriterLock:
    """The advisory lock every write call holds, on a PostgreSQL session of its own."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self._con: duckdb.DuckDBPyConnection | None = None
        self._alias = ""

    @contextlib.contextmanager
    def held(self, timeout: float) -> Iterator[None]:
        """Wait up to `timeout` seconds for the lock, hold it for the block, then release."""
        con = self._session()
        con.execute("BEGIN TRANSACTION")
        try:
            self._acquire(con, timeout)
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        try:
            yield
        finally:
            # Ends the PostgreSQL transaction, which releases the transaction-level lock.
            con.execute("ROLLBACK")

    def _acquire(self, con: duckdb.DuckDBPyConnection, timeout: float) -> None:
        started = time.monotonic()
        wait_ms = max(1, int(timeout * 1000))
        try:
            con.execute(f"CALL postgres_execute('{self._alias}', 'SET LOCAL lock_timeout = "
                        f"{wait_ms}; SELECT pg_advisory_xact_lock({_LOCK_KEY})')")
        except duckdb.Error as exc:
            if "lock timeout" not in str(exc):
                raise _attach_error(self.location, str(exc)) from exc
            raise WarehouseBusyError(self.location.name, time.monotonic() - started,
                                     "another writer held the lake's writer lock") from exc

    def _session(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con, self._alias = ENGINE.cursor(), ENGINE.name()
            try:
                con.execute(f"ATTACH {quoted(conninfo(self.location))} AS {self._alias} "
                            f"(TYPE postgres)")
            except duckdb.Error as exc:
                con.close()
                raise _attach_error(self.location, str(exc)) from exc
            self._con = con
        return self._con

    def close(self) -> None:
        """End the PostgreSQL session."""
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.execute(f"DETACH {self._alias}")
            self._con.close()
            self._con = None
