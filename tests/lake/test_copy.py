"""`tracker copy` moves a warehouse between a file and a DuckLake, either way, losing nothing.

Checked by each table's row count and content hash (tracker/store/copy.py), by the answers of the
API on both sides, and by the raw payloads' bytes; a re-run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import polars as pl

import tracker
from tests.conftest import run_cli
from tests.lake.server import Lake
from tracker import clock
from tracker.store.copy import columns, fingerprint, tables
from tracker.warehouse import Warehouse

COPIED = {"releases", "observations", "targets", "ingest_runs", "quarantine", "release_events",
          "source_rankings", "held_figures"}


def contents(wh: Warehouse) -> dict[str, tuple[int, int]]:
    """Table -> (rows, content hash), the catalog tables included."""
    with wh._reads.connection() as con:
        names = [*tables(con), "indicators", "regions", "units"]
        return {t: fingerprint(con, t, columns(con, t)) for t in names}


def payloads(wh: Warehouse) -> dict[str, str]:
    """raw_path -> SHA-256 of the bytes actually stored for it."""
    paths = wh.sql("SELECT DISTINCT raw_path FROM releases")["raw_path"].to_list()
    found = {p: wh.raw_payload(p) for p in paths}
    return {p: hashlib.sha256(b).hexdigest() for p, b in found.items() if b is not None}


def copy(source: str | Path, target: str | Path, data: Path | None = None) -> list[dict[str, int]]:
    """`tracker copy --from SOURCE --to TARGET --nl`, a real process; its rows."""
    extra = ["--data-path", str(data)] if data is not None else []
    result = run_cli("copy", "--from", source, "--to", target, *extra, "--nl", check=True)
    return [json.loads(line) for line in result.stdout.splitlines()]


def answers(wh: Warehouse, midway: dt.datetime) -> list[pl.DataFrame]:
    """A few reads whose answers must not depend on the kind; `midway` is an instant when the
    source held some of its releases (a lake copied into answers it from the rows' times)."""
    return [wh.series("gdp"), wh.vintages("gdp"), wh.revisions(), wh.conflicts(),
            wh.series("gdp", known_at="2025-01-01"), wh.targets(), wh.releases(),
            *(f.sort(f.columns, nulls_last=True) for f in (  # several indicators: any order
                wh.series(None, None, None, known_at=midway), wh.revisions(known_at=midway),
                wh.vintages(None, None, None, known_at=midway)))]


def midway(wh: Warehouse) -> dt.datetime:
    """The instant the middle release was ingested."""
    times = sorted(wh.releases()["ingested_at"].to_list())
    return clock.from_stored(times[len(times) // 2])


def raw_files(wh: Warehouse) -> dict[str, str]:
    """Every file under the warehouse's raw/ (payloads, sidecars, the journal) -> SHA-256."""
    store = wh.raw_root
    return {name: hashlib.sha256(store.read(name) or b"").hexdigest() for name in store.names()}


def withdraw_one(where: str | Path, data: Path | None = None) -> None:
    """Withdraw the first release, which writes a line to the journal (raw/events.jsonl)."""
    with tracker.open(where, read_only=False, data_path=data) as wh:
        first = wh.releases()["release_id"][0]
        wh.withdraw(first, reason="a figure misprinted", by="test", effective="2025-06-01")


def test_a_file_copied_into_a_lake_and_back_loses_nothing(
        seeded_template: Path, postgres: object, empty_lake: Lake, tmp_path: Path) -> None:
    source = tmp_path / "source" / "tracker.duckdb"
    shutil.copytree(seeded_template.parent, source.parent)
    withdraw_one(source)
    stale = next((source.parent / "raw").glob("*/")) / "0123.tmp999"  # a killed writer's
    stale.write_bytes(b"half a payload")
    lake = empty_lake.clone(tmp_path / "lake-data")
    back = tmp_path / "back" / "tracker.duckdb"
    rows = copy(source, lake.uri, lake.data)
    assert {r["table"] for r in rows} == COPIED and all(r["same"] for r in rows)
    assert sum(r["added"] for r in rows) > 0
    copy(lake.uri, back)
    stale.unlink()
    with tracker.open(source) as a, tracker.open(lake.uri, data_path=lake.data) as b, \
            tracker.open(back) as c:
        assert contents(a) == contents(b) == contents(c)
        assert payloads(a) == payloads(b) == payloads(c) and payloads(a)
        files = raw_files(a)
        assert "events.jsonl" in files and any(f.endswith(".json") for f in files)
        assert raw_files(b) == files and raw_files(c) == files
        when = midway(a)
        assert 0 < a.series(None, None, None, known_at=when).height < a.series(None, None,
                                                                              None).height
        for x, y, z in zip(answers(a, when), answers(b, when), answers(c, when), strict=True):
            assert x.equals(y) and y.equals(z)
    assert list((lake.data / "raw").rglob("*"))  # the lake's payloads are under its data path


def test_copying_again_adds_nothing_either_way(seeded_lake: Lake, tmp_path: Path) -> None:
    lake = seeded_lake.clone(tmp_path / "lake-data")
    withdraw_one(lake.uri, lake.data)
    file = tmp_path / "copy" / "tracker.duckdb"
    first = copy(lake.uri, file)
    assert all(r["same"] for r in first) and sum(r["added"] for r in first) > 0
    with tracker.open(lake.uri, data_path=lake.data) as wh:
        files = raw_files(wh)
    assert (file.parent / "raw" / "events.jsonl").read_text(encoding="utf-8").count("\n") == 1
    again = copy(lake.uri, file)
    assert [r["added"] for r in again] == [0] * len(again)
    assert [r["target_rows"] for r in again] == [r["target_rows"] for r in first]
    into_lake = copy(file, lake.uri, lake.data)  # the lake already holds all of it
    assert [r["added"] for r in into_lake] == [0] * len(into_lake)
    with tracker.open(lake.uri, data_path=lake.data) as wh, tracker.open(file) as copied:
        assert raw_files(wh) == files == raw_files(copied)  # the journal not doubled either


def test_a_raw_file_the_target_holds_with_other_bytes_is_an_error(
        seeded_template: Path, tmp_path: Path) -> None:
    target = tmp_path / "target" / "tracker.duckdb"
    shutil.copytree(seeded_template.parent, target.parent)
    sidecar = next((target.parent / "raw").rglob("*.json"))
    sidecar.write_text("{}", encoding="utf-8")
    result = run_cli("copy", "--from", seeded_template, "--to", target)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sidecar.relative_to(target.parent / "raw").as_posix() in result.stderr


def test_snapshots_list_the_lakes_commits_and_a_file_says_it_keeps_none(
        seeded_lake: Lake, seeded_template: Path, tmp_path: Path) -> None:
    lake = seeded_lake.clone(tmp_path / "lake-data")
    listed = run_cli("snapshots", "-w", lake.uri, "--nl", check=True)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["snapshot_id"] for r in rows] == sorted(r["snapshot_id"] for r in rows)
    assert any("tables_inserted_into" in r["changes"] or "inlined_insert" in r["changes"]
               for r in rows)
    refused = run_cli("snapshots", "-w", seeded_template)
    assert refused.returncode == 1 and "keeps no snapshots" in refused.stderr
    assert "Traceback" not in refused.stderr
