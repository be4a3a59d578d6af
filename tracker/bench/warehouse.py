"""Warehouse benchmark on a synthetic 10-million-observation warehouse.

    python -m tracker.bench.warehouse [--indicators 2000 --months 60 --vintages 4]

Prints, each beside raw DuckDB SQL doing the same work in the same run: (a) series() for one
series as of a date, p50/p95; (b) one indicator across all regions as of a date; (c) appending
a 1-million-row release with deduplication; (d) appending it again; (e) peak memory.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

from tracker.paths import DEFAULT_CATALOG_DIR

AS_OF = "2024-06-30"
READ_SQL = """
    SELECT o.indicator, o.region, o."cluster", o.measure, o.period_start, o.period_end,
           o.period_type, o.value, o.unit, o.value_as_published, o.unit_as_published,
           o.qualifier, o.status, o.obs_id, o.release_id, r.publisher, r.title,
           o.date_published, r.published_approximate, r.grade, o.quote, o.locator
    FROM observations o JOIN releases r USING (release_id)
    WHERE o.indicator = $indicator AND o.measure = 'level' AND {extra}
      AND o.date_published <= $as_of
    QUALIFY row_number() OVER (PARTITION BY o.series_id, o.region, o.measure, o."cluster",
        o.period_start, o.period_end
        ORDER BY o.date_published DESC, r.grade, o.status, o.obs_id DESC) = 1
    ORDER BY o.region, o.period_end
