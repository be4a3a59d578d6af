"""Kill the ingesting process at random points: the warehouse holds the release whole or not at all.

A child Python process appends one large synthetic release (generated in the child) to a copy
of the seeded warehouse; the parent SIGKILLs it at delays spread across a measured ingest.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from tracker.warehouse import Warehouse

ROWS = 200_000
KILLS = 6
TABLES = ("releases", "observations", "targets", "ingest_runs", "quarantine", "indicators")
UNTOUCHED = ("targets", "quarantine", "indicators")  # an ingest of figures never writes these

# The child: a deterministic release (same rows, same raw bytes, so the same release id on
# every attempt), appended inside a recorded run. argv: warehouse path, rows, "hold" to stop
# after starting the run.
CHILD = """
import datetime as dt, json, sys, time
import polars as pl
import tracker
from tracker.catalog import catalog
from tracker.store.release import ReleaseMeta

path, rows = sys.argv[1], int(sys.argv[2])
indicators = [c for c, i in catalog().indicators.items() if i.unit == "CNY" and not i.cluster]
regions = sorted(catalog().regions)
days = -(-rows // (len(indicators) * len(regions)))
first = dt.date(1990, 1, 1)
frame = (
    pl.DataFrame({"indicator": indicators})
    .join(pl.DataFrame({"region": regions}), how="cross")
    .join(pl.DataFrame({"day": pl.date_range(first, first + dt.timedelta(days=days - 1),
                                             eager=True)}), how="cross")
    .head(rows).with_row_index("i")
    .select("indicator", "region", pl.lit("level").alias("measure"),
            pl.col("day").alias("period_start"), pl.col("day").alias("period_end"),
            (pl.col("i") % 997 + 1).cast(pl.Float64).alias("value_as_published"),
            pl.lit("亿元").alias("unit_as_published"))
)
meta = ReleaseMeta(publisher="合成统计局", title="崩溃测试", date_published=dt.date(2026, 7, 1),
                   ingester="crash-test", source_id="crash")
wh = tracker.open(path, read_only=False)
run_id = wh.start_run("crash")
print("started", run_id, flush=True)
if sys.argv[3:] == ["hold"]:
    time.sleep(600)
result = wh.append_release(meta, frame, f"synthetic release of {rows} rows".encode(),
                           run_id=run_id)
added = result.status == "added"
wh.finish_run(run_id, "succeeded" if added else "unchanged", int(added), result.added,
              result.unchanged)
print(json.dumps({"release_id": result.release_id, "status": result.status,
                  "added": result.added, "unchanged": result.unchanged}), flush=True)
"""


def child(path: Path, *extra: str) -> subprocess.Popen[str]:
    """Start the ingesting child process."""
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ROWS), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str]) -> dict[str, Any]:
    """Wait for a child that should complete; return its result line."""
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def intact(path: Path) -> dict[str, Any]:
    """Row count and content hash of each table, read after a checkpoint.

    The raw read-write connection replays whatever write-ahead log the killed process left and
    writes it into the file; reading every row then reads every block back.
    """
    con = duckdb.connect(str(path))
    try:
        con.execute("CHECKPOINT")
        size = con.execute("PRAGMA database_size").fetchone()
        assert size is not None and size[2] > 0  # blocks in use
        return {table: con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {table} t").fetchone()
                for table in TABLES}
    finally:
        con.close()


def held(wh: Warehouse, release_id: str) -> tuple[int, int]:
    """(release rows, observation rows) under `release_id`."""
    row = wh.sql("SELECT (SELECT count(*) FROM releases WHERE release_id = $r), "
                 "(SELECT count(*) FROM observations WHERE release_id = $r)", {"r": release_id})
    return int(row[0, 0]), int(row[0, 1])


def others(wh: Warehouse, release_id: str) -> tuple[Any, ...]:
    """A fingerprint of every observation and release except `release_id`'s."""
    return wh.sql(
        "SELECT (SELECT count(*) FROM releases WHERE release_id <> $r), "
        "(SELECT bit_xor(hash(o)) FROM observations o WHERE release_id <> $r), "
        "(SELECT count(*) FROM observations WHERE release_id <> $r)", {"r": release_id}
    ).row(0)


def test_sigkill_mid_ingest_leaves_the_release_whole_or_absent(seeded_path: Path,
                                                               tmp_path: Path) -> None:
    pristine, rehearsal = tmp_path / "pristine", tmp_path / "rehearsal"
    shutil.copytree(seeded_path.parent, pristine)
    shutil.copytree(seeded_path.parent, rehearsal)
    started = time.monotonic()
    expected = finish(child(rehearsal / seeded_path.name))
    duration = time.monotonic() - started
    assert (expected["status"], expected["added"]) == ("added", ROWS)
    release_id = expected["release_id"]

    with Warehouse(seeded_path) as wh:
        baseline = others(wh, release_id)
    untouched = {t: v for t, v in intact(pristine / seeded_path.name).items() if t in UNTOUCHED}
    rng = random.Random()
    outcomes = []
    for k in range(KILLS):
        delay = duration * (k + rng.random()) / KILLS
        proc = child(seeded_path)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with Warehouse(seeded_path) as wh:  # first opened as an analyst would: read-only
            state = held(wh, release_id)
            assert state in ((0, 0), (1, ROWS)), f"kill {k} after {delay:.2f}s left {state}"
            assert others(wh, release_id) == baseline
            outcomes.append((round(delay, 2), proc.returncode, state))
        tables = intact(seeded_path)
        assert {t: tables[t] for t in UNTOUCHED} == untouched
        if state != (0, 0):
            # Committed before the kill: start again from the seeded copy so that every kill
            # lands on a real ingest.
            shutil.rmtree(seeded_path.parent)
            shutil.copytree(pristine, seeded_path.parent)
    assert any(state == (0, 0) and code == -signal.SIGKILL for _, code, state in outcomes), outcomes

    assert finish(child(seeded_path))["added"] == ROWS
    again = finish(child(seeded_path))
    assert (again["status"], again["added"], again["unchanged"]) == ("unchanged", 0, ROWS)
    tables = intact(seeded_path)
    assert {t: tables[t] for t in UNTOUCHED} == untouched
    with Warehouse(seeded_path) as wh:
        assert held(wh, release_id) == (1, ROWS)
        assert others(wh, release_id) == baseline
        (release,) = wh.releases(source_id="crash").iter_rows(named=True)
        raw = (seeded_path.parent / "raw" / release["raw_path"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == release["sha256"]
        runs = wh.runs(source_id="crash", limit=100)
        assert runs["status"].to_list()[:2] == ["unchanged", "succeeded"]
        assert set(runs["status"].to_list()[2:]) <= {"abandoned"}
    assert not list(seeded_path.parent.glob("*.write-intent.*"))


def test_a_run_left_running_by_a_killed_process_becomes_abandoned(seeded_path: Path) -> None:
    proc = child(seeded_path, "hold")
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    assert line[0] == "started", proc.stderr.read() if proc.stderr else ""
    run_id = line[1]
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    with Warehouse(seeded_path, read_only=False) as wh:
        (killed,) = wh.runs(source_id="crash").iter_rows(named=True)
        assert (killed["run_id"], killed["status"], killed["pid"]) == (run_id, "running",
                                                                        proc.pid)
        new_run = wh.start_run("crash")
        runs = {r["run_id"]: r for r in wh.runs(source_id="crash").iter_rows(named=True)}
        assert runs[run_id]["status"] == "abandoned"
        assert "killed" in runs[run_id]["error"] and runs[run_id]["ended_at"] is not None
        assert runs[new_run]["status"] == "running"
        wh.finish_run(new_run, "unchanged")
        assert wh.runs(source_id="crash")["status"].to_list() == ["unchanged", "abandoned"]

