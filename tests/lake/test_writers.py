"""Many writers, many readers on one DuckLake: real `tracker ingest table` processes at once.

Two writers with different releases both land them whole; two writers with the same release land
it once; a reader polling meanwhile in a process of its own never sees part of a release.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import tracker
from tests.conftest import ROOT, TRACKER_BIN
from tests.lake.server import Lake

ROWS = 400  # figures per release: one month each from 1900 on
HEADER = "indicator,region,cluster,measure,period_start,period_end,value_as_published," \
         "unit_as_published,qualifier,status,quote"

READER = """
import json, sys, time
import tracker
wh = tracker.open(sys.argv[1])
seen, deadline = set(), time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    frame = wh.sql("SELECT release_id, count(*) AS n FROM observations "
                   "WHERE source_id = 'writers' GROUP BY release_id")
    seen.update((r, n) for r, n in frame.iter_rows())
print(json.dumps(sorted(seen)))
"""


def write_release(folder: Path, title: str, region: str) -> Path:
    """A release folder of ROWS monthly GDP figures for `region`."""
    folder.mkdir(parents=True)
    (folder / "release.toml").write_text(
        f'publisher = "并发测试局"\ntitle = "{title}"\ndate_published = 2026-08-01\n'
        f'grade = "A"\ntable = "figures.csv"\nsource_id = "writers"\n', encoding="utf-8")
    rows = []
    for i in range(ROWS):
        year, month = 1900 + i // 12, i % 12 + 1
        end = f"{year}-{month:02d}-28"
        rows.append(f"gdp,{region},,level,{year}-{month:02d}-01,{end},{i + 1},亿元,exact,A,")
    (folder / "figures.csv").write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    return folder


def start(lake: Lake, *args: str | Path) -> subprocess.Popen[str]:
    """A `tracker` process on the lake, as another machine would run it."""
    env = {**os.environ, "TRACKER_WAREHOUSE": lake.uri, "TRACKER_DATA_PATH": str(lake.data)}
    return subprocess.Popen([str(TRACKER_BIN), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def finish(proc: subprocess.Popen[str]) -> str:
    """Its output, once it succeeded."""
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def held(lake: Lake) -> dict[str, int]:
    """Release id -> observations, for the writers' releases."""
    with tracker.open(lake.uri, data_path=lake.data) as wh:
        frame = wh.sql("SELECT release_id, count(*) AS n FROM observations "
                       "WHERE source_id = 'writers' GROUP BY release_id")
    return dict(frame.iter_rows())


def test_two_writers_with_different_releases_both_land_whole_and_readers_never_see_half(
        lake: Lake, tmp_path: Path) -> None:
    one = write_release(tmp_path / "one", "深圳并发公报", "440300")
    two = write_release(tmp_path / "two", "广州并发公报", "440100")
    reader = subprocess.Popen([sys.executable, "-c", READER, lake.uri, "25"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "TRACKER_DATA_PATH": str(lake.data)})
    time.sleep(3)  # the reader is polling before the writers start
    writers = [start(lake, "ingest", "table", one, "--source-id", "writers", "--json"),
               start(lake, "ingest", "table", two, "--source-id", "writers", "--json")]
    results = [json.loads(finish(w).splitlines()[0]) for w in writers]
    assert [r["status"] for r in results] == ["added", "added"]
    assert {r["added"] for r in results} == {ROWS}
    seen = json.loads(finish(reader))
    assert seen and all(n == ROWS for _, n in seen), seen  # never part of a release
    assert held(lake) == {r["release_id"]: ROWS for r in results}


def test_the_same_release_from_two_writers_at_once_lands_once(lake: Lake,
                                                              tmp_path: Path) -> None:
    folder = write_release(tmp_path / "same", "同一公报", "440300")
    writers = [start(lake, "ingest", "table", folder, "--source-id", "writers", "--json")
               for _ in range(2)]
    results = [json.loads(finish(w).splitlines()[0]) for w in writers]
    assert sorted(r["status"] for r in results) == ["added", "unchanged"], results
    assert len({r["release_id"] for r in results}) == 1
    assert held(lake) == {results[0]["release_id"]: ROWS}
    with tracker.open(lake.uri, data_path=lake.data) as wh:
        twice = wh.sql("SELECT count(*) - count(DISTINCT obs_id) FROM observations")[0, 0]
    assert twice == 0  # no observation id given twice
