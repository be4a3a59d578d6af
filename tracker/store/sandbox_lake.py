"""The `tracker sql` sandbox (tracker/store/sandbox.py) on a DuckLake warehouse.

A lake cannot be opened with file system and network access switched off from the start: its
two extensions are loaded from files and its catalog is a PostgreSQL server. So the query gets a
DuckDB database of its own that loads them, attaches the lake read-only, and only then switches
external access off, with the lake's Parquet folder (`<data path>/main/`) the one folder left
readable, and locks the configuration. Writes are refused by the read-only attachment, the
catalog's tables included.

What is still open after that is the PostgreSQL scanner's own functions (`postgres_query`,
`postgres_execute`, `postgres_scan` with any connection string...): they reach PostgreSQL
servers without asking DuckDB's file system, and `postgres_execute` runs whatever text it is
given, a COMMIT and a write after it too. So on a lake every query is read first as DuckDB
parses it (`json_serialize_sql`) and refused if it calls any function that extension added, or
one that runs text as SQL (`query`, `query_table`, `json_execute_serialized_sql`), whose text
that reading cannot see into. EXPLAIN cannot be read that way and is refused on a lake.
"""

from __future__ import annotations

import json
import weakref

import duckdb

from tracker import clock
from tracker.errors import SqlRefusedError
from tracker.paths import Location
from tracker.store import extensions, lake

ALIAS = "lake"
RUNS_TEXT = frozenset({"query", "query_table", "json_execute_serialized_sql"})
# Per sandboxed lake connection: the functions its queries may not call.
_FORBIDDEN: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, frozenset[str]] = (
    weakref.WeakKeyDictionary())


def opened(location: Location) -> duckdb.DuckDBPyConnection:
    """A database of its own that sees the lake read-only and nothing else."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    scanner, ducklake = extensions.LAKE
    before = _functions(con)
    extensions.load(con, *scanner)
    _FORBIDDEN[con] = frozenset(_functions(con) - before) | RUNS_TEXT
    extensions.load(con, *ducklake)
    lake.attach(con, location, ALIAS, read_only=True)
    # The one folder left readable: a path, or an object store's URL (the same prefix test).
    parquet = lake.recorded_data_path(con).rstrip("/") + "/main/"
    con.execute(f"SET allowed_directories = [{extensions.quoted(parquet)}]")
    con.execute("SET enable_external_access = false")
    con.execute(f"SET TimeZone = '{clock.ZONE_NAME}'")
    con.execute("SET lock_configuration = true")
    return con


def _functions(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0].lower() for r in con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions()").fetchall()}


def check(con: duckdb.DuckDBPyConnection, found: duckdb.Statement, sql: str) -> None:
    """Refuse a query of a lake's sandbox that calls a function it may not (a file's sandbox
    needs no such reading: nothing there reaches past the file)."""
    forbidden = _FORBIDDEN.get(con)
    if forbidden is None:
        return
    if found.type != duckdb.StatementType.SELECT:
        raise SqlRefusedError(sql, "an EXPLAIN statement on a DuckLake warehouse",
                              "its plan cannot be checked for calls that reach PostgreSQL; "
                              "run the query itself")
    tree = json.loads(con.execute("SELECT json_serialize_sql($q)", {"q": found.query})
                      .fetchone()[0])  # type: ignore[index]
    if tree.get("error"):
        raise SqlRefusedError(sql, "a query of a form that cannot be checked on a DuckLake "
                              f"warehouse ({tree.get('error_message', 'not a plain SELECT')})",
                              "write it as a plain SELECT")
    called = sorted(_called(tree) & forbidden)
    if called:
        raise SqlRefusedError(sql, f"a call of {', '.join(called)}",
                              "it reaches PostgreSQL itself or runs text as SQL, and queries "
                              "see the warehouse's tables only")


def _called(tree: object) -> set[str]:
    """Every function name in a parsed query."""
    if isinstance(tree, dict):
        found = {tree["function_name"].lower()} if isinstance(
            tree.get("function_name"), str) else set()
        return found.union(*(_called(v) for v in tree.values()))
    if isinstance(tree, list):
        return set().union(*(_called(v) for v in tree))
    return set()
