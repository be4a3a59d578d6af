"""Reading the warehouse: series as of a date, vintages, revisions, conflicts, provenance.

Which vintage answers, and what "known on D" and "held at T" mean, is defined once in
tracker/store/vintage.py; every read here asks it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.catalog import ANY_CLUSTER, catalog
from tracker.store import keys, vintage

KEY = vintage.KEY
def series_columns(o: str = "o", r: str = "r") -> str:
    """The columns of a series answer, from observation `o` and its release `r`."""
    return f"""
    {o}.indicator, {o}.region, {o}."cluster", {o}.measure, {o}.period_start, {o}.period_end,
    {o}.period_type, {o}.value, {o}.unit, {o}.value_as_published, {o}.unit_as_published,
    {o}.qualifier, {o}.status, {o}.obs_id, {o}.release_id, {r}.publisher, {r}.title,
    {o}.date_published, {r}.published_approximate, {r}.grade, {r}.source_rank, {r}.source_tier,
    {o}.quote, {o}.locator
    """


def order_by(o: str = "o") -> str:
    """The order rows of a series come in: region, measure, cluster, period."""
    return f'ORDER BY {o}.region, {o}.measure, {o}."cluster", {o}.period_end, {o}.period_start'


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

    `publisher` (one publisher's own chain) filters the release `r`, not the observation.
    """
    filters = dict(filters)
    publisher = filters.pop("publisher", None)
    clause, params = where(filters)
    if publisher is not None:
        clause += " AND r.publisher = $publisher"
        params["publisher"] = publisher
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


def series(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], as_of: dt.date | None,
           known_at: dt.datetime | None = None) -> pl.DataFrame:
    """One row per period: the vintage that answers on `as_of` (see tracker/store/vintage.py)."""
    clause, params = series_where(filters)
    seen = vintage.visible(as_of, known_at, params)
    return con.execute(
        f"""
        SELECT {series_columns()}
        FROM observations o JOIN releases r USING (release_id)
        WHERE {clause} AND {seen}
        QUALIFY row_number() OVER (PARTITION BY {vintage.partition()}
                                   ORDER BY {vintage.known_order()}) = 1
        {order_by()}
        """,
        params,
    ).pl()


def _held(filters: dict[str, Any], known_at: dt.datetime | None) -> tuple[str, dict[str, Any]]:
    """SQL of every vintage held at `known_at` with its release's columns, and the date its
    release is hidden from (NULL: never withdrawn). Observation and release columns share the
    one alias, so vintage.* and series_columns() take it for both."""
    clause, params = series_where(filters)
    when = ""
    if known_at is not None:
        params["known_at"] = known_at
        when = "AND r.ingested_at <= $known_at"
    hidden = vintage.hidden_from(known_at, params)
    return (f"""
        SELECT o.*, r.publisher, r.title, r.published_approximate, r.grade, r.source_rank,
               r.source_tier, r.date_accessed, r.ingested_at, h.hidden_from
        FROM observations o JOIN releases r USING (release_id)
        LEFT JOIN {hidden} h USING (release_id)
        WHERE {clause} {when}
        """, params)


def first_release(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
                  known_at: dt.datetime | None = None) -> pl.DataFrame:
    """One row per period: the answer on the first day anything was published for it."""
    held, params = _held(filters, known_at)
    return con.execute(
        f"""
        WITH v AS (
            SELECT *, min(date_published) OVER (PARTITION BY {vintage.partition("h")}) AS first
            FROM ({held}) h
            WHERE h.hidden_from IS NULL OR h.hidden_from > h.date_published
        )
        SELECT {series_columns("v", "v")} FROM v
        WHERE v.date_published = v.first
        QUALIFY row_number() OVER (PARTITION BY {vintage.partition("v")}
                                   ORDER BY {vintage.known_order("v", "v")}) = 1
        {order_by("v")}
        """,
        params,
    ).pl()


def vintages(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
             known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Every vintage of every period held at `known_at`, oldest publication first, numbered per
    period; `hidden_from` is the date a withdrawal took it out of as-of answers."""
    held, params = _held(filters, known_at)
    return con.execute(
        f"""
        SELECT {series_columns("v", "v")}, v.date_accessed, v.ingested_at, v.hidden_from,
               row_number() OVER (PARTITION BY {vintage.partition("v")}
                                  ORDER BY {vintage.publication_order("v", "v")}) AS vintage
        FROM ({held}) v
        {order_by("v")}, vintage
        """,
        params,
    ).pl()


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn."""
    held, params = _held(filters, known_at)
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
                   arg_min({answer}, {vintage.known_key("o", "o")}) AS a
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
    seen = vintage.visible(as_of, known_at, params)
    side = ("{s}.value AS value_{s}, {s}.value_as_published AS value_as_published_{s}, "
            "{s}.unit_as_published AS unit_as_published_{s}, {s}.qualifier AS qualifier_{s}, "
            "{s}.status AS status_{s}, {s}.publisher AS publisher_{s}, {s}.title AS title_{s}, "
            "{s}.date_published AS date_published_{s}, {s}.grade AS grade_{s}, "
            "{s}.source_rank AS source_rank_{s}, {s}.obs_id AS obs_id_{s}, "
            "{s}.quote AS quote_{s}")
    return con.execute(
        f"""
        WITH latest AS (
            SELECT o.*, r.publisher, r.title, r.grade, r.source_rank,
                   row_number() OVER (PARTITION BY {vintage.partition()}
                                      ORDER BY {vintage.known_order()}) AS standing
            FROM observations o JOIN releases r USING (release_id)
            WHERE {clause} AND {seen}
            QUALIFY row_number() OVER (PARTITION BY {vintage.partition()}, r.publisher
                                       ORDER BY {vintage.known_order()}) = 1
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
    hidden = vintage.hidden_from(None, params)
    return con.execute(
        f"""
        WITH current AS (
            SELECT t.* EXCLUDE (run_id)
            FROM targets t JOIN releases r USING (release_id)
            WHERE {clause} AND t.release_id NOT IN (SELECT release_id FROM {hidden} h)
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
