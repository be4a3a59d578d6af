"""Finding an indicator by any of its names: code, Chinese or English name, or an alias."""

from __future__ import annotations

import polars as pl

from tracker.catalog import Indicator, catalog


def names(ind: Indicator) -> list[str]:
    """Every name an indicator goes by, the code first."""
    return [ind.code, ind.name_zh, ind.name_en, *ind.aliases]


def _score(ind: Indicator, query: str) -> int:
    """0 for no match; higher for a whole name, then a name's start, then anywhere in one."""
    best = 0
    for n, name in enumerate(names(ind)):
        name = name.casefold()
        if name == query:
            best = max(best, 30 - min(n, 3))
        elif name.startswith(query):
            best = max(best, 20)
        elif query in name:
            best = max(best, 10)
    return best


def search(query: str, held: pl.DataFrame) -> pl.DataFrame:
    """The catalog's indicators matching `query` (all when it is blank), best match first,
    each with what the warehouse holds of it (`held`: Warehouse.holdings())."""
    query = " ".join(query.split()).casefold()
    found = [(ind, _score(ind, query) if query else 1) for ind in catalog().indicators.values()]
    found = [(ind, s) for ind, s in found if s > 0]
    counts = held.group_by("indicator").agg(
        pl.col("figures").sum(), pl.col("region").n_unique().alias("regions"),
        pl.col("measure").unique().sort().alias("measures"),
        pl.col("last_period").max().alias("last_period"))
    table = pl.DataFrame(
        {"code": [i.code for i, _ in found], "name_zh": [i.name_zh for i, _ in found],
         "name_en": [i.name_en for i, _ in found],
         "aliases": [list(i.aliases) for i, _ in found], "unit": [i.unit for i, _ in found],
         "score": [s for _, s in found]},
        schema={"code": pl.Utf8, "name_zh": pl.Utf8, "name_en": pl.Utf8,
                "aliases": pl.List(pl.Utf8), "unit": pl.Utf8, "score": pl.Int64})
    joined = table.join(counts.rename({"indicator": "code"}), on="code", how="left")
    return joined.with_columns(pl.col("figures").fill_null(0),
                               pl.col("regions").fill_null(0),
                               (pl.col("figures").fill_null(0) > 0).alias("has_data")).sort(
        ["score", "has_data", "code"], descending=[True, True, False])
