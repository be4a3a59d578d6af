"""Reading the warehouse: series as of a date, vintages, revisions, conflicts, provenance.

Ties: the vintage of a figure known on a date is the one from the latest publication date on or
before it. When two releases of the same day disagree, the better-graded release wins (A before
B before C), then the firmer status (A normal, P provisional, E estimated, F forecast), then the
release ingested last (the higher observation id).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.catalog import ANY_CLUSTER, catalog
from tracker.store import keys

KEY = ["indicator", "region", "cluster", "measure", "period_start", "period_end"]
STATUS_RANK = "CASE o.status WHEN 'A' THEN 0 WHEN 'P' THEN 1 WHEN 'E' THEN 2 ELSE 3 END"
LATEST_FIRST = f"o.date_published DESC, r.grade ASC, {STATUS_RANK} ASC, o.obs_id DESC"
EARLIEST_FIRST = f"o.date_published ASC, r.grade ASC, {STATUS_RANK} ASC, o.obs_id ASC"
SERIES_COLUMNS = """
    o.indicator, o.region, o."cluster", o.measure, o.period_start, o.period_end, o.period_type,
    o.value, o.unit, o.value_as_published, o.unit_as_published, o.qualifier, o.status,
    o.obs_id, o.release_id, r.publisher, r.title, o.date_published, r.published_approximate,
    r.grade, o.quote, o.locator
