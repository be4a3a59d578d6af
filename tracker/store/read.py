"""Reading the warehouse: series as of a date, vintages, first releases, provenance.

Which vintage answers, and what "known on D" and "held at T" mean, is defined once in
tracker/store/vintage.py; every read here asks it. Each read picks its rows from observations
alone (figures carry their release's rank and grade) with one `arg_min` per period, and joins
releases only for the rows it answers with. Revisions and conflicts are in
tracker/store/changes.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.catalog import ANY_CLUSTER, catalog
from tracker.store import connect, keys, vintage

# The observation columns of a series answer, in their order; release columns follow.
PICKED = ["indicator", "region", "cluster", "measure", "period_start", "period_end",
          "period_type", "value", "unit", "value_as_published", "unit_as_published",
          "qualifier", "status", "obs_id", "release_id", "date_published", "grade",
          "source_rank", "quote", "locator"]


def picked(o: str = "o") -> str:
    """SQL: the answer's observation columns as one struct, for arg_min to carry."""
    return "{" + ", ".join(f"'{c}': {o}.\"{c}\"" for c in PICKED) + "}"


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
    """where() plus the series-key filter that lets zone maps skip row groups.

    `publisher` (one publisher's own chain) keeps that publisher's releases only.
    """
    filters = dict(filters)
    publisher = filters.pop("publisher", None)
    clause, params = where(filters)
    if publisher is not None:
        clause += (" AND o.release_id IN (SELECT release_id FROM releases "
                   "WHERE publisher = $publisher)")
        params["publisher"] = publisher
    indicator = filters.get("indicator")
    if indicator is None:
        return clause, params
    region, measure, cluster = (filters.get(k) for k in ("region", "measure", "cluster"))
    # An indicator of a user's catalog (not the package's) takes the range: always right.
    known = catalog().indicators.get(indicator)
    per_cluster = known is None or known.cluster == ANY_CLUSTER
    if region is not None and measure is not None and not (per_cluster and cluster is None):
        params["cluster_key"] = cluster
        key = keys.series_id("$indicator::VARCHAR", "$region::VARCHAR", "$measure::VARCHAR",
                             "$cluster_key::VARCHAR")
        clause += f" AND o.series_id = {key}"
    else:
        low, high = keys.indicator_range("$indicator::VARCHAR")
        clause += f" AND o.series_id BETWEEN {low} AND {high}"
    return clause, params


# What a read answers with from the release: few rows, remembered per read connection.
RELEASE_COLUMNS = ["release_id", "publisher", "title", "published_approximate", "source_tier",
                   "date_accessed", "ingested_at"]
SERIES_COLUMNS = ["indicator", "region", "cluster", "measure", "period_start", "period_end",
                  "period_type", "value", "unit", "value_as_published", "unit_as_published",
                  "qualifier", "status", "obs_id", "release_id", "publisher", "title",
                  "date_published", "published_approximate", "grade", "source_rank",
                  "source_tier", "quote", "locator"]
ORDER = ["region", "measure", "cluster", "period_end", "period_start"]


def release_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The release columns answers carry. Joining them in polars to the few rows answered
    costs less than a join inside the query, and the frame is fetched once per connection."""
    memo = connect.memo(con)
    if memo is not None and "releases" in memo:
        found: pl.DataFrame = memo["releases"]  # type: ignore[assignment]
        return found
    frame = con.execute(f"SELECT {', '.join(RELEASE_COLUMNS)} FROM releases").pl()
    if memo is not None:
        memo["releases"] = frame
    return frame


def _with_releases(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame,
                   columns: list[str]) -> pl.DataFrame:
    """`rows` with their releases' columns, in the order `columns` and a series' row order
    (NULL cluster last, as in SQL)."""
    return (rows.join(release_frame(con), on="release_id", how="left").select(columns)
            .sort(ORDER, nulls_last=True, maintain_order=True))


def _answers(con: duckdb.DuckDBPyConnection, condition: str, key: str,
             params: dict[str, Any]) -> pl.DataFrame:
    """Per period, the row of observations `o` meeting `condition` with the smallest `key`,
    with its release's columns."""
    best = con.execute(
        f"""
        SELECT unnest(arg_min({picked()}, {key}))
        FROM observations o WHERE {condition}
        GROUP BY {vintage.partition()}
        """,
        params,
    ).pl()
    return _with_releases(con, best, SERIES_COLUMNS)


