"""SQL a person typed, run where it can read the warehouse's tables and nothing else.

The one home of user SQL (`tracker sql` now, `tracker serve` later): each query gets its own
read-only connection, opened with file system and network access switched off and its
configuration locked before the user's text runs, so `read_csv('/etc/passwd')`, `glob`,
`COPY ... TO`, `ATTACH` or `INSTALL` cannot reach the host even from inside a SELECT (on a
DuckLake, tracker/store/sandbox_lake.py, where the PostgreSQL scanner's functions are refused).
Statements are classified by DuckDB's own parser (`extract_statements`), never by matching
text: only a read (SELECT, WITH, FROM, VALUES, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN) is run, one
at a time, and values arrive as bound parameters.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from tracker import clock
from tracker.errors import (
    SqlError,
    SqlRefusedError,
    WarehouseBusyError,
    WarehouseMissingError,
    WarehouseOutdatedError,
)
from tracker.paths import Location
from tracker.store import connect, migrate, sandbox_lake

READS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
# Why each other kind is refused, in the words of what it would do.
REFUSALS = {
    "COPY": "it reads or writes files", "COPY_DATABASE": "it copies a database",
    "EXPORT": "it writes files", "ATTACH": "it opens another database or file",
    "DETACH": "it closes the warehouse", "LOAD": "it installs or loads an extension",
    "EXTENSION": "it installs or loads an extension", "CALL": "it runs a procedure "
    "(CHECKPOINT, PRAGMA and the like change the database or its settings)",
    "PRAGMA": "it changes a setting", "SET": "it changes a setting or the database in use",
    "VARIABLE_SET": "it changes a setting", "TRANSACTION": "each query is its own transaction",
    "PREPARE": "parameters are passed with --param instead",
    "EXECUTE": "parameters are passed with --param instead",
    "VACUUM": "it rewrites the database", "ANALYZE": "it rewrites the database's statistics",
}
WRITE = "it writes, and the warehouse is read-only here (figures go in through `tracker ingest`)"
# DuckDB types polars and the output formats show faithfully; any other column is shown as text.
PLAIN = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
         "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "VARCHAR", "DATE", "TIME",
         "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "NULL")
FILE_ACCESS = "file system operations are disabled"
# Switched off when the database starts, before any statement can run.
CLOSED = {"enable_external_access": False, "autoload_known_extensions": False,
          "autoinstall_known_extensions": False}


def statement(sql: str) -> duckdb.Statement:
    """The one read `sql` holds, parsed; a SqlRefusedError for anything else."""
    try:
        parsed = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise SqlError(sql, _first_lines(exc), "Fix the syntax and run it again.") from None
    if not parsed:
        raise SqlRefusedError(sql, "an empty query", "there is nothing to run")
    if len(parsed) > 1:
        raise SqlRefusedError(sql, f"{len(parsed)} statements",
                              "one query runs at a time; run them one by one")
    found = parsed[0]
    if found.type not in READS:
        kind = found.type.name
        article = "an" if kind[0] in "AEIOU" else "a"
        raise SqlRefusedError(sql, f"{article} {kind} statement", REFUSALS.get(kind, WRITE))
    return found


def bind(found: duckdb.Statement, positional: Sequence[str],
         named: Mapping[str, str]) -> list[str] | dict[str, str] | None:
    """The parameters `found` asks for, from the values given; an error naming any missing
    or unused one. `?` and `$1` take positional values, `$name` takes `--param name=VALUE`."""
    wanted = set(found.named_parameters)
    sql = found.query
    if positional and named:
        raise SqlError(sql, "both positional values and --param NAME=VALUE were given",
                       "Use one kind: ? or $1 with values after the query, or $name with "
                       "--param name=VALUE.")
    if wanted and all(w.isdigit() for w in wanted):
        if named:
            raise SqlError(sql, f"--param {', '.join(sorted(named))} for a query numbered "
                           "with ? or $1", "Give the values after the query, in order.")
        if len(positional) != len(wanted):
            raise SqlError(sql, f"the query takes {len(wanted)} value(s), {len(positional)} "
                           "given", "Give one value after the query for each ? or $N.")
        return list(positional)
    if positional:
        raise SqlError(sql, f"{len(positional)} value(s) after a query that takes "
                       + (f"named parameters ${', $'.join(sorted(wanted))}" if wanted
                          else "no parameters"),
                       "Name each value with --param NAME=VALUE, or drop the extra values.")
    missing, unused = sorted(wanted - set(named)), sorted(set(named) - wanted)
    if missing:
        raise SqlError(sql, f"no value for ${', $'.join(missing)}",
                       "Pass " + " ".join(f"--param {m}=VALUE" for m in missing) + ".")
    if unused:
        raise SqlError(sql, f"--param {', '.join(unused)} which the query does not use",
                       "Drop it, or use it in the query as $NAME.")
    return dict(named) if named else None


def query(where: Path | Location, sql: str, positional: Sequence[str] = (),
          named: Mapping[str, str] | None = None, timeout: float | None = None,
          lock_timeout: float = connect.LOCK_TIMEOUT) -> pl.DataFrame:
    """Run one read typed by a person against the warehouse at `where` (a file's path, or a
    file's or a DuckLake's location); return its rows.

    `timeout`: seconds after which the query is interrupted (None: no limit).
    """
    found = statement(sql)
    params = bind(found, positional, named or {})
    path = where if isinstance(where, Path) else Path(where.name)
    with sandboxed(where, lock_timeout) as con:
        sandbox_lake.check(con, found, sql)
        timer = threading.Timer(timeout, con.interrupt) if timeout else None
        if timer is not None:
            timer.start()
        try:
            return _rows(con, found, sql, params)
        except duckdb.InterruptException:
            raise SqlError(sql, f"the query ran longer than {timeout:g}s and was stopped",
                           "Narrow it (a WHERE, a LIMIT) and run it again.") from None
        except duckdb.IOException as exc:  # a damaged block met mid-query
            raise connect.damaged(path, exc) from None
        except duckdb.PermissionException:
            raise SqlRefusedError(sql, "a read of a file or address outside the warehouse",
                                  "queries see the warehouse's tables only") from None
        except duckdb.Error as exc:
            if FILE_ACCESS in str(exc):
                raise SqlRefusedError(sql, "a read of a file or address outside the "
                                      "warehouse", "queries see the warehouse's tables only"
                                      ) from None
            raise SqlError(sql, _first_lines(exc), "See `tracker sql \"SHOW TABLES\"` and "
                           "`tracker sql \"DESCRIBE observations\"` for the tables and "
                           "columns; cast a parameter where its type is unclear "
                           "($n::INTEGER).") from None
        finally:
            if timer is not None:
                timer.cancel()


def _rows(con: duckdb.DuckDBPyConnection, found: duckdb.Statement, sql: str,
          params: list[str] | dict[str, str] | None) -> pl.DataFrame:
    con.execute(found, params)
    types = [str(d[1]) for d in con.description or []]
    if all(t.split("(")[0] in PLAIN for t in types) or found.type != duckdb.StatementType.SELECT:
        return con.pl()
    # A column polars cannot hold (INTERVAL, HUGEINT, UUID, BLOB, UNION...) comes back as text.
    text = sql.strip().rstrip(";")
    return con.execute(f"SELECT COLUMNS(*)::VARCHAR FROM ({text})", params).pl()


@contextlib.contextmanager
def sandboxed(where: Path | Location, lock_timeout: float = connect.LOCK_TIMEOUT
              ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that sees the warehouse at `where` read-only and nothing else."""
    if isinstance(where, Location) and where.file is not None:
        where = where.file
    if isinstance(where, Path):
        if not where.exists():
            raise WarehouseMissingError(str(where))
        con = _opened(where, lock_timeout)
    else:
        con = sandbox_lake.opened(where)  # a lake's readers wait for no writer
    try:
        outdated = migrate.pending(con)
        if outdated:
            raise WarehouseOutdatedError(str(where if isinstance(where, Path) else where.name),
                                         outdated)
        yield con
    finally:
        con.close()


def _opened(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    # The same wait as every reader's (tracker/store/connect.py): writers first, then retries
    # while a writer still holds the file.
    deadline = time.monotonic() + timeout
    while connect.writers_waiting(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True, config=dict(CLOSED))
        except duckdb.ConnectionException:
            # This process reads the file already, under the ordinary configuration (DuckDB
            # keeps one per file): let those reads go (they reopen when next needed).
            connect.close_all()
            con = duckdb.connect(str(path), read_only=True, config=dict(CLOSED))
        except duckdb.IOException as exc:
            if not connect._is_lock_conflict(exc):
                raise connect.damaged(path, exc) from None
            if time.monotonic() > deadline:
                raise WarehouseBusyError(str(path), timeout, _first_lines(exc)) from exc
            time.sleep(0.05)
            continue
        # The zone is an extension's setting, not accepted before the database starts; the
        # lock then keeps every setting, external access included, as it is.
        con.execute(f"SET TimeZone = '{clock.ZONE_NAME}'")
        con.execute("SET lock_configuration = true")
        return con


def _first_lines(exc: BaseException) -> str:
    """DuckDB's message without its long candidate lists: the first paragraph."""
    return str(exc).strip().split("\n\n")[0]
