"""The baselines the API is measured against: the leanest raw DuckDB query for each question,
and the same rows in SQLite with a B-tree index, answered into a polars frame.

The raw queries answer exactly what the API does (the vintage order of
tracker/store/vintage.py, the same columns) but know what the API cannot assume: the
synthetic warehouse has no release events and one unit, so they skip visibility and checks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from tracker.store import keys

STATUS = ("CASE status WHEN 'A' THEN 0 WHEN 'B' THEN 0 WHEN 'P' THEN 1 WHEN 'E' THEN 2 "
          "ELSE 3 END")
KNOWN = f"(source_rank, -epoch(date_published), grade, {STATUS}, release_id)"
FIRST = f"(date_published, source_rank, grade, {STATUS}, release_id)"
ROW = ("{'indicator': indicator, 'region': region, 'cluster': \"cluster\", 'measure': measure, "
       "'period_start': period_start, 'period_end': period_end, 'period_type': period_type, "
       "'value': value, 'unit': unit, 'value_as_published': value_as_published, "
       "'unit_as_published': unit_as_published, 'qualifier': qualifier, 'status': status, "
       "'obs_id': obs_id, 'release_id': release_id, 'date_published': date_published, "
       "'grade': grade, 'source_rank': source_rank, 'quote': quote, 'locator': locator}")
ONE = keys.series_id("$indicator", "$region", "'level'", "NULL::VARCHAR")
LOW, HIGH = keys.indicator_range("$indicator")
PICK = """
    SELECT b.*, r.publisher, r.title, r.published_approximate, r.source_tier
    FROM (SELECT unnest(arg_min({row}, {order})) FROM observations
          WHERE {where} GROUP BY region, period_start, period_end) b
    JOIN releases r USING (release_id) ORDER BY b.region, b.period_end
"""
DUCKDB = {
    "series": PICK.format(row=ROW, order=KNOWN,
                          where=f"series_id = {ONE} AND date_published <= $as_of"),
    "panel": PICK.format(row=ROW, order=KNOWN,
                         where=f"series_id BETWEEN {LOW} AND {HIGH} AND date_published <= $as_of"),
    "first_release": PICK.format(row=ROW, order=FIRST, where=f"series_id = {ONE}"),
    "vintages": f"""
        SELECT v.*, r.publisher, r.title, r.published_approximate, r.source_tier
        FROM (SELECT *, row_number() OVER (PARTITION BY period_start, period_end
                                           ORDER BY {FIRST}) AS vintage
              FROM observations WHERE series_id = {ONE}) v
        JOIN releases r USING (release_id) ORDER BY v.period_end, v.vintage
    """,
    # One whole-warehouse as-of scan: every figure's answer on a date, into polars.
    "as_of_scan": f"""
        SELECT series_id, period_start, period_end, arg_min(value, {KNOWN}) AS value
        FROM observations WHERE date_published <= $as_of GROUP BY ALL
    """,
}


def duckdb_read(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> int:
    """Run one raw query into polars; return its row count."""
    wanted = {k: v for k, v in params.items() if f"${k}" in DUCKDB[name]}
    return con.execute(DUCKDB[name], wanted).pl().height


SQLITE_COLUMNS = ["obs_id", "release_id", "date_published", "indicator", "region", "cluster",
                  "measure", "period_start", "period_end", "period_type", "value", "unit",
                  "value_as_published", "unit_as_published", "qualifier", "status", "locator",
                  "quote", "source_rank", "grade"]
SQLITE_RANK = STATUS.replace("status", "o.status")
SQLITE_PICK = f"""
    SELECT * FROM (
        SELECT o.*, r.publisher, r.title, row_number() OVER (
            PARTITION BY o.region, o.period_start, o.period_end
            ORDER BY o.source_rank, o.date_published DESC, o.grade, {SQLITE_RANK},
                     o.release_id) AS n
        FROM observations o JOIN releases r USING (release_id)
        WHERE o.indicator = ? {{region}} AND o.measure = 'level' AND o.date_published <= ?
    ) WHERE n = 1 ORDER BY region, period_end
"""
SQLITE = {"series": SQLITE_PICK.format(region="AND o.region = ?"),
          "panel": SQLITE_PICK.format(region="")}


def build_sqlite(source: Path, target: Path) -> None:
    """Copy observations and releases into SQLite, indexed as an analyst would."""
    con = duckdb.connect(str(source), read_only=True)
    lite = sqlite3.connect(target)
    lite.execute(f"CREATE TABLE observations ({', '.join(SQLITE_COLUMNS)})")
    lite.execute("CREATE TABLE releases (release_id, publisher, title)")
    lite.executemany("INSERT INTO releases VALUES (?, ?, ?)", con.execute(
        "SELECT release_id, publisher, title FROM releases").fetchall())
    # ISO text dates: SQLite has no date type, and ISO text sorts and compares as dates do.
    dated = ("date_published", "period_start", "period_end")
    selected = ", ".join(f'"{c}"::VARCHAR' if c in dated else f'"{c}"' for c in SQLITE_COLUMNS)
    cursor = con.execute(f"SELECT {selected} FROM observations")
    insert = f"INSERT INTO observations VALUES ({', '.join('?' * len(SQLITE_COLUMNS))})"
    while rows := cursor.fetchmany(200_000):
        lite.executemany(insert, rows)
    lite.execute("CREATE INDEX by_series ON observations "
                 "(indicator, measure, region, date_published)")
    lite.commit()
    lite.close()
    con.close()


def sqlite_read(lite: sqlite3.Connection, name: str, params: dict[str, Any]) -> int:
    """Answer into a polars frame as an analyst would; return its row count."""
    args = [params["indicator"], params["region"], params["as_of"]]
    if name == "panel":
        args = [params["indicator"], params["as_of"]]
    cursor = lite.execute(SQLITE[name], args)
    columns = [d[0] for d in cursor.description]
    return pl.DataFrame(cursor.fetchall(), schema=columns, orient="row").height
