"""The catalog as polars frames, for `wh.indicators()`, `wh.regions()`, `wh.clusters()`.

Built from the catalog in memory (the package's rows with the user's folder merged over them),
so a listing shows a user's rows at once, before any write syncs them into the warehouse.
Columns are named as in the catalog CSVs; lists of names are `|`-separated, as there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import polars as pl

from tracker.catalog import Catalog


def _column(kind: str, field: str) -> str:
    # The CSVs say aliases_zh for indicators' aliases and cues_zh for measures' cues.
    if field == "cues" or (kind == "indicator" and field == "aliases"):
        return f"{field}_zh"
    return field


def frame(cat: Catalog, kind: str, entries: Iterable[Any] | None = None) -> pl.DataFrame:
    """One row per entry of `kind` (default: all of them), ordered by code."""
    table = cat.table(kind)
    fields = [f.name for f in dataclasses.fields(next(iter(table.values())))]
    columns = [_column(kind, f) for f in fields]
    rows = [["|".join(v) if isinstance(v := getattr(entry, f), tuple) else v for f in fields]
            for entry in (table.values() if entries is None else entries)]
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row").sort("code")
