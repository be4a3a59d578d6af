"""Warehouse benchmark on a synthetic warehouse (10.68M observations by default).

    python -m tracker.bench.warehouse [--indicators 2000 --months 60 --vintages 4]
                                      [--cache DIR]

Prints every API figure beside its baselines measured in the same run, interleaved: the
leanest raw DuckDB query answering the same question, and for reads the same rows in SQLite
with a B-tree index answered into a polars frame (tracker/bench/lean.py). Covers reads, a
call after idle and a writer's wait, whole-warehouse revisions, conflicts and progress against
one whole-warehouse as-of scan, appends, the shell, and peak memory. The warehouse is built by
tracker/bench/synthetic.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tracker.bench import lean, measure, synthetic, writes
from tracker.bench.measure import Row, ratio

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

AS_OF = dt.date(2024, 6, 30)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--vintages", type=int, default=4)
    parser.add_argument("--append-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the set-up in DIR and reuse it while its sizes match "
                             "(a 10M set-up takes minutes; each run measures a copy)")
    parser.add_argument("--no-sqlite", action="store_true",
                        help="skip the SQLite baseline (at 100M rows its copy takes ~19 GB and "
                             "most of an hour to load)")
    parser.add_argument("--setup-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.setup_only is not None:
        setup(args.setup_only, args)
        return
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        built = prepared(args.cache or work, args)
        if args.cache is not None:  # appends write to the warehouse: measure a copy
            shutil.copytree(built / "a", work / "a")
            for name in ("catalog", "lite.sqlite"):
                if (built / name).exists():
                    (work / name).symlink_to((built / name).resolve())
        run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def prepared(folder: Path, args: argparse.Namespace) -> Path:
    """`folder` holding a set-up of the sizes asked for, built unless already there (by the
    same code: a changed synthetic.py or lean.py builds it again)."""
    code = hashlib.sha256(b"".join(Path(m.__file__ or "").read_bytes()
                                   for m in (synthetic, lean))).hexdigest()
    sizes = f"{args.indicators} {args.months} {args.vintages} {code}\n"
    if args.no_sqlite:  # a set-up with SQLite serves a run without it, not the other way
        sizes = sizes.replace("\n", " no-sqlite\n")
    ready = folder / "ready"
    if ready.exists() and ready.read_text() in {sizes, sizes.replace(" no-sqlite", "")}:
        print(f"  set-up reused from {folder}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # The bulk load runs in a child process so that peak memory is the measured work's.
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker.bench.warehouse", "--setup-only",
                    str(folder), "--indicators", str(args.indicators), "--months",
                    str(args.months), "--vintages", str(args.vintages),
                    *(["--no-sqlite"] if args.no_sqlite else [])], check=True)
    print(f"  set-up took {time.perf_counter() - started:.1f}s")
    ready.write_text(sizes)
    return folder


def setup(work: Path, args: argparse.Namespace) -> None:
    """Write the synthetic catalog, bulk-load the warehouse and its SQLite copy under `work`."""
    codes = synthetic.catalog_with(work / "catalog", args.indicators)
    os.environ["TRACKER_CATALOG"] = str(work / "catalog")
    from tracker.catalog import catalog

    regions = [c for c, r in catalog().regions.items() if r.level != "country"]
    path = work / "a" / "tracker.duckdb"
    total = synthetic.build(path, codes, regions, args.months, args.vintages)
    lite = "no SQLite copy (--no-sqlite)"
    if not args.no_sqlite:
        lean.build_sqlite(path, work / "lite.sqlite")
        lite = f"SQLite copy {(work / 'lite.sqlite').stat().st_size / 1e6:.0f} MB"
    print(f"synthetic warehouse: {total:,} observations ({len(codes)} indicators x "
          f"{len(regions)} regions x {args.months} months x {args.vintages} vintages), "
          f"{path.stat().st_size / 1e6:.0f} MB; {lite}")


def reads(wh: Warehouse, raw: duckdb.DuckDBPyConnection, lite: sqlite3.Connection | None,
          picks: list[dict[str, Any]], repeats: int) -> list[Row]:
    """Each read: API, lean DuckDB and SQLite (unless skipped) in turn on the same series."""
    api: dict[str, Callable[[dict[str, Any]], object]] = {
        "series": lambda p: wh.series(p["indicator"], p["region"], as_of=AS_OF),
        "panel": lambda p: wh.series(p["indicator"], None, as_of=AS_OF),
        "vintages": lambda p: wh.vintages(p["indicator"], p["region"]),
        "first_release": lambda p: wh.first_release(p["indicator"], p["region"]),
    }
    names = {"series": "one series as of a date", "panel": "one indicator, all regions, as of",
             "vintages": "vintages() of one series", "first_release": "first_release(), one"}
    rows: list[Row] = []
    for name, call in api.items():
        funcs = {"api": lambda i, c=call: c(picks[i]),
                 "duck": lambda i, n=name: lean.duckdb_read(raw, n, picks[i])}
        if name in lean.SQLITE and lite is not None:
            on = functools.partial(lean.sqlite_read, lite, name)
            funcs["lite"] = lambda i, read=on: read(picks[i])
        n = repeats if name != "panel" else max(20, repeats // 4)
        t = measure.interleaved(funcs, n)
        for q in (0.5, 0.95) if name == "series" else (0.5,):
            lite_ms = f"{measure.ms(t['lite'], q):.2f} ms" if "lite" in t else ""
            rows.append((f"{names[name]}, p{int(q * 100)}", f"{measure.ms(t['api'], q):.2f} ms",
                         f"{measure.ms(t['duck'], q):.2f} ms", lite_ms,
                         ratio(measure.ms(t["api"], q), measure.ms(t["duck"], q))))
    return rows


def idle(wh: Warehouse, path: Path, pick: dict[str, Any]) -> list[Row]:
    """A call after 1.5 s idle against a warm one, and a writer's wait for this reader."""
    def call() -> object:
        return wh.series(pick["indicator"], pick["region"], as_of=AS_OF)

    warm = measure.interleaved({"api": lambda i: call()}, 30)["api"]
    cold = measure.after_idle(call, 1.5, 5)
    wait = measure.writer_wait(path)
    return [("series() after 1.5 s idle, p50", f"{measure.ms(cold):.2f} ms",
             f"warm {measure.ms(warm):.2f} ms", "", ratio(measure.ms(cold), measure.ms(warm))),
            ("a writer's wait for this open reader", f"{1000 * wait:.0f} ms", "", "", "")]


