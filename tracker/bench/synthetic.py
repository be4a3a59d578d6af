"""The benchmark's synthetic warehouse: bulk-loaded with raw SQL (set-up, not measured).

A bureau publishes every figure in `vintages` monthly vintages; an outlet (rank 4, grade B)
restates the province's figures once, a fifth of them differently, so that conflicts() has
pairs to find and revisions() meets figures of two ranks; a plan sets one target per
indicator for the province, so that progress() has something to assess.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import polars as pl

from tracker.paths import DEFAULT_CATALOG_DIR

PROVINCE = "440000"
RELEASE = (
    "INSERT INTO releases BY NAME SELECT ? AS release_id, ? AS kind, 'bench' AS source_id, "
    "? AS publisher, ? AS title, ?::DATE AS date_published, false AS published_approximate, "
    "now() AS date_accessed, ? AS grade, ? AS sha256, 0 AS size, 'none' AS raw_path, "
    "'parquet' AS media_type, 'bench' AS ingester, '1' AS ingester_version, now() AS "
    "ingested_at, '{}' AS extra, ? AS source_rank, ? AS source_tier")
# (release id, kind, publisher, title, published, grade, rank, tier); bureau vintages follow.
OUTLET = ("Rbench_outlet", "figures", "bench outlet", "restated", "2020-03-15", "B", 4, "outlet")
PLAN = ("Rbench_plan", "targets", "bench", "plan", "2020-01-15", "A", 1, "bureau")


def catalog_with(folder: Path, indicators: int) -> list[str]:
    """The repository's catalog plus `indicators` synthetic CNY indicators."""
    shutil.copytree(DEFAULT_CATALOG_DIR, folder)
    codes = [f"bench_{i:04d}" for i in range(indicators)]
    with (folder / "indicators.csv").open("a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for code in codes:
            writer.writerow([code, code, code, "CNY", "flow", "", code, "synthetic"])
    return codes


def _figures(key: str, months: int, vintages: int) -> str:
    """SQL: every bureau vintage, then the outlet's restatement of the province."""
    common = (f"""{key} AS series_id, 'bench' AS source_id, indicator, region,
              NULL::VARCHAR AS "cluster", 'level' AS measure,
              DATE '2019-01-01' + to_months(m) AS period_start,
              DATE '2019-01-01' + to_months(m + 1) - INTERVAL 1 DAY AS period_end,
              'month' AS period_type, 'CNY' AS unit, 'CNY' AS unit_as_published,
              'exact' AS qualifier, 'A' AS status, 'json' AS locator_kind,
              '$.synthetic' AS locator""")
    restated = f"1e8 * (i + m + {vintages - 1}) * CASE WHEN m % 5 = 0 THEN 1.02 ELSE 1 END"
    return f"""
        SELECT {common}, 'Rbench' || v AS release_id,
               DATE '2020-02-01' + to_months(v) AS date_published, 1e8 * (i + m + v) AS value,
               1e8 * (i + m + v) AS value_as_published, 1 AS source_rank, 'A' AS grade
        FROM codes, regions, range({months}) t(m), range({vintages}) u(v)
        UNION ALL
        SELECT {common}, '{OUTLET[0]}' AS release_id, DATE '{OUTLET[4]}' AS date_published,
               {restated} AS value, {restated} AS value_as_published, {OUTLET[6]} AS source_rank,
               '{OUTLET[5]}' AS grade
        FROM codes, (SELECT '{PROVINCE}' AS region), range({months}) t(m)
    """


TARGETS = f"""
    INSERT INTO targets BY NAME
    SELECT 'Tbench_' || i AS target_id, '{PLAN[0]}' AS release_id, indicator,
           '{PROVINCE}' AS region, NULL AS "cluster", 'level' AS measure, 'level_by' AS kind,
           'at_least' AS comparator, 1e8 * (i + 52) AS value, 'CNY' AS unit,
           1e8 * (i + 52) AS value_as_published, 'CNY' AS unit_as_published,
           DATE '2023-01-01' AS period_start, DATE '2023-12-31' AS period_end,
           'bench plan' AS plan_title, 'bench' AS publisher, DATE '{PLAN[4]}' AS issued,
           false AS issued_approximate, false AS draft, '$.targets[' || i || ']' AS locator
    FROM codes
"""


def build(path: Path, codes: list[str], regions: list[str], months: int, vintages: int) -> int:
    """Bulk-load the synthetic history, sorted as optimize() sorts; return the observations."""
    from tracker.store import keys  # after TRACKER_CATALOG is set
    from tracker.warehouse import Warehouse

    Warehouse(path, read_only=False).init()
    con = duckdb.connect(str(path))
    con.execute("SET preserve_insertion_order = true")
    bureau = [(f"Rbench{v}", "figures", "bench", f"vintage {v}", f"2020-{v + 2:02d}-01", "A", 1,
               "bureau") for v in range(vintages)]
    for n, (rid, kind, publisher, title, published, grade, rank, tier) in enumerate(
            [*bureau, OUTLET, PLAN]):
        con.execute(RELEASE, [rid, kind, publisher, title, published, grade, f"{n:064d}", rank,
                              tier])
    key = keys.series_id("indicator", "region", "'level'", "NULL::VARCHAR")
    every = pl.DataFrame({"i": range(len(codes)), "indicator": codes})
    con.register("every_code", every.to_arrow())
    # Loaded in parts of about 1,000 indicators (one sort of 100M rows runs out of memory),
    # each a range of the indicator's hash, which leads series_id: sorted part after part.
    hashed = con.execute("SELECT i, indicator, hash(indicator) >> 32 AS h FROM every_code").pl()
    parts = max(1, len(codes) // 1000)
    con.register("regions", pl.DataFrame({"region": regions}).to_arrow())
    for part in range(parts):
        chunk = hashed.filter(pl.col("h") * parts // 2**32 == part).select("i", "indicator")
        con.register("codes", chunk.to_arrow())
        con.execute(f"""
            INSERT INTO observations BY NAME
            SELECT (SELECT count(*) FROM observations) + row_number() OVER () AS obs_id, *
            FROM (SELECT * FROM ({_figures(key, months, vintages)})
                  ORDER BY series_id, period_start, date_published)
        """)
    con.register("codes", every.to_arrow())
    con.execute(TARGETS)
    count = con.execute("SELECT count(*) FROM observations").fetchone()
    con.close()
    return int(count[0]) if count else 0
