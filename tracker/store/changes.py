"""Whole-warehouse reads: revisions (the days an as-of answer changed) and conflicts.

The order and visibility are tracker/store/vintage.py's, as for every read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.store import vintage
from tracker.store.read import series_where

KEY = vintage.KEY


# The answer's columns; the publication date first, so that sorting a figure's list of them
# puts them in publication order.
FIELDS = ("date_published", "value", "value_as_published", "unit_as_published", "qualifier",
          "status", "unit", "release_id", "obs_id")
ANSWER = "{" + ", ".join(f"'{f}': o.{f}" for f in FIELDS) + "}"
# Neighbours (in publication order) that make a figure other than plain: two source ranks, or
# two vintages the same day.
ODD = ("o.source_rank <> lag(o.source_rank) OVER w "
       "OR o.date_published = lag(o.date_published) OVER w")
# Series ids that more than one series share (a hash collision): their figures are not plain.
COLLIDED = ("min(indicator) <> max(indicator) OR min(region) <> max(region) "
            "OR min(measure) <> max(measure) OR min(\"cluster\") <> max(\"cluster\") "
            "OR count(\"cluster\") NOT IN (0, count(*))")
FIGURE = ("series_id", "period_start", "period_end")
# The row before is a vintage of the same figure (in the one order of every vintage).
CONTINUES = " AND ".join(f"lag(o.{c}) OVER w = o.{c}" for c in FIGURE)


def _chain(held: str) -> str:
    """SQL (figure key, day, each answer field f and previous_f) for every day a figure's as-of
    answer may have changed.

    A plain figure (one source rank, one vintage a day, no withdrawal or correction, no other
    series sharing its series id) answers with each vintage in turn from its publication day:
    its previous answer is the vintage before it in publication order. Every vintage is put in
    one order (figure, then publication date) and `lag` reads the row before: one sort, and no
    partitions (a window of millions of small partitions costs several times more). The other
    figures (few) take the join of days and vintages that writes the definition out.
    """
    key = ", ".join(f'"{c}"' for c in KEY)
    figure = ", ".join(FIGURE)
    previous = ", ".join(f"lag(o.{f}) OVER w AS previous_{f}" for f in FIELDS)
    unpacked = ", ".join(f"a.{f} AS {f}, p.{f} AS previous_{f}" for f in FIELDS)
    flat = ", ".join(f"{f}, previous_{f}" for f in FIELDS)
    order = f"ORDER BY o.{figure.replace(', ', ', o.')}, o.date_published"
    return f"""
        WITH held AS NOT MATERIALIZED ({held}),
        odd AS (
            SELECT DISTINCT {figure} FROM (
                SELECT o.{figure.replace(", ", ", o.")}, o.hidden_from IS NOT NULL
                       OR coalesce({CONTINUES} AND ({ODD}), false) AS odd
                FROM held o WINDOW w AS ({order})
            ) WHERE odd
            UNION
            SELECT DISTINCT {figure} FROM held SEMI JOIN (
                SELECT series_id FROM held GROUP BY series_id HAVING {COLLIDED}
            ) USING (series_id)
        ),
        lagged AS NOT MATERIALIZED (
            SELECT o.{figure.replace(", ", ", o.")}, {", ".join(f'o."{c}"' for c in KEY)},
                   {", ".join(f"o.{f}" for f in FIELDS)}, {previous},
                   coalesce({CONTINUES}, false) AS continues
            FROM held o WINDOW w AS ({order})
        ),
        other AS (SELECT o.* FROM held o SEMI JOIN odd USING ({figure})),
        days AS (
            SELECT DISTINCT {figure}, {key}, date_published AS day FROM other
            UNION
            SELECT DISTINCT {figure}, {key}, hidden_from AS day FROM other
            WHERE hidden_from > DATE '0001-01-01'
        ),
        answers AS (
            SELECT {", ".join(f'd."{c}"' for c in KEY)}, d.day,
                   arg_min({ANSWER}, {vintage.known_key("o")}) AS a
            FROM days d JOIN other o USING ({figure}) WHERE {vintage.same_figure("d", "o")}
              AND o.date_published <= d.day
              AND (o.hidden_from IS NULL OR o.hidden_from > d.day)
            GROUP BY d.{figure.replace(", ", ", d.")}, {", ".join(f'd."{c}"' for c in KEY)}, d.day
        )
        SELECT {key}, date_published AS day, {flat}
        FROM lagged ANTI JOIN odd USING ({figure}) WHERE continues
        UNION ALL
        SELECT {key}, day, {unpacked}
        FROM (SELECT *, lag(a) OVER (PARTITION BY {key} ORDER BY day) AS p FROM answers)
        WHERE p IS NOT NULL
    """


# Sorted in polars: DuckDB's sort moves every column of millions of wide rows; polars sorts the
# keys and gathers each column once.
REVISION_ORDER = ["indicator", "region", "measure", "cluster", "period_end", "period_start",
                  "changed_on"]


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn."""
    clause, params = series_where(filters)
    condition, hidden_from = vintage.held(con, known_at, params)
    held = (f"SELECT o.*, {hidden_from} AS hidden_from FROM observations o "
            f"WHERE {clause} AND {condition}")
    return con.execute(
        f"""
        WITH chain AS ({_chain(held)})
        SELECT indicator, region, "cluster", measure, period_start, period_end, unit,
               day AS changed_on, previous_value, value, value - previous_value AS change,
               round(100 * (value - previous_value) / nullif(abs(previous_value), 0), 4)
                   AS change_pct,
               previous_qualifier, qualifier, previous_status, status,
               concat_ws(',', CASE WHEN value <> previous_value THEN 'value' END,
                         CASE WHEN qualifier <> previous_qualifier THEN 'qualifier' END,
                         CASE WHEN status <> previous_status THEN 'status' END) AS changed,
               previous_value_as_published, previous_unit_as_published,
               value_as_published, unit_as_published,
               pr.publisher AS previous_publisher, pr.title AS previous_title,
               previous_date_published, previous_obs_id,
               ar.publisher AS publisher, ar.title AS title, date_published, obs_id
        FROM chain
        JOIN (SELECT release_id, publisher, title FROM releases) pr
          ON pr.release_id = previous_release_id
        JOIN (SELECT release_id, publisher, title FROM releases) ar
          ON ar.release_id = chain.release_id
        WHERE value <> previous_value OR qualifier <> previous_qualifier
           OR status <> previous_status
        """,
        params,
    ).pl().sort(REVISION_ORDER, nulls_last=True)


