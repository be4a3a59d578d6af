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
ANSWER = ("{'date_published': o.date_published, 'value': o.value, "
          "'value_as_published': o.value_as_published, "
          "'unit_as_published': o.unit_as_published, 'qualifier': o.qualifier, "
          "'status': o.status, 'unit': o.unit, 'release_id': o.release_id, 'obs_id': o.obs_id}")
# A figure whose every vintage answers in turn, from its publication day to the next one's:
# one source rank and one vintage a day (a later date wins within a rank), no withdrawal or
# correction, and no other series sharing its series id (a hash collision). Most figures are;
# the rest take the join that writes the definition out.
PLAIN = ("min(source_rank) = max(source_rank) AND count(DISTINCT date_published) = count(*) "
         "AND NOT bool_or(hidden_from IS NOT NULL) AND min(indicator) = max(indicator) "
         "AND min(region) = max(region) AND min(measure) = max(measure) "
         "AND (count(\"cluster\") = 0 OR (count(\"cluster\") = count(*) "
         "AND min(\"cluster\") = max(\"cluster\")))")


def _chain(held: str) -> str:
    """SQL (figure key, unit, day, answer a, previous answer p) for every day a figure's as-of
    answer may have changed: PLAIN figures by sorting each one's short list of vintages (one
    aggregation, no join, no window), the others from a join of days and vintages."""
    key = ", ".join(f'"{c}"' for c in KEY)
    return f"""
        WITH held AS ({held}),
        figures AS MATERIALIZED (
            SELECT series_id, period_start, period_end, min(indicator) AS indicator,
                   min(region) AS region, min("cluster") AS "cluster", min(measure) AS measure,
                   {PLAIN} AS plain, list_sort(list({ANSWER})) AS l
            FROM held o GROUP BY series_id, period_start, period_end
        ),
        sorted AS (
            SELECT {key}, a.unit AS unit, a.date_published AS day, a, p
            FROM (SELECT *, unnest(l[1:len(l) - 1]) AS p, unnest(l[2:len(l)]) AS a
                  FROM figures WHERE plain)
        ),
        other AS (
            SELECT o.* FROM held o SEMI JOIN (SELECT * FROM figures WHERE NOT plain) f
            USING (series_id, period_start, period_end)
        ),
        days AS (
            SELECT DISTINCT {key}, unit, date_published AS day FROM other
            UNION
            SELECT DISTINCT {key}, unit, hidden_from AS day FROM other
            WHERE hidden_from > DATE '0001-01-01'
        ),
        answers AS (
            SELECT {", ".join(f'd."{c}"' for c in KEY)}, d.unit, d.day,
                   arg_min({ANSWER}, {vintage.known_key("o")}) AS a
            FROM days d JOIN other o ON {vintage.same_figure("d", "o")}
             AND o.date_published <= d.day AND (o.hidden_from IS NULL OR o.hidden_from > d.day)
            GROUP BY ALL
        )
        SELECT * FROM sorted
        UNION ALL
        SELECT {key}, unit, day, a, lag(a) OVER (PARTITION BY {key} ORDER BY day) AS p
        FROM answers
    """


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
               pr.publisher AS previous_publisher, pr.title AS previous_title,
               p.date_published AS previous_date_published, p.obs_id AS previous_obs_id,
               ar.publisher AS publisher, ar.title AS title, a.date_published AS date_published,
               a.obs_id AS obs_id
        FROM chain
        JOIN releases pr ON pr.release_id = p.release_id
        JOIN releases ar ON ar.release_id = a.release_id
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
