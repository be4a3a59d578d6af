"""Scheduling: `tracker schedule` in a real process (every-second cron, SIGTERM) and `--due`."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import time
from pathlib import Path

import polars as pl
import pytest
from replay import sites, world
from replay.procs import start, tracker_cli
from replay.server import ReplayServer, Reply

import tracker
from tracker import clock
from tracker.schedule import is_due, refresh
from tracker.sources.registry import declared
from tracker.warehouse import Warehouse


def test_the_scheduler_runs_jobs_on_time_one_at_a_time_and_stops_gracefully(
        server: ReplayServer, tmp_path: Path, sources_dir: Path) -> None:
    world.drop_files(tmp_path / "drop", 2)
    drop = world.drop_toml(sources_dir, tmp_path / "drop")
    drop.write_text(drop.read_text(encoding="utf-8").replace('"*/15 * * * *"', '"* * * * * *"'),
                    encoding="utf-8")
    sites.install_portal(server)
    slow = sites.es_data(sites.IVA, sites.NEV)
    server.set(sites.PORTAL_API + "stream/esData", Reply(200, slow, delay=1.5), method="POST")
    portal = sites.portal_toml(sources_dir, server.url, timeout=5)
    portal.write_text(portal.read_text(encoding="utf-8").replace('"0 11 * * *"',
                                                                 '"*/2 * * * * *"'),
                      encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    tracker.open(warehouse, read_only=False).init()

    proc = start("schedule", "--sources-dir", str(sources_dir), "--warehouse", str(warehouse),
                 "--misfire-grace-time", "1", stderr=subprocess.PIPE)
    began = time.monotonic()
    # Until each source has run twice (seconds on an idle machine, longer on a loaded one),
    # read as a notebook would: the scheduler's writes must not be disturbed by it.
    watcher = tracker.open(warehouse)
    while time.monotonic() - began < 60:
        time.sleep(0.5)
        ended = watcher.runs(limit=100).filter(pl.col("ended_at").is_not_null())
        if min(ended.filter(pl.col("source_id") == s).height for s in ("drop", "nbs_portal")) >= 2:
            break
    watcher.close()
    elapsed = time.monotonic() - began
    proc.send_signal(signal.SIGTERM)
    _, log = proc.communicate(timeout=30)
    assert proc.returncode == 0, log

    assert "scheduled drop (filedrop) with cron '* * * * * *' in Asia/Shanghai" in log
    assert "received SIGTERM: stopping after the running jobs finish" in log
    runs = tracker.open(warehouse).runs(limit=100)
    assert runs["ended_at"].null_count() == 0, "a run was cut off by the stop"
    assert set(runs["status"]) <= {"succeeded", "unchanged"}
    for source in ("drop", "nbs_portal"):
        mine = runs.filter(runs["source_id"] == source).sort("started_at")
        assert f"source {source} run" in log
        assert mine.height >= 2, f"{source} ran {mine.height} time(s)"
        # One run of a source at a time: each starts after the previous one ended.
        starts, ends = mine["started_at"].to_list(), mine["ended_at"].to_list()
        assert all(s >= e for s, e in zip(starts[1:], ends[:-1], strict=True))
    drops = runs.filter(runs["source_id"] == "drop")
    assert drops["status"].to_list()[-1] == "succeeded"  # the first run appended the files
    assert f"scheduler stopped after {runs.height} run(s)" in log
    # The every-second drop job shares one worker with a 1.5s portal job: missed seconds are
    # coalesced or skipped, never queued up, so there are fewer runs than seconds elapsed.
    assert drops.height <= elapsed + 1


def test_due_means_the_cron_fired_since_the_last_run(tmp_path: Path, sources_dir: Path,
                                                     wh: Warehouse) -> None:
    (tmp_path / "empty").mkdir()
    world.drop_toml(sources_dir, tmp_path / "empty")
    (spec,) = declared(sources_dir)  # every 15 minutes
    assert is_due(wh, spec)  # never ran
    (outcome,) = refresh(wh, due=True, sources_dir=sources_dir)
    assert outcome.status == "unchanged"
    now = clock.now()
    assert not is_due(wh, spec, now - dt.timedelta(seconds=1))
    assert is_due(wh, spec, now + dt.timedelta(minutes=16))
    fired = refresh(wh, due=True, sources_dir=sources_dir,
                    now=now + dt.timedelta(minutes=16))
    assert [o.source_id for o in fired] == ["drop"]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/Los_Angeles"])
def test_refresh_due_reads_run_times_right_in_any_zone(tmp_path: Path, sources_dir: Path,
                                                       zone: str) -> None:
    (tmp_path / "empty").mkdir()
    world.drop_toml(sources_dir, tmp_path / "empty")  # every 15 minutes, Beijing time
    args = ("refresh", "--due", "--sources-dir", str(sources_dir),
            "--warehouse", str(tmp_path / "w.duckdb"), "--json")

    def due_at(now: str) -> list[str]:
        done = tracker_cli(*args, TZ=zone, TRACKER_NOW=now)
        assert done.returncode == 0, done.stderr
        return [json.loads(line)["source_id"] for line in done.stdout.splitlines()]

    assert due_at("2024-12-01T10:01:00+08:00") == ["drop"]  # never ran
    assert due_at("2024-12-01T10:14:00+08:00") == []  # ran at 10:01, next time is 10:15
    assert due_at("2024-12-01T10:16:00+08:00") == ["drop"]
