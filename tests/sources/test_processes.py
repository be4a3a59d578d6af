"""Real processes against one warehouse: readers while refreshes run, and refreshes SIGKILLed.

A reference ingest of the same payloads into a separate warehouse says how many observations
each release (named by its raw sha256) holds when appended cleanly; every release seen anywhere
else must hold exactly that many.
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

import pytest
from replay import world
from replay.procs import ROOT, env, start, tracker_cli
from replay.server import ReplayServer

import tracker
from tracker.paths import raw_dir
from tracker.schedule import refresh

READER = Path(world.__file__).with_name("readers.py")


def reference(sources_dir: Path, path: Path) -> dict[str, int]:
    """sha256 -> observation count after a clean, uninterrupted ingest."""
    wh = tracker.open(path, read_only=False)
    outcomes = refresh(wh, sources_dir=sources_dir)
    assert all(o.status == "succeeded" for o in outcomes), [o.error for o in outcomes]
    frame = wh.releases()
    return dict(zip(frame["sha256"], frame["observations"], strict=True))


def check_whole(path: Path, expected: dict[str, int]) -> set[str]:
    """Open the warehouse as an analyst would; every release held must be whole."""
    frame = tracker.open(path).releases()
    for row in frame.iter_rows(named=True):
        assert expected.get(row["sha256"]) == row["observations"], row
        raw = raw_dir(path) / row["raw_path"]
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == row["sha256"]
    keys = list(zip(frame["source_id"], frame["sha256"], strict=True))
    assert len(keys) == len(set(keys)), "a payload was appended twice"
    return set(frame["sha256"])


@pytest.mark.slow
def test_readers_are_never_disturbed_and_no_refresh_is_lost(
        server: ReplayServer, tmp_path: Path, sources_dir: Path) -> None:
    staging = tmp_path / "staging"
    world.build(server, sources_dir, staging, files=4, posts=6)
    for extra in ("drop_b", "drop_c"):
        world.drop_files(staging / extra, 2)
        world.drop_toml(sources_dir, tmp_path / "live" / extra, source_id=extra)
        shutil.copytree(staging / extra, tmp_path / "live" / extra)
    expected = reference(sources_dir, tmp_path / "ref" / "w.duckdb")
    # The live drop folder fills in two steps; every file's bytes are the staged ones.
    world.drop_toml(sources_dir, tmp_path / "live" / "drop")
    live = tmp_path / "live" / "drop"
    live.mkdir(parents=True)
    files = sorted((staging / "drop").iterdir())
    for f in files[:2]:
        shutil.copy(f, live)
    expected_file = tmp_path / "expected.json"
    expected_file.write_text(json.dumps(expected), encoding="utf-8")

    warehouse = tmp_path / "wh" / "w.duckdb"
    tracker.open(warehouse, read_only=False).init()
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, str(READER), str(warehouse), str(expected_file),
                                 str(stop), str(tmp_path / f"reader{i}.json")], env=env(),
                                cwd=ROOT, stderr=subprocess.PIPE, text=True) for i in range(3)]
    time.sleep(1.5)  # readers are querying before the first writer arrives

    def refreshes(*sources: str | None) -> list[subprocess.Popen[str]]:
        return [start("refresh", "--sources-dir", str(sources_dir), "--warehouse",
                      str(warehouse), *(["--source", s] if s else []),
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sources]

    def finish(procs: list[subprocess.Popen[str]]) -> None:
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, f"refresh failed with readers present:\n{out}\n{err}"

    finish(refreshes(None, "drop_b"))
    for f in files[2:]:
        shutil.copy(f, live)
    finish(refreshes("drop", "drop_c", None, "drop"))
    time.sleep(0.5)
    stop.touch()
    for i, proc in enumerate(readers):
        _, err = proc.communicate(timeout=60)
        summary = json.loads((tmp_path / f"reader{i}.json").read_text(encoding="utf-8"))
        assert proc.returncode == 0 and not summary["errors"], (summary["errors"], err)
        assert summary["reads"] >= 20 and summary["max_releases_seen"] > 0

    assert check_whole(warehouse, expected) == set(expected), "a refresh was lost"
    runs = tracker.open(warehouse).runs(limit=100)
    assert runs.height == 6 + 8 and set(runs["status"]) <= {"succeeded", "unchanged"}


@pytest.mark.slow
def test_sigkilled_refreshes_leave_whole_releases_and_the_next_one_completes(
        server: ReplayServer, tmp_path: Path, sources_dir: Path) -> None:
    world.build(server, sources_dir, tmp_path / "data", files=3, posts=5)
    expected = reference(sources_dir, tmp_path / "ref" / "w.duckdb")
    args = ("refresh", "--sources-dir", str(sources_dir))
    timing = ("--warehouse", str(tmp_path / "timing" / "w.duckdb"))
    clock = time.monotonic()
    assert tracker_cli(*args, *timing).returncode == 0
    full = time.monotonic() - clock
    clock = time.monotonic()
    assert tracker_cli(*args, *timing).returncode == 0
    idle = time.monotonic() - clock  # start-up and finding nothing new
    per_release = max(full - idle, 0.1) / len(expected)

    rng = random.Random(20241120)
    kills = attempts = completed = progressed = 0
    warehouse = tmp_path / "crash0" / "w.duckdb"
    held: set[str] = set()
    while kills < 15 and attempts < 30:
        attempts += 1
        # Aim inside the work still to do, which shrinks as killed runs leave releases behind.
        delay = rng.uniform(0.6 * idle, idle + per_release * (len(expected) - len(held)))
        proc = start(*args, "--warehouse", str(warehouse), stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        before = len(held)
        held = check_whole(warehouse, expected) if warehouse.exists() else set()
        progressed += proc.returncode == -signal.SIGKILL and before < len(held) < len(expected)
        if held == set(expected) or (kills % 5 == 0 and proc.returncode == -signal.SIGKILL):
            # The next refresh completes the work; then start again from an empty warehouse.
            done = tracker_cli(*args, "--warehouse", str(warehouse))
            assert done.returncode == 0, done.stderr
            assert check_whole(warehouse, expected) == set(expected)
            runs = tracker.open(warehouse).runs(limit=100)
            assert "running" not in set(runs["status"]), "a killed run was left open"
            completed += 1
            warehouse = tmp_path / f"crash{completed}" / "w.duckdb"
            held = set()
    assert kills >= 15 and completed >= 3, (kills, attempts, completed)
    assert progressed >= 3, f"only {progressed} kills landed between two appends"
