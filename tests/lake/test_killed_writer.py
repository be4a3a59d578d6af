"""A writer SIGKILLed mid-append on a DuckLake leaves the release whole or absent, and its
writer lock goes with it: the next writer appends the release (or finds it held) at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import tracker
from tests.lake.server import Lake
from tests.store.test_crash import CHILD

ROWS = 50_000


def start(lake: Lake) -> subprocess.Popen[str]:
    """The child of tests/store/test_crash.py, appending one deterministic release to the lake."""
    env = {**os.environ, "TRACKER_DATA_PATH": str(lake.data), "TRACKER_LOCK_TIMEOUT": "30"}
    return subprocess.Popen([sys.executable, "-c", CHILD, lake.uri, str(ROWS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def crash_rows(lake: Lake) -> tuple[int, int]:
    """(releases, observations) of the crash source."""
    with tracker.open(lake.uri, data_path=lake.data) as wh:
        row = wh.sql("SELECT (SELECT count(*) FROM releases WHERE source_id = 'crash'), "
                     "(SELECT count(*) FROM observations WHERE source_id = 'crash')").row(0)
    return int(row[0]), int(row[1])


@pytest.mark.parametrize("delay", [0.5, 2.0, 4.0])
def test_a_killed_writer_leaves_the_release_whole_or_absent_and_the_lock_free(
        lake: Lake, delay: float) -> None:
    proc = start(lake)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("started")  # its run is recorded; now appending
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert crash_rows(lake) in {(0, 0), (1, ROWS)}
    again = start(lake)
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err  # the killed writer's lock did not outlive it
    assert '"status": "added"' in out or '"status": "unchanged"' in out
    assert crash_rows(lake) == (1, ROWS)
