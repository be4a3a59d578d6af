"""A write-intent file names its process by pid and start time (issue 14): one left by a dead
writer whose pid now belongs to another process stalls no reader and is removed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import tracker
from tracker.store.connect import started, writers_waiting


def _intent(db: Path, pid: int, start: str) -> Path:
    intent = db.parent / f"{db.name}.write-intent.{pid}"
    intent.write_text(start, encoding="ascii")
    return intent


def test_a_reused_pid_does_not_pass_for_the_writer(empty_path: Path) -> None:
    # A live process (this one) under the pid, but not the one that started at that time.
    mine = started(os.getpid())
    assert mine is not None and mine.isdigit()
    stale = _intent(empty_path, os.getpid(), str(int(mine) - 1))
    began = time.monotonic()
    with tracker.open(empty_path) as wh:
        assert wh.releases().is_empty()
    assert time.monotonic() - began < 5  # not the 120 s lock timeout
    assert not stale.exists()


def test_a_live_writer_with_its_own_start_time_is_waited_for(empty_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        start = None
        while start is None:
            start = started(child.pid)
        intent = _intent(empty_path, child.pid, start)
        assert writers_waiting(empty_path) and intent.exists()
        _intent(empty_path, child.pid, str(int(start) + 7))
        assert not writers_waiting(empty_path) and not intent.exists()
    finally:
        child.kill()
        child.wait()


def test_an_intent_without_a_start_time_falls_back_to_the_pid(empty_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # dead: its pid is free
    old = _intent(empty_path, child.pid, "")
    assert not writers_waiting(empty_path) and not old.exists()
    live = _intent(empty_path, os.getpid(), "")
    assert writers_waiting(empty_path)
    live.unlink()
