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


def _held(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
          known_at: dt.datetime | None) -> tuple[str, dict[str, Any]]:
    """SQL of every vintage held at `known_at` with its publisher and title, and the date its
    release is hidden from (NULL: never withdrawn)."""
    clause, params = series_where(filters)
    held, hidden_from = vintage.held(con, known_at, params)
    return (f"""
        SELECT o.*, r.publisher, r.title, {hidden_from} AS hidden_from
        FROM observations o JOIN releases r ON r.release_id = o.release_id
        WHERE {clause} AND {held}
        """, params)


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn."""
    held, params = _held(con, filters, known_at)
    key = ", ".join(f'"{c}"' for c in KEY)
    answer = ("{'value': o.value, 'value_as_published': o.value_as_published, "
              "'unit_as_published': o.unit_as_published, 'qualifier': o.qualifier, "
              "'status': o.status, 'publisher': o.publisher, 'title': o.title, "
              "'date_published': o.date_published, 'obs_id': o.obs_id}")
    return con.execute(
        f"""
        WITH held AS ({held}),
        days AS (
            SELECT DISTINCT {key}, unit, date_published AS day FROM held
            UNION
            SELECT DISTINCT {key}, unit, hidden_from AS day FROM held
            WHERE hidden_from > DATE '0001-01-01'
        ),
        answers AS (
            SELECT {", ".join(f'd."{c}"' for c in KEY)}, d.unit, d.day,
                   arg_min({answer}, {vintage.known_key("o")}) AS a
            FROM days d JOIN held o ON {vintage.same_figure("d", "o")}
             AND o.date_published <= d.day AND (o.hidden_from IS NULL OR o.hidden_from > d.day)
            GROUP BY ALL
        ),
        chain AS (
            SELECT *, lag(a) OVER (PARTITION BY {key} ORDER BY day) AS p FROM answers
        )
        SELECT indicator, region, "cluster", measure, period_start, period_end, unit,
               day AS changed_on, p.value AS previous_value, a.value AS value,
               a.value - p.value AS change,
               round(100 * (a.value - p.value) / nullif(abs(p.value), 0), 4) AS change_pct,
               p.qualifier AS previous_qualifier, a.qualifier AS qualifier,
               p.status AS previous_status, a.status AS status,
               concat_ws(',', CASE WHEN a.value <> p.value THEN 'value' END,
                         CASE WHEN a.qualifier <> p.qualifier THEN 'qualifier' END,
                         CASE WHEN a.status <> p.status THEN 'status' END) AS changed,
               p.value_as_published AS previous_value_as_published,
               p.unit_as_published AS previous_unit_as_published,
               a.value_as_published AS value_as_published,
               a.unit_as_published AS unit_as_published,
               p.publisher AS previous_publisher, p.title AS previous_title,
               p.date_published AS previous_date_published, p.obs_id AS previous_obs_id,
               a.publisher AS publisher, a.title AS title, a.date_published AS date_published,
               a.obs_id AS obs_id
        FROM chain
        WHERE p IS NOT NULL
          AND (a.value <> p.value OR a.qualifier <> p.qualifier OR a.status <> p.status)
        ORDER BY indicator, region, measure, "cluster", period_end, period_start, changed_on
        """,
        params,
    ).pl()


def conflicts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], tolerance: float,
              as_of: dt.date | None = None, known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Figures reported differently by different publishers beyond a relative tolerance.

    Each publisher's answer on `as_of` is compared with every other's; side `a` is the one that
    `series()` answers with when it is one of the two (the better-ranked). A bound consistent
    with the other figure (超4万亿 against 4.2万亿) is not a conflict.
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
        WITH latest AS (
            SELECT o.*, r.publisher, r.title,
                   row_number() OVER (PARTITION BY {vintage.partition()}
                                      ORDER BY {vintage.known_key()}) AS standing
            FROM observations o JOIN releases r USING (release_id)
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