"""


def where(filters: dict[str, Any], alias: str = "o") -> tuple[str, dict[str, Any]]:
    """A WHERE clause with only the filters given, so that DuckDB can prune row groups."""
    parts, params = ["TRUE"], {}
    for column, value in filters.items():
        if value is None:
            continue
        parts.append(f'{alias}."{column}" = ${column}')
        params[column] = value
    return " AND ".join(parts), params


def series_where(filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """where() plus the series-key filter that lets zone maps skip row groups."""
    clause, params = where(filters)
    indicator = filters.get("indicator")
    if indicator is None:
        return clause, params
    region, measure, cluster = (filters.get(k) for k in ("region", "measure", "cluster"))
    per_cluster = catalog().indicator(indicator).cluster == ANY_CLUSTER
    if region is not None and measure is not None and not (per_cluster and cluster is None):
        params["cluster_key"] = cluster
        key = keys.series_id("$indicator::VARCHAR", "$region::VARCHAR", "$measure::VARCHAR",
                             "$cluster_key::VARCHAR")
        clause += f" AND o.series_id = {key}"
    else:
        low, high = keys.indicator_range("$indicator::VARCHAR")
        clause += f" AND o.series_id BETWEEN {low} AND {high}"
    return clause, params


def _pick(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], as_of: dt.date | None,
          order: str) -> pl.DataFrame:
    clause, params = series_where(filters)
    if as_of is not None:
        clause += " AND o.date_published <= $as_of"
        params["as_of"] = as_of
    return con.execute(
        f"""
        SELECT {SERIES_COLUMNS}
        FROM observations o JOIN releases r USING (release_id)
        WHERE {clause}
        QUALIFY row_number() OVER (
            PARTITION BY o.series_id, o.region, o.measure, o."cluster", o.period_start,
                         o.period_end
            ORDER BY {order}) = 1
        ORDER BY o.region, o.measure, o."cluster", o.period_end, o.period_start
        """,
        params,
    ).pl()


def series(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
           as_of: dt.date | None) -> pl.DataFrame:
    """One row per period: the latest vintage known on `as_of` (or now)."""
    return _pick(con, filters, as_of, LATEST_FIRST)


def first_release(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> pl.DataFrame:
    """One row per period: the figure as first published."""
    return _pick(con, filters, None, EARLIEST_FIRST)


def vintages(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> pl.DataFrame:
    """Every vintage of every period, oldest first, numbered per period."""
    clause, params = series_where(filters)
    return con.execute(
        f"""
        SELECT {SERIES_COLUMNS}, r.date_accessed,
               row_number() OVER (PARTITION BY o.region, o.measure, o."cluster",
                                  o.period_start, o.period_end
                                  ORDER BY {EARLIEST_FIRST}) AS vintage
        FROM observations o JOIN releases r USING (release_id)
        WHERE {clause}
        ORDER BY o.region, o.measure, o."cluster", o.period_end, o.period_start, vintage
        """,
        params,
    ).pl()


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> pl.DataFrame:
    """Each change of value between successive releases of the same figure."""
    clause, params = series_where(filters)
    partition = ", ".join(f'o."{c}"' for c in KEY)
    return con.execute(
        f"""
        WITH ordered AS (
            SELECT o.*, r.publisher, r.title,
                   lag(o.value) OVER w AS previous_value,
                   lag(o.value_as_published) OVER w AS previous_value_as_published,
                   lag(o.unit_as_published) OVER w AS previous_unit_as_published,
                   lag(r.publisher) OVER w AS previous_publisher,
                   lag(r.title) OVER w AS previous_title,
                   lag(o.date_published) OVER w AS previous_date_published,
                   lag(o.obs_id) OVER w AS previous_obs_id
            FROM observations o JOIN releases r USING (release_id)
            WHERE {clause}
            WINDOW w AS (PARTITION BY {partition} ORDER BY {EARLIEST_FIRST})
        )
        SELECT indicator, region, "cluster", measure, period_start, period_end, unit,
               previous_value, value, value - previous_value AS change,
               round(100 * (value - previous_value) / nullif(abs(previous_value), 0), 4)
                   AS change_pct,
               previous_value_as_published, previous_unit_as_published,
               value_as_published, unit_as_published,
               previous_publisher, previous_title, previous_date_published, previous_obs_id,
               publisher, title, date_published, obs_id
        FROM ordered
        WHERE previous_value IS NOT NULL AND value <> previous_value
        ORDER BY indicator, region, measure, period_end, date_published
        """,
        params,
    ).pl()


def conflicts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              tolerance: float) -> pl.DataFrame:
    """Figures reported differently by different publishers beyond a relative tolerance.

    Each publisher's latest vintage is compared with every other's. A bound consistent with the
    other figure (超4万亿 against 4.2万亿) is not a conflict.
    """
    clause, params = series_where(filters)
    params["tolerance"] = tolerance
    partition = ", ".join(f'o."{c}"' for c in KEY)
    join = " AND ".join(f'a."{c}" IS NOT DISTINCT FROM b."{c}"' for c in KEY)
    side = ("{s}.value AS value_{s}, {s}.value_as_published AS value_as_published_{s}, "
            "{s}.unit_as_published AS unit_as_published_{s}, {s}.qualifier AS qualifier_{s}, "
            "{s}.status AS status_{s}, {s}.publisher AS publisher_{s}, {s}.title AS title_{s}, "
            "{s}.date_published AS date_published_{s}, {s}.obs_id AS obs_id_{s}, "
            "{s}.quote AS quote_{s}")
    return con.execute(
        f"""
        WITH latest AS (
            SELECT o.*, r.publisher, r.title
            FROM observations o JOIN releases r USING (release_id)
            WHERE {clause}
            QUALIFY row_number() OVER (PARTITION BY {partition}, r.publisher
                                       ORDER BY {LATEST_FIRST}) = 1
        ),
        pairs AS (
            SELECT a.indicator, a.region, a."cluster", a.measure, a.period_start, a.period_end,
                   a.unit, {side.format(s="a")}, {side.format(s="b")},
                   abs(a.value - b.value) / nullif(greatest(abs(a.value), abs(b.value)), 0)
                       AS relative_difference
            FROM latest a JOIN latest b ON {join} AND a.publisher < b.publisher
        )
        SELECT * FROM pairs
        WHERE relative_difference > $tolerance
          AND NOT (qualifier_a IN ('over', 'at_least') AND value_b >= value_a)
          AND NOT (qualifier_b IN ('over', 'at_least') AND value_a >= value_b)
          AND NOT (qualifier_a = 'under' AND value_b <= value_a)
          AND NOT (qualifier_b = 'under' AND value_a <= value_b)
        ORDER BY indicator, region, measure, period_end
        """,
        params,
    ).pl()


def provenance(con: duckdb.DuckDBPyConnection, obs_id: int) -> dict[str, Any] | None:
    """Everything known about where one observation came from."""
    frame = con.execute(
        """
        SELECT o.*, r.kind AS release_kind, r.publisher, r.title, r.url_main, r.url_download,
               r.published_approximate, r.date_accessed, r.license, r.doc_number, r.grade,
               r.sha256, r.size, r.raw_path, r.media_type, r.ingester, r.ingester_version,
               r.ingested_at, r.extra
        FROM observations o JOIN releases r USING (release_id) WHERE o.obs_id = ?
        """,
        [obs_id],
    ).pl()
    return frame.row(0, named=True) if frame.height else None


def targets(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> pl.DataFrame:
    """Every target, superseded ones and drafts included, with what superseded each."""
    clause, params = where(filters, "t")
    return con.execute(
        f"""
        SELECT t.* EXCLUDE (run_id),
               (SELECT string_agg(s.target_id, ',') FROM targets s
                WHERE s.supersedes = t.target_id) AS superseded_by
        FROM targets t WHERE {clause}
        ORDER BY t.indicator, t."cluster", t.measure, t.issued
        """,
        params,
    ).pl()


def releases(con: duckdb.DuckDBPyConnection, source_id: str | None) -> pl.DataFrame:
    """Releases with their provenance and how many observations each holds."""
    clause, params = where({"source_id": source_id}, "r")
    return con.execute(
        f"""
        SELECT r.*, (SELECT count(*) FROM observations o WHERE o.release_id = r.release_id)
                    AS observations
        FROM releases r WHERE {clause} ORDER BY r.date_published, r.release_id
        """,
        params,
    ).pl()


EXPORT_QUERY = """
    SELECT o.*, r.kind AS release_kind, r.publisher, r.title, r.url_main, r.url_download,
           r.published_approximate, r.date_accessed, r.license, r.doc_number, r.grade,
           r.sha256, r.size, r.raw_path, r.ingester, r.ingester_version
    FROM observations o JOIN releases r USING (release_id)
    ORDER BY o.obs_id
"""
