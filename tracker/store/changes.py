"""Whole-warehouse reads: conflicts here, revisions (the days an as-of answer changed) in
tracker/store/revisions.py.

The order and visibility are tracker/store/vintage.py's, as for every read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.store import vintage
from tracker.store.read import series_where
from tracker.store.revisions import in_parts, revisions

__all__ = ["conflicts", "in_parts", "revisions"]


# Each publisher's answer (its best vintage in the order, arg_min of the order's key `k`):
# one aggregation, where a window over every figure and publisher sorted each partition.
BEST = "{" + ", ".join(f"'{c}': o.\"{c}\"" for c in (
    "series_id", *vintage.KEY, "unit", "value", "value_as_published", "unit_as_published",
    "qualifier", "status", "publisher", "title", "date_published", "grade", "source_rank",
    "obs_id", "quote", "k")) + "}"


def conflicts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], tolerance: float,
              as_of: dt.date | None = None, known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Figures reported differently by different publishers beyond a relative tolerance.

    Each publisher's answer on `as_of` is compared with every other's; side `a` is the one that
    `series()` answers with when it is one of the two (the better-ranked). A bound consistent
    with the other figure (超4万亿 against 4.2万亿) is not a conflict. Only the figures that
    more than one publisher reported (one aggregation finds them) are ranked and paired: side
    `a` is the one whose answer comes first in the order.
    """
    clause, params = series_where(filters)
    params["tolerance"] = tolerance
    seen = vintage.visible(con, as_of, known_at, params)
    side = ("{s}.value AS value_{s}, {s}.value_as_published AS value_as_published_{s}, "
            "{s}.unit_as_published AS unit_as_published_{s}, {s}.qualifier AS qualifier_{s}, "
            "{s}.status AS status_{s}, {s}.publisher AS publisher_{s}, {s}.title AS title_{s}, "
            "{s}.date_published AS date_published_{s}, {s}.grade AS grade_{s}, "
            "{s}.source_rank AS source_rank_{s}, {s}.obs_id AS obs_id_{s}, "
            "{s}.quote AS quote_{s}")
    return con.execute(
        f"""
        WITH contested AS (
            SELECT o.series_id, o.period_start, o.period_end
            FROM observations o JOIN releases r USING (release_id)
            WHERE {clause} AND {seen}
            GROUP BY ALL HAVING min(r.publisher) <> max(r.publisher)
        ),
        latest AS (
            SELECT unnest(arg_min({BEST}, k))
            FROM (SELECT o.*, r.publisher, r.title, {vintage.known_key()} AS k
                  FROM observations o JOIN releases r USING (release_id)
                  SEMI JOIN contested c USING (series_id, period_start, period_end)
                  WHERE {clause} AND {seen}) o
            GROUP BY {vintage.partition()}, o.publisher
        ),
        pairs AS (
            SELECT a.indicator, a.region, a."cluster", a.measure, a.period_start, a.period_end,
                   a.unit, {side.format(s="a")}, {side.format(s="b")},
                   abs(a.value - b.value) / nullif(greatest(abs(a.value), abs(b.value)), 0)
                       AS relative_difference
            FROM latest a JOIN latest b ON a.series_id = b.series_id
             AND {vintage.same_figure("a", "b")} AND a.publisher <> b.publisher AND a.k < b.k
        )
        SELECT * FROM pairs
        WHERE relative_difference > $tolerance
          AND NOT (qualifier_a IN ('over', 'at_least') AND value_b >= value_a)
          AND NOT (qualifier_b IN ('over', 'at_least') AND value_a >= value_b)
          AND NOT (qualifier_a = 'under' AND value_b <= value_a)
          AND NOT (qualifier_b = 'under' AND value_a <= value_b)
        ORDER BY indicator, region, measure, period_end, source_rank_a, source_rank_b
        """,
        params,
    ).pl()
