"""The code columns of a release table: names people write turned into codes, the rest refused.

A table may say 佛山, Shenzhen, GDP or 同比增长 where a code belongs; the catalog's resolver
(tracker/catalog.py) maps each distinct cell once, and a cell that names nothing is reported
with the codes most like it.
"""

from __future__ import annotations

import polars as pl

from tracker.catalog import Catalog
from tracker.errors import RowError, did_you_mean

ROW = "_row"


def names(frame: pl.DataFrame, cat: Catalog) -> pl.DataFrame:
    """Codes for the names people write in tables (佛山, Shenzhen, GDP, 同比增长), through the
    catalog's resolver; what names nothing is left as it came, for codes() to refuse."""
    mapped = []
    for kind in ("indicator", "region", "measure", "cluster"):
        given = frame[kind].drop_nulls().unique().to_list()
        found = {g: code for g in given if (code := cat.lookup(kind, str(g))) not in (None, g)}
        if found:
            mapped.append(pl.col(kind).replace(found))
    return frame.with_columns(mapped) if mapped else frame


def codes(frame: pl.DataFrame, column: str, cat: Catalog, kind: str,
          errors: list[RowError]) -> pl.Series:
    """A boolean mask of rows whose `column` holds a known code, errors appended for the rest."""
    ok = frame[column].is_in(list(cat.table(kind))).fill_null(False)
    for row, got in frame.filter(~ok).select(ROW, column).iter_rows():
        close = cat.suggest(kind, str(got)) if got else []
        hint = did_you_mean(close) or f"See the {kind}s in tracker/data/catalog/."
        errors.append(RowError(row, column, f"a known {kind} code", got, hint))
    return ok
