"""One run context for every ingest, and exit codes a cron job can act on (real processes).

`tracker ingest table`, `tracker ingest text` and `tracker refresh` each record a run in
`tracker runs` and close it whatever happens: 0 success, 4 success with quarantined rows, 3
failure, 1 refused input, 130 Ctrl-C, 143 SIGTERM.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from replay import sites
from replay.procs import start, tracker_cli
from replay.server import ReplayServer, Reply

from tracker.errors import FetchError
from tracker.sources.context import recorded
from tracker.sources.release_dir import load
from tracker.warehouse import Warehouse

BULLETIN = Path(__file__).resolve().parent.parent / "corpus" / "bulletin_2024_10.txt"
META = ("--published", "2024-11-20", "--publisher", "广东省统计局",
        "--title", "2024年1—10月广东经济运行简况")
HEADER = "indicator,region,measure,period_start,period_end,value_as_published,unit_as_published"
GOOD = ["nev_output,440000,level,2024-01-01,2024-12-31,361.78,万辆",
        "gdp,440000,level,2024-01-01,2024-12-31,14.16,万亿元"]
BAD = ["nev_output,440000,level,2024-12-31,2024-01-01,1,万辆",       # ends before it starts
       "nev_output,440001,level,2024-01-01,2024-12-31,1,万辆",       # unknown region
       "nev_output,440000,level,2023-01-01,2023-12-31,三百,万辆",    # not a number
       "gdp,440300,level,2024-01-01,2024-12-31,3.68,万辆"]           # a unit gdp cannot have


def runs(warehouse: str) -> list[dict]:
    """`tracker runs --nl`, newest first."""
    done = tracker_cli("runs", "--nl", "--warehouse", warehouse)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def release_folder(folder: Path, rows: list[str], table: str = "figures.csv") -> Path:
    folder.mkdir(parents=True)
    (folder / "release.toml").write_text(
        f'publisher = "广东省统计局"\ntitle = "{folder.name}"\ndate_published = 2025-03-28\n'
        f'table = "{table}"\n', encoding="utf-8")
    (folder / "figures.csv").write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    return folder


def test_a_text_ingest_is_listed_in_runs(tmp_path: Path) -> None:
    warehouse = str(tmp_path / "w.duckdb")
    args = ("ingest", "text", str(BULLETIN), *META, "--warehouse", warehouse, "--json")
    done = tracker_cli(*args)
    assert done.returncode == 0, done.stderr
    appended = json.loads(done.stdout)
    (run,) = runs(warehouse)
    assert (run["source_id"], run["status"], run["releases_added"], run["rows_added"]) == (
        "text", "succeeded", 1, appended["added"])
    assert appended["added"] > 0 and run["ended_at"] is not None and run["error"] is None

    again = tracker_cli(*args)
    assert again.returncode == 0 and json.loads(again.stdout)["status"] == "unchanged"
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff" * 500)
    refused = tracker_cli("ingest", "text", str(junk), *META, "--warehouse", warehouse)
    assert refused.returncode == 1 and "error:" in refused.stderr
    latest = runs(warehouse)
    assert [r["status"] for r in latest] == ["failed", "unchanged", "succeeded"]
    assert str(junk) in latest[0]["error"]


def test_a_folder_that_breaks_unexpectedly_closes_its_run(tmp_path: Path) -> None:
    warehouse = str(tmp_path / "w.duckdb")
    good = release_folder(tmp_path / "good", GOOD)
    # An I/O error no part of the tracker anticipates (a failing disk, a vanished share):
    # reading /proc/self/mem fails with EIO, even as root.
    broken = release_folder(tmp_path / "broken", GOOD, table="/proc/self/mem")
    with pytest.raises(OSError):
        load(broken)

    done = tracker_cli("ingest", "table", str(good), str(broken), "--warehouse", warehouse)
    assert done.returncode == 3, done.stderr
    assert "error: unexpected OSError" in done.stderr and "Traceback" in done.stderr
    (run,) = runs(warehouse)
    # The good folder went in before the fault: the run is partial, never left running.
    assert (run["status"], run["releases_added"], run["rows_added"]) == ("partial", 1, 2)
    assert "OSError" in run["error"] and str(broken) in run["error"]

    alone = tracker_cli("ingest", "table", str(broken), "--warehouse", warehouse)
    assert alone.returncode == 3
    latest = runs(warehouse)[0]
    assert (latest["status"], latest["releases_added"]) == ("failed", 0)
    assert "Input/output error" in latest["error"] and latest["ended_at"] is not None


def test_quarantined_rows_exit_4_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    warehouse = str(tmp_path / "w.duckdb")
    folder = release_folder(tmp_path / "mixed", [GOOD[0], *BAD, GOOD[1]])
    done = tracker_cli("ingest", "table", str(folder), "--warehouse", warehouse)
    assert done.returncode == 4, done.stderr
    assert "added, 2 added, 0 unchanged, 4 quarantined" in done.stdout
    assert "4 row(s) quarantined: `tracker quarantine --run-id RUN`" in done.stderr
    (run,) = runs(warehouse)
    assert (run["status"], run["rows_added"], run["rows_quarantined"]) == ("succeeded", 2, 4)
    listed = tracker_cli("quarantine", "--run-id", run["run_id"], "--nl",
                         "--warehouse", warehouse)
    assert len(listed.stdout.splitlines()) == 4

    again = tracker_cli("ingest", "table", str(folder), "--warehouse", warehouse, "--json")
    assert again.returncode == 0, again.stderr
    assert (json.loads(again.stdout)["status"], json.loads(again.stdout)["added"]) == (
        "unchanged", 0)
    assert [r["status"] for r in runs(warehouse)] == ["unchanged", "succeeded"]


@pytest.mark.parametrize(("stop", "code", "words"), [
    (signal.SIGINT, 130, "interrupted (KeyboardInterrupt)"),
    (signal.SIGTERM, 143, "interrupted (SIGTERM)"),
], ids=["ctrl-c", "sigterm"])
def test_a_refresh_stopped_midway_closes_its_run(server: ReplayServer, tmp_path: Path,
                                                 sources_dir: Path, stop: signal.Signals,
                                                 code: int, words: str) -> None:
    sites.install_portal(server)
    es_data = sites.PORTAL_API + "stream/esData"
    server.set(es_data, Reply(200, sites.es_data(sites.IVA, sites.NEV), delay=5), method="POST")
    sites.portal_toml(sources_dir, server.url, timeout=30)
    warehouse = str(tmp_path / "w.duckdb")
    proc = start("refresh", "--sources-dir", str(sources_dir), "--warehouse", warehouse,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not server.hits(es_data, "POST") and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(stop)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert "the run is recorded as failed" in err
    (run,) = runs(warehouse)
    assert (run["source_id"], run["status"]) == ("nbs_portal", "failed")
    assert words in run["error"] and run["ended_at"] is not None


@pytest.mark.parametrize(("raised", "words"), [
    (KeyboardInterrupt(), "interrupted (KeyboardInterrupt)"),
    (RuntimeError("a bug"), "unexpected RuntimeError: a bug"),
    (FetchError("s", "http://x/", "HTTP 500", "Retry."), "source 's': http://x/ answered"),
], ids=["ctrl-c", "bug", "tracker error"])
def test_whatever_the_body_raises_the_run_is_closed_and_it_propagates(
        wh: Warehouse, raised: BaseException, words: str) -> None:
    with pytest.raises(type(raised)), recorded(wh, "s") as run:
        raise raised
    assert run.status == "failed" and words in str(run.error)
    stored = wh.runs(source_id="s").row(0, named=True)
    assert (stored["status"], stored["error"]) == ("failed", run.error)
    assert stored["ended_at"] is not None


def test_a_contained_failure_is_recorded_and_stops_there(wh: Warehouse) -> None:
    with recorded(wh, "s", contain=(Exception,)) as run:
        raise ValueError("odd")
    assert (run.status, run.error) == ("failed", "unexpected ValueError: odd")
    assert wh.runs(source_id="s")["status"].to_list() == ["failed"]
    assert wh.releases().is_empty()
