"""One deadline per request, headers included (issue 14): a server that drips its response
headers a byte at a time fails the request on time, and under `tracker schedule` it holds up
neither the other sources nor a SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import polars as pl
import pytest
from replay import sites, world
from replay.procs import start
from replay.server import ReplayServer, Reply

import tracker
from tracker.errors import FetchError
from tracker.sources.http import FetchPolicy, HttpClient


def test_headers_dripped_a_byte_at_a_time_fail_at_the_deadline(server: ReplayServer) -> None:
    server.set("/drip", Reply(action="drip"))
    client = HttpClient("dripping", FetchPolicy(timeout=0.5, retries=1, backoff=0.01,
                                                min_interval=0.0))
    began = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0.5s \(the response headers"):
        client.get(f"{server.url}/drip")
    # Two attempts of 0.5s each; the socket timeout alone would have waited for ever.
    assert time.monotonic() - began < 4
    assert len(server.hits("/drip")) == 2


def test_a_dripping_source_holds_up_neither_the_others_nor_sigterm(
        server: ReplayServer, tmp_path: Path, sources_dir: Path) -> None:
    world.drop_files(tmp_path / "drop", 2)
    drop = world.drop_toml(sources_dir, tmp_path / "drop")
    drop.write_text(drop.read_text(encoding="utf-8").replace('"*/15 * * * *"', '"* * * * * *"'),
                    encoding="utf-8")
    sites.install_portal(server)
    server.set(sites.PORTAL_API + "stream/esData", Reply(action="drip"), method="POST")
    portal = sites.portal_toml(sources_dir, server.url, timeout=1)
    portal.write_text(portal.read_text(encoding="utf-8")
                      .replace('"0 11 * * *"', '"* * * * * *"'), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    tracker.open(warehouse, read_only=False).init()
    proc = start("schedule", "--sources-dir", str(sources_dir), "--warehouse", str(warehouse),
                 "--misfire-grace-time", "5", stderr=subprocess.PIPE)
    try:
        watcher, began = tracker.open(warehouse), time.monotonic()
        runs = pl.DataFrame()
        while time.monotonic() - began < 90:
            time.sleep(0.5)
            runs = watcher.runs(limit=200).filter(pl.col("ended_at").is_not_null())
            portal_failed = runs.filter((pl.col("source_id") == "nbs_portal")
                                        & (pl.col("status") == "failed")).height
            if portal_failed >= 1 and runs.filter(pl.col("source_id") == "drop").height >= 3:
                break
        watcher.close()
        # Stopped while the portal is (most likely) mid-drip: it must still end promptly.
        stopping = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, log = proc.communicate(timeout=30)
        stopped_in = time.monotonic() - stopping
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, log
    assert stopped_in < 15, f"SIGTERM took {stopped_in:.1f}s"
    assert runs.filter(pl.col("source_id") == "drop").height >= 3, "the drop was held up"
    failed = runs.filter(pl.col("source_id") == "nbs_portal")
    assert set(failed["status"]) == {"failed"}
    errors = failed["error"].to_list()
    assert all("headers had not all arrived" in e for e in errors), errors