# Above this many vintages revisions() is measured in parts only: its answer as one frame
# would not fit the memory goal (about 150 bytes a row: some 12 GB at 100M vintages).
ONE_FRAME = 20_000_000


def whole(wh: Warehouse, raw: duckdb.DuckDBPyConnection) -> list[Row]:
    """Whole-warehouse work against one whole-warehouse as-of scan, each once, with the peak
    memory each took."""
    from tracker.progress import progress

    scan, scan_cpu, n = measure.once_cpu(
        lambda: lean.duckdb_read(raw, "as_of_scan", {"as_of": AS_OF}))
    rows: list[Row] = [("one whole-warehouse as-of scan (lean)", "", f"{scan:.2f} s", "",
                        f"{n:,} rows; CPU {scan_cpu:.2f} s")]
    vintages = raw.execute("SELECT count(*) FROM observations").fetchone()

    def in_parts() -> int:  # consumed frame by frame, as a writer to Parquet would
        return sum(frame.height for frame in wh.revisions_in_parts())

    # The parts first: a peak counts from what the process holds when the work begins, and
    # the allocator keeps much of what an earlier piece of work freed.
    work: dict[str, Callable[[], int]] = {
        "revisions_in_parts()": in_parts,
        "revisions()": lambda: wh.revisions().height,
        "conflicts()": lambda: wh.conflicts().height,
        "progress(region=None)": lambda: progress(wh, region=None).height}
    if vintages is not None and vintages[0] > ONE_FRAME:
        del work["revisions()"]
        rows.append(("revisions() as one frame", "skipped", "", "",
                     f"over {ONE_FRAME:,} vintages: its answer alone would exceed 4 GB"))
    for name, call in work.items():
        measure.peak_reset()
        held = measure.peak_mb("VmRSS")
        took, cpu, height = measure.once_cpu(call)
        rows.append((f"{name} over the whole warehouse", f"{took:.2f} s", f"{scan:.2f} s", "",
                     f"{ratio(took, scan)}, {height:,} rows; CPU {cpu:.2f} s "
                     f"({ratio(cpu, scan_cpu)}); peak {measure.peak_mb():,.0f} MB "
                     f"({held:,.0f} MB held when it began)"))
    return rows


def shell(work: Path, path: Path, code: str) -> list[Row]:
    """`tracker series` from the shell, against the synthetic warehouse."""
    env = {"TRACKER_WAREHOUSE": str(path), "TRACKER_CATALOG": str(work / "catalog")}
    cli = Path(sys.executable).parent / "tracker"
    wall = measure.shell([str(cli), "series", code, "--region", "440300"], env)
    bare = measure.shell([sys.executable, "-c", "import duckdb, polars"], env)
    imports = measure.import_seconds("tracker.cli.warehouse")  # what `tracker series` imports
    return [(f"`tracker series {code}` from the shell, wall", f"{1000 * wall:.0f} ms",
             f"python + duckdb + polars: {1000 * bare:.0f} ms", "",
             f"{1000 * imports:.0f} ms importing tracker.cli.warehouse")]


def run(work: Path, args: argparse.Namespace) -> None:
    """Measure against the warehouse that setup() left under `work`, and print."""
    os.environ["TRACKER_CATALOG"] = str(work / "catalog")
    from tracker.catalog import catalog
    from tracker.warehouse import Warehouse

    catalog.cache_clear()
    codes = [c for c in catalog().indicators if c.startswith("bench_")]
    regions = [c for c, r in catalog().regions.items() if r.level != "country"]
    path = work / "a" / "tracker.duckdb"
    rng = random.Random(7)
    picks = [{"indicator": rng.choice(codes), "region": rng.choice(regions), "as_of": AS_OF}
             for _ in range(args.repeats)]
    wh = Warehouse(path)
    raw = duckdb.connect(str(path), read_only=True)
    lite = sqlite3.connect(work / "lite.sqlite") if (work / "lite.sqlite").exists() else None
    check: dict[str, Any] = picks[0]
    assert wh.series(check["indicator"], check["region"], as_of=AS_OF).height == (
        lean.duckdb_read(raw, "series", check))
    rows = reads(wh, raw, lite, picks, args.repeats)
    rows += whole(wh, raw)
    raw.close()  # the raw connection is no pool: a writer would wait for it to its timeout
    if lite is not None:
        lite.close()
    rows += idle(wh, path, picks[1])
    wh.close()
    rows += writes.appends(work, path, codes, regions, args)
    rows += shell(work, path, codes[0])
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, measure.peak_overall())
    print("\n| work | tracker API | leanest raw DuckDB | SQLite + index | ratio / note |\n"
          "|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\npeak memory (max RSS of the measuring process, bulk set-up excluded): "
          f"{peak:,.0f} MB")


if __name__ == "__main__":
    main()
