"""SQL a person types (`tracker sql`, `Warehouse.sql`), run on a read connection."""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl


def query(con: duckdb.DuckDBPyConnection, text: str,
          params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
    """The rows of `text`; the read connection refuses any write."""
    return con.execute(text, params).pl()