def conflicts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], tolerance: float,
              as_of: dt.date | None = None, known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Figures reported differently by different publishers beyond a relative tolerance.

    Each publisher's answer on `as_of` is compared with every other's; side `a` is the one that
    `series()` answers with when it is one of the two (the better-ranked). A bound consistent
    with the other figure (超4万亿 against 4.2万亿) is not a conflict. Only the figures that
    more than one publisher reported (one aggregation finds them) are ranked and paired.
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
            SELECT o.*, r.publisher, r.title,
                   row_number() OVER (PARTITION BY {vintage.partition()}
                                      ORDER BY {vintage.known_key()}) AS standing
            FROM observations o JOIN releases r USING (release_id)
            SEMI JOIN contested c USING (series_id, period_start, period_end)
            WHERE {clause} AND {seen}
            QUALIFY row_number() OVER (PARTITION BY {vintage.partition()}, r.publisher
                                       ORDER BY {vintage.known_key()}) = 1
        ),
        pairs AS (
            SELECT a.indicator, a.region, a."cluster", a.measure, a.period_start, a.period_end,
                   a.unit, {side.format(s="a")}, {side.format(s="b")},
                   abs(a.value - b.value) / nullif(greatest(abs(a.value), abs(b.value)), 0)
                       AS relative_difference
            FROM latest a JOIN latest b ON {vintage.same_figure("a", "b")}
             AND a.publisher <> b.publisher AND a.standing < b.standing
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