"""


def synthetic_catalog(folder: Path, indicators: int) -> list[str]:
    """The repository's catalog plus `indicators` synthetic CNY indicators."""
    shutil.copytree(DEFAULT_CATALOG_DIR, folder)
    codes = [f"bench_{i:04d}" for i in range(indicators)]
    with (folder / "indicators.csv").open("a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for code in codes:
            writer.writerow([code, code, code, "CNY", "flow", "", code, "synthetic"])
    return codes


def build(path: Path, codes: list[str], regions: list[str], months: int, vintages: int) -> int:
    """Bulk-load the synthetic history with raw SQL (set-up, not measured), sorted as optimize()."""
    from tracker.store import keys  # after TRACKER_CATALOG is set
    from tracker.warehouse import Warehouse

    Warehouse(path, read_only=False).init()
    con = duckdb.connect(str(path))
    con.execute("SET preserve_insertion_order = true")
    for v in range(vintages):
        con.execute(
            "INSERT INTO releases BY NAME SELECT ? AS release_id, 'figures' AS kind, 'bench' AS "
            "source_id, 'bench' AS publisher, ? AS title, ?::DATE AS date_published, false AS "
            "published_approximate, now() AS date_accessed, 'A' AS grade, ? AS sha256, 0 AS size,"
            " 'none' AS raw_path, 'parquet' AS media_type, 'bench' AS ingester, '1' AS "
            "ingester_version, now() AS ingested_at, '{}' AS extra, 1 AS source_rank, "
            "'bureau' AS source_tier",
            [f"Rbench{v}", f"vintage {v}", f"2020-{v + 2:02d}-01", f"{v:064d}"],
        )
    con.register("codes", pl.DataFrame({"i": range(len(codes)), "indicator": codes}).to_arrow())
    con.register("regions", pl.DataFrame({"region": regions}).to_arrow())
    con.execute(f"""
        INSERT INTO observations BY NAME
        SELECT row_number() OVER () AS obs_id, *
        FROM (
            SELECT {keys.series_id("indicator", "region", "'level'", "NULL::VARCHAR")}
                       AS series_id, 'Rbench' || v AS release_id,
                   'bench' AS source_id, DATE '2020-02-01' + to_months(v) AS date_published,
                   indicator, region, NULL::VARCHAR AS "cluster", 'level' AS measure,
                   DATE '2019-01-01' + to_months(m) AS period_start,
                   DATE '2019-01-01' + to_months(m + 1) - INTERVAL 1 DAY AS period_end,
                   'month' AS period_type, 1e8 * (i + m + v) AS value, 'CNY' AS unit,
                   1e8 * (i + m + v) AS value_as_published, 'CNY' AS unit_as_published,
                   'exact' AS qualifier, 'A' AS status, 'json' AS locator_kind,
                   '$.synthetic' AS locator
            FROM codes, regions, range({months}) t(m), range({vintages}) u(v)
            ORDER BY series_id, period_start, v
        )
    """)
    count = con.execute("SELECT count(*) FROM observations").fetchone()
    con.close()
    return int(count[0]) if count else 0


def timed(func: Callable[[], object], repeats: int) -> list[float]:
    """Wall-clock seconds of `repeats` calls."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def p(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    return 1000 * statistics.quantiles(values, n=100)[int(q * 100) - 1]


def release_frame(codes: list[str], regions: list[str], months: int, rows: int) -> pl.DataFrame:
    """A 1M-row release: a new vintage of recent months, half its values revised."""
    per_month = len(codes) * len(regions)
    recent = max(1, rows // per_month)
    frame = pl.DataFrame({"indicator": codes}).join(pl.DataFrame({"region": regions}),
                                                     how="cross")
    frame = frame.join(pl.DataFrame({"m": list(range(months - recent, months))}), how="cross")
    frame = frame.head(rows).with_row_index("n").with_columns(
        pl.col("indicator").str.slice(6).cast(pl.Int64).alias("i"))
    start = pl.date(2019, 1, 1).dt.offset_by(pl.format("{}mo", pl.col("m")))
    return frame.select(
        "indicator", "region", pl.lit(None, pl.Utf8).alias("cluster"),
        pl.lit("level").alias("measure"), start.alias("period_start"),
        start.dt.month_end().alias("period_end"),
        (1e8 * (pl.col("i") + pl.col("m") + 3 + (pl.col("n") % 2))).alias("value_as_published"),
        pl.lit("CNY").alias("unit_as_published"), pl.lit("exact").alias("qualifier"),
        pl.lit("A").alias("status"), pl.lit("json").alias("locator_kind"),
        pl.format("$.rows[{}]", pl.col("n")).alias("locator"),
    )


RAW_APPEND = """
    CREATE OR REPLACE TEMP TABLE _incoming AS
        SELECT {key} AS series_id, *, value_as_published AS value, 'CNY' AS unit,
               'month' AS period_type FROM incoming;
    CREATE OR REPLACE TEMP TABLE _new AS
        WITH held AS (
            SELECT o.series_id, o.indicator, o.region, o."cluster", o.measure, o.period_start,
                   o.period_end,
                   arg_max({{'value': o.value, 'qualifier': o.qualifier, 'status': o.status}},
                           (o.date_published, o.obs_id)) AS latest
            FROM observations o SEMI JOIN _incoming i
              ON o.series_id = i.series_id AND o.period_start = i.period_start
             AND o.period_end = i.period_end
            WHERE o.source_id = 'bench'
            GROUP BY ALL)
        SELECT i.* FROM _incoming i ANTI JOIN held h
        ON i.series_id = h.series_id AND i.indicator = h.indicator AND i.region = h.region
           AND i.measure = h.measure AND i."cluster" IS NOT DISTINCT FROM h."cluster"
           AND i.period_start = h.period_start AND i.period_end = h.period_end
           AND i.value = h.latest.value AND i.qualifier = h.latest.qualifier
           AND i.status = h.latest.status;
    INSERT INTO observations BY NAME
        SELECT *, (SELECT max(obs_id) FROM observations) + row_number() OVER () AS obs_id,
               'Rraw' AS release_id, 'bench' AS source_id, DATE '2025-01-01' AS date_published
        FROM _new ORDER BY series_id, period_start;
"""


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--vintages", type=int, default=4)
    parser.add_argument("--append-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--setup-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup_only is not None:
        setup(args.setup_only, args)
        return
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        # The bulk load runs in a child process so that peak memory (e) is the measured work's.
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tracker.bench.warehouse", "--setup-only",
                        str(work), *(argv if argv is not None else sys.argv[1:])], check=True)
        print(f"  set-up took {time.perf_counter() - started:.1f}s")
        run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def setup(work: Path, args: argparse.Namespace) -> None:
    """Write the synthetic catalog and bulk-load the warehouse under `work`."""
    codes = synthetic_catalog(work / "catalog", args.indicators)
    os.environ["TRACKER_CATALOG"] = str(work / "catalog")
    from tracker.catalog import catalog

    regions = [c for c, r in catalog().regions.items() if r.level != "country"]
    path = work / "a" / "tracker.duckdb"
    total = build(path, codes, regions, args.months, args.vintages)
    print(f"synthetic warehouse: {total:,} observations ({len(codes)} indicators x "
          f"{len(regions)} regions x {args.months} months x {args.vintages} vintages), "
          f"{path.stat().st_size / 1e6:.0f} MB")


def run(work: Path, args: argparse.Namespace) -> None:
    """Measure against the warehouse that setup() left under `work`, and print."""
    os.environ["TRACKER_CATALOG"] = str(work / "catalog")
    from tracker.catalog import catalog
    from tracker.store import keys
    from tracker.store.release import ReleaseMeta
    from tracker.warehouse import Warehouse

    catalog.cache_clear()
    codes = [c for c in catalog().indicators if c.startswith("bench_")]
    regions = [c for c, r in catalog().regions.items() if r.level != "country"]
    path = work / "a" / "tracker.duckdb"
    rng = random.Random(7)
    picks = [(rng.choice(codes), rng.choice(regions)) for _ in range(args.repeats)]
    wh = Warehouse(path)
    raw = duckdb.connect(str(path), read_only=True)
    one_key = keys.series_id("$indicator", "$region", "'level'", "NULL::VARCHAR")
    one_sql = READ_SQL.format(extra=f"o.region = $region AND o.series_id = {one_key}")
    low, high = keys.indicator_range("$indicator")
    all_sql = READ_SQL.format(extra=f"o.series_id BETWEEN {low} AND {high}")
    it = iter(picks * 3)
    api_one = timed(lambda: wh.series(*next(it), as_of=AS_OF), args.repeats)
    def raw_series() -> pl.DataFrame:
        indicator, region = next(it)
        params = {"indicator": indicator, "region": region, "as_of": AS_OF}
        return raw.execute(one_sql, params).pl()

    raw_one = timed(raw_series, args.repeats)
    check = picks[0]
    assert wh.series(*check, as_of=AS_OF).equals(
        raw.execute(one_sql, {"indicator": check[0], "region": check[1], "as_of": AS_OF}).pl())
    reps = max(20, args.repeats // 5)
    api_all = timed(lambda: wh.series(rng.choice(codes), region=None, as_of=AS_OF), reps)
    raw_all = timed(lambda: raw.execute(all_sql, {"indicator": rng.choice(codes),
                                                  "as_of": AS_OF}).pl(), reps)
    raw.close()
    wh.close()

    frame = release_frame(codes, regions, args.months, args.append_rows)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    payload = buffer.getvalue()
    baseline_path = work / "b" / "tracker.duckdb"
    shutil.copytree(path.parent, baseline_path.parent)
    meta = ReleaseMeta(publisher="bench", title="1M-row release", ingester="bench",
                       date_published=__import__("datetime").date(2025, 1, 1), source_id="bench")
    writer = Warehouse(path, read_only=False)
    t0 = time.perf_counter()
    first = writer.append_release(meta, frame, payload)
    api_append = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = writer.append_release(meta, frame, payload)
    api_again = time.perf_counter() - t0

    con = duckdb.connect(str(baseline_path))
    con.register("incoming", frame.to_arrow())
    script = RAW_APPEND.format(key=keys.COLUMNS)

    def raw_append() -> int:
        con.execute("BEGIN TRANSACTION")
        con.execute(script)
        n = con.execute("SELECT count(*) FROM _new").fetchone()
        con.execute("COMMIT")
        return int(n[0]) if n else 0

    t0 = time.perf_counter()
    raw_added = raw_append()
    raw_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    raw_again_added = raw_append()
    raw_again = time.perf_counter() - t0
    con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("(a) series(), one series as of a date, p50",
         f"{p(api_one, 0.5):.1f} ms", f"{p(raw_one, 0.5):.1f} ms", p(api_one, .5) / p(raw_one, .5)),
        ("(a) series(), one series as of a date, p95",
         f"{p(api_one, 0.95):.1f} ms", f"{p(raw_one, 0.95):.1f} ms",
         p(api_one, .95) / p(raw_one, .95)),
        ("(b) one indicator, all regions, as of, p50",
         f"{p(api_all, 0.5):.1f} ms", f"{p(raw_all, 0.5):.1f} ms", p(api_all, .5) / p(raw_all, .5)),
        (f"(c) append {frame.height:,} rows (dedup), rows/s",
         f"{frame.height / api_append:,.0f}", f"{frame.height / raw_first:,.0f}",
         api_append / raw_first),
        ("(d) append the same release again, ms",
         f"{1000 * api_again:.1f}", f"{1000 * raw_again:.1f}", api_again / raw_again),
    ]
    print(f"\n{'measure':<46}{'tracker API':>14}{'raw DuckDB':>14}{'ratio':>8}")
    for name, api, base, ratio in rows:
        print(f"{name:<46}{api:>14}{base:>14}{ratio:>8.2f}")
    print(f"(c) rows added: API {first.added:,} (unchanged {first.unchanged:,}), raw {raw_added:,};"
          f" (d) again: API {again.added} added ({again.status}), raw {raw_again_added}")
    print(f"(e) peak memory (max RSS of the measuring process, bulk set-up excluded): "
          f"{peak:,.0f} MB")


if __name__ == "__main__":
    main()
