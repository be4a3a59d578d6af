"""The warehouse benchmark on both kinds: a DuckDB file beside a DuckLake on PostgreSQL.

    python -m tracker.bench.lake [--indicators 100 --months 60 --vintages 4]

A smaller synthetic warehouse than tracker/bench/warehouse.py (504,000 observations by
default), bulk-loaded into a file and copied into a lake (`copy_to`, timed) catalogued in a
PostgreSQL server the benchmark starts itself (tracker/bench/postgres.py); then the same reads,
whole-warehouse work, appends and shell command on each kind, interleaved so that load from
other processes falls on both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.bench import measure, synthetic, writes
from tracker.bench.measure import Row, ratio
from tracker.bench.postgres import running

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

AS_OF = dt.date(2024, 6, 30)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--vintages", type=int, default=4)
    parser.add_argument("--append-rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-lake-"))
    try:
        # A folder of its own: the server runs as `postgres`, who cannot enter `work`.
        with tempfile.TemporaryDirectory(prefix="tracker-pg-") as base, \
                running(Path(base)) as pg:
            run(work, pg.uri(pg.create()), args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, uri: str, args: argparse.Namespace) -> None:
    """Build both kinds under `work` and the lake `uri`, measure, print."""
    codes = synthetic.catalog_with(work / "catalog", args.indicators)
    os.environ["TRACKER_CATALOG"] = str(work / "catalog")
    from tracker.catalog import catalog
    from tracker.warehouse import Warehouse

    catalog.cache_clear()
    regions = [c for c, r in catalog().regions.items() if r.level != "country"]
    path = work / "file" / "tracker.duckdb"
    total = synthetic.build(path, codes, regions, args.months, args.vintages)
    data = work / "lake-data"
    with Warehouse(path) as source, Warehouse(uri, read_only=False, data_path=data) as target:
        took, _ = measure.once(lambda: source.copy_to(target))
        target.optimize()  # rows held inline in the catalog go to Parquet, sorted
    print(f"synthetic warehouse: {total:,} observations; copied into the lake in {took:.1f}s")
    rng = random.Random(7)
    picks = [{"indicator": rng.choice(codes), "region": rng.choice(regions)}
             for _ in range(args.repeats)]
    file, lake = Warehouse(path), Warehouse(uri, data_path=data)
    assert file.series(codes[0], regions[0]).equals(lake.series(codes[0], regions[0]))
    rows = [("copy_to(): file into an empty lake", "", f"{took:.1f} s", "", f"{total:,} rows")]
    rows += reads(file, lake, picks, args.repeats)
    rows += whole(file, lake)
    file.close()
    lake.close()
    rows += appends(path, uri, data, codes, regions, args)
    rows += [shell(work, str(path), uri, data, codes[0])]
    print("\n| work | DuckDB file | DuckLake on PostgreSQL | | lake / file |\n"
          "|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def reads(file: Warehouse, lake: Warehouse, picks: list[dict[str, Any]], repeats: int) -> list[Row]:
    """Each read on both kinds in turn, on the same random series."""
    calls: dict[str, Callable[[Warehouse, dict[str, Any]], object]] = {
        "one series as of a date": lambda w, p: w.series(p["indicator"], p["region"],
                                                         as_of=AS_OF),
        "one indicator, all regions, as of": lambda w, p: w.series(p["indicator"], None,
                                                                   as_of=AS_OF),
        "vintages() of one series": lambda w, p: w.vintages(p["indicator"], p["region"]),
        "first_release(), one": lambda w, p: w.first_release(p["indicator"], p["region"]),
    }
    rows: list[Row] = []
    for name, call in calls.items():
        t = measure.interleaved({"file": partial(_on, call, file, picks),
                                 "lake": partial(_on, call, lake, picks)}, repeats)
        for q in (0.5, 0.95):
            f, k = measure.ms(t["file"], q), measure.ms(t["lake"], q)
            rows.append((f"{name}, p{int(q * 100)}", f"{f:.2f} ms", f"{k:.2f} ms", "",
                         ratio(k, f)))
    return rows


def _on(call: Callable[[Warehouse, dict[str, Any]], object], wh: Warehouse,
        picks: list[dict[str, Any]], i: int) -> object:
    return call(wh, picks[i])


def whole(file: Warehouse, lake: Warehouse) -> list[Row]:
    """Whole-warehouse revisions and conflicts, once each on each kind."""
    rows: list[Row] = []
    for name in ("revisions", "conflicts"):
        f, frame = measure.once(getattr(file, name))
        k, other = measure.once(getattr(lake, name))
        assert frame.height == other.height
        rows.append((f"{name}() over the whole warehouse", f"{f:.2f} s", f"{k:.2f} s", "",
                     f"{ratio(k, f)}, {frame.height:,} rows"))
    return rows


def appends(path: Path, uri: str, data: Path, codes: list[str], regions: list[str],
            args: argparse.Namespace) -> list[Row]:
    """A new release of `--append-rows` figures, then the same again (adds nothing)."""
    from tracker.store.release import ReleaseMeta
    from tracker.warehouse import Warehouse

    frame = writes.release_frame(codes, regions, args.months, args.append_rows)
    raw = frame.write_csv().encode()
    meta = ReleaseMeta(publisher="基准测试局", title="基准追加", date_published=dt.date(2026, 6, 1),
                       ingester="bench", source_id="bench")
    times: dict[str, list[float]] = {}
    for kind, where in (("file", {"path": path}), ("lake", {"path": uri, "data_path": data})):
        with Warehouse(**where, read_only=False) as wh:
            times[kind] = [measure.once(partial(wh.append_release, meta, frame, raw))[0]
                           for _ in range(2)]
    return [(f"append a new {args.append_rows:,}-row release", f"{times['file'][0]:.2f} s",
             f"{times['lake'][0]:.2f} s", "", ratio(times["lake"][0], times["file"][0])),
            ("the same release again (adds nothing)", f"{times['file'][1]:.2f} s",
             f"{times['lake'][1]:.2f} s", "", ratio(times["lake"][1], times["file"][1]))]


def shell(work: Path, path: str, uri: str, data: Path, code: str) -> Row:
    """`tracker series` from the shell on each kind (a new process: connecting included)."""
    cli = Path(sys.executable).parent / "tracker"
    walls = {}
    for kind, where in (("file", path), ("lake", uri)):
        env = {"TRACKER_WAREHOUSE": where, "TRACKER_CATALOG": str(work / "catalog"),
               "TRACKER_DATA_PATH": str(data)}
        walls[kind] = measure.shell([str(cli), "series", code, "--region", "440300"], env)
    return (f"`tracker series {code}` from the shell, wall", f"{1000 * walls['file']:.0f} ms",
            f"{1000 * walls['lake']:.0f} ms", "", ratio(walls["lake"], walls["file"]))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n(took {time.perf_counter() - started:.0f} s in all)")