def series(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], as_of: dt.date | None,
           known_at: dt.datetime | None = None) -> pl.DataFrame:
    """One row per period: the vintage that answers on `as_of` (see tracker/store/vintage.py)."""
    clause, params = series_where(filters)
    seen = vintage.visible(con, as_of, known_at, params)
    return _answers(con, f"{clause} AND {seen}", vintage.known_key(), params)


def first_release(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
                  known_at: dt.datetime | None = None) -> pl.DataFrame:
    """One row per period: the answer on the first day anything was published for it, that is
    the first vintage in publication order among those visible on their own date."""
    clause, params = series_where(filters)
    held, hidden_from = vintage.held(con, known_at, params)
    shown = f"({hidden_from} IS NULL OR {hidden_from} > o.date_published)"
    return _answers(con, f"{clause} AND {held} AND {shown}", vintage.publication_key(), params)


def vintages(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
             known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Every vintage of every period held at `known_at`, oldest publication first, numbered per
    period; `hidden_from` is the date a withdrawal took it out of as-of answers."""
    clause, params = series_where(filters)
    held, hidden_from = vintage.held(con, known_at, params)
    rows = con.execute(
        f"""
        SELECT {", ".join(f'o."{c}"' for c in PICKED)}, {hidden_from} AS hidden_from,
               row_number() OVER (PARTITION BY {vintage.partition()}
                                  ORDER BY {vintage.publication_key()}) AS vintage
        FROM observations o WHERE {clause} AND {held}
        """,
        params,
    ).pl()
    columns = [*SERIES_COLUMNS, "date_accessed", "ingested_at", "hidden_from", "vintage"]
    return _with_releases(con, rows, columns).sort([*ORDER, "vintage"], nulls_last=True)


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
    """Every target, superseded ones and drafts included, with what superseded each.

    A target corrected by a later release (its plan's date fixed, say) appears once, as the
    latest release that is not withdrawn gives it.
    """
    clause, params = where(filters, "t")
    params["hidden"] = list(vintage.hidden(con, None))
    return con.execute(
        f"""
        WITH current AS (
            SELECT t.* EXCLUDE (run_id)
            FROM targets t JOIN releases r USING (release_id)
            WHERE {clause} AND NOT list_contains($hidden::VARCHAR[], t.release_id)
            QUALIFY row_number() OVER (PARTITION BY t.target_id
                                       ORDER BY r.date_published DESC, r.ingested_at DESC) = 1
        )
        SELECT c.*,
               (SELECT string_agg(DISTINCT s.target_id, ',') FROM targets s
                WHERE s.supersedes = c.target_id) AS superseded_by
        FROM current c
        ORDER BY c.indicator, c."cluster", c.measure, c.issued
        """,
        params,
    ).pl()


def events(con: duckdb.DuckDBPyConnection, release_id: str | None) -> pl.DataFrame:
    """Withdrawals and corrections, oldest first."""
    clause, params = where({"release_id": release_id}, "e")
    return con.execute(
        f"SELECT e.* FROM release_events e WHERE {clause} ORDER BY e.recorded_at, e.event_id",
        params,
    ).pl()


def releases(con: duckdb.DuckDBPyConnection, source_id: str | None) -> pl.DataFrame:
    """Releases with their provenance and how many observations each holds."""
    clause, params = where({"source_id": source_id}, "r")
    return con.execute(
        f"""
        SELECT r.*, (SELECT count(*) FROM observations o WHERE o.release_id = r.release_id)
                    AS observations,
               (SELECT string_agg(e.kind || ' ' || coalesce(e.effective_from::VARCHAR, ''),
                                  '; ') FROM release_events e
                WHERE e.release_id = r.release_id) AS events
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
