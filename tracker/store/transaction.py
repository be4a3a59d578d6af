"""One transaction around a block of writes: the one way the store writes, so that a release,
an event or a re-ranking lands whole or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Committed when the block ends, rolled back if anything escapes it (a KeyboardInterrupt
    too)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
