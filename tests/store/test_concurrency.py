"""A Warehouse kept open in this process never keeps a writer in another process out.

The reader lets go of the file when idle or as soon as a writer announces itself
(tracker/store/connect.py); the writer's release then appears to it whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tracker.warehouse import Warehouse

ROWS = 20_000
WRITER_BUDGET = 10.0  # seconds; without the hand-over the writer would wait out its lock timeout

WRITER = """
import datetime as dt, json, sys, time
import polars as pl
import tracker
from tracker.store.release import ReleaseMeta

path, rows = sys.argv[1], int(sys.argv[2])
first = dt.date(1900, 1, 1)
frame = pl.DataFrame({
    "indicator": "gdp", "region": "440300", "measure": "level",
    "period_start": pl.date_range(first, first + dt.timedelta(days=rows - 1), eager=True),
    "value_as_published": [float(i % 500 + 1) for i in range(rows)],
    "unit_as_published": "亿元",
}).with_columns(period_end=pl.col("period_start"))
meta = ReleaseMeta(publisher="并发测试局", title="并发写入", date_published=dt.date(2026, 8, 1),
                   ingester="concurrency-test", source_id="concurrency")
started = time.monotonic()
result = tracker.open(path, read_only=False).append_release(meta, frame, b"concurrent release")
print(json.dumps({"release_id": result.release_id, "added": result.added,
                  "seconds": time.monotonic() - started}), flush=True)
"""


def held(wh: Warehouse) -> int:
    """Observations of the concurrent release visible to this reader."""
    return int(wh.sql("SELECT count(*) FROM observations WHERE source_id = 'concurrency'")[0, 0])


@pytest.mark.parametrize("reader", ["idle", "busy"])
def test_open_reader_never_blocks_a_writer_and_then_sees_the_whole_release(
        reader: str, seeded_path: Path) -> None:
    wh = Warehouse(seeded_path)  # kept open throughout, as in a notebook
    try:
        assert held(wh) == 0
        env = {**os.environ, "TRACKER_LOCK_TIMEOUT": str(2 * WRITER_BUDGET)}
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(seeded_path), str(ROWS)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        seen = set()
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if reader == "busy":  # never idle long enough to let go on its own
                seen.add(held(wh))
            time.sleep(0.05)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        result = json.loads(out)
        assert result["added"] == ROWS
        assert result["seconds"] < WRITER_BUDGET, result
        assert seen <= {0, ROWS}, seen  # never a part of the release
        assert held(wh) == ROWS
        frame = wh.series("gdp", region="440300")
        assert frame.filter(pl.col("release_id") == result["release_id"]).height == ROWS
    finally:
        wh.close()
