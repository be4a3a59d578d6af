"""The vintages revisions() reads, fetched once and narrow (tracker/store/revisions.py).

Text is most of the cost of moving rows from DuckDB into polars (at 10M vintages four text
columns took twice as long as eight numeric ones), yet qualifier, status and the units take a
handful of values and the releases are few. So each such column comes as its number in a
short list of its values (found by one aggregation, far cheaper than converting the text),
compared as numbers, and turned back into text (`decoded`) only for the rows answered. A
column with more values than SMALL comes as text, and so does every column then.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import polars as pl

from tracker.store.read import release_frame

CODED = ("qualifier", "status", "unit", "unit_as_published")
# A list this long is still cheaper to search row by row than a join; a longer one takes the
# join (releases) or comes as text (the other columns).
SMALL = 64


def _used(params: dict[str, Any], sql: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pl.DataFrame:
    """Run `sql` into polars, its text as Arrow string views (the layout polars holds it in)."""
    con.execute("SET produce_arrow_string_view = true")
    try:
        return con.execute(sql, _used(params, sql)).pl()
    finally:
        con.execute("RESET produce_arrow_string_view")


def vintages(con: duckdb.DuckDBPyConnection, columns: list[str], ranks: pl.DataFrame,
             where: str, hidden_from: str, params: dict[str, Any],
             ) -> tuple[pl.DataFrame, dict[str, pl.Series]]:
    """(every vintage held: `columns`, `hidden_from`, its series' `_rank` from `ranks` (null
    for a series id not there) and its release's row in `decoders["_release"]`; the list of
    values of each column that comes as numbers, its first item null)."""
    params = dict(params)
    lists = con.execute(
        "SELECT " + ", ".join(f'list(DISTINCT o."{c}")' for c in CODED)
        + f" FROM observations o WHERE {where}", _used(params, where)).fetchone()
    values = dict(zip(CODED, [sorted(v or []) for v in lists or [None] * len(CODED)],
                      strict=True))
    decoders: dict[str, pl.Series] = {}
    if all(len(v) <= SMALL for v in values.values()):
        decoders = {c: pl.Series(c, [None, *v], dtype=pl.String) for c, v in values.items()}
    selected = []
    for c in columns:
        if c in decoders:
            params[f"values_{c}"] = values[c]
            selected.append(f'coalesce(list_position($values_{c}, o."{c}"), 0)::USMALLINT '
                            f'AS "{c}"')
        else:
            selected.append(f'o."{c}"')
    releases = release_frame(con)
    shown = releases.select("publisher", "title")
    decoders["_release"] = pl.concat([shown.clear(1), shown]).to_struct("_release")
    joins = ""
    if releases.height <= SMALL:
        params["release_ids"] = releases["release_id"].to_list()
        release = "coalesce(list_position($release_ids, o.release_id), 0)::UINTEGER"
    else:
        con.register("_revision_releases", releases.select("release_id").with_row_index(
            "_n", offset=1).to_arrow())
        joins = "LEFT JOIN _revision_releases r ON r.release_id = o.release_id"
        release = "coalesce(r._n, 0)::UINTEGER"
    try:
        held = fetch(con, f"SELECT {', '.join(selected)}, {hidden_from} AS hidden_from, "
                          f"{release} AS _release FROM observations o {joins} WHERE {where}",
                     params)
    finally:
        if releases.height > SMALL:
            con.unregister("_revision_releases")
    # The rank joined here, not in the query: cheaper, and no order is kept (rows are
    # numbered in `held` as it comes).
    return held.join(ranks, on="series_id", how="left"), decoders


def decoded(rows: pl.DataFrame, decoders: dict[str, pl.Series]) -> pl.DataFrame:
    """`rows` with its numbered columns as text again and `_release` as `publisher` and
    `title`."""
    # As expressions, so that polars looks the columns up side by side.
    looked_up = [pl.lit(decoders[c]).gather(pl.col(c)).alias(c)
                 for c in rows.columns if c in decoders and c != "_release"]
    release = pl.lit(decoders["_release"]).gather(pl.col("_release"))
    return rows.with_columns(*looked_up, release.struct.field("publisher"),
                             release.struct.field("title")).drop("_release")
