"""Integrity and recovery (issue 14): `tracker check` finds what is wrong, `tracker rebuild
--from-raw` makes a damaged warehouse whole again with the same answers, `tracker backup`
copies it while a reader holds it, and a damaged file is one message and exit 3 everywhere."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import polars as pl
import pytest

import tracker
from tests.conftest import ROOT, run_cli
from tracker.paths import raw_dir
from tracker.store.release import ReleaseMeta

# Columns that say when this copy was written, not what it holds.
WHEN = ("ingested_at", "run_id")


def _answers(path: Path) -> dict[str, pl.DataFrame]:
    with tracker.open(path) as wh:
        held = wh.holdings()
        answers = {"releases": wh.releases(), "targets": wh.targets(),
                   "revisions": wh.revisions(), "conflicts": wh.conflicts()}
        for row in held.select("indicator", "region", "measure").unique().iter_rows():
            indicator, region, measure = row
            answers[f"{indicator}/{region}/{measure}"] = wh.vintages(
                indicator, region=region, measure=measure)
    return {k: f.drop([c for c in f.columns if c in WHEN]) for k, f in answers.items()}


def test_check_passes_a_sound_warehouse(seeded_path: Path) -> None:
    result = run_cli("check", warehouse=seeded_path)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout


def test_check_finds_a_deleted_and_an_altered_raw_payload(seeded_path: Path) -> None:
    payloads = sorted(p for p in raw_dir(seeded_path).glob("*/*") if p.suffix != ".json")
    deleted, altered = payloads[0], payloads[1]
    deleted.unlink()
    altered.write_bytes(altered.read_bytes() + b" ")
    result = run_cli("check", warehouse=seeded_path)
    assert result.returncode == 3
    assert f"raw/{deleted.parent.name}/{deleted.name} is missing" in result.stderr
    assert f"raw/{altered.parent.name}/{altered.name} was altered" in result.stderr
    assert "2 problem(s)" in result.stdout and "Traceback" not in result.stderr


def test_a_truncated_warehouse_is_rebuilt_from_raw_with_the_same_answers(
        seeded_path: Path) -> None:
    before = _answers(seeded_path)
    size = seeded_path.stat().st_size
    with seeded_path.open("r+b") as fh:
        fh.truncate(size // 3)
    damaged = run_cli("series", "gdp", warehouse=seeded_path)
    assert damaged.returncode == 3 and "is damaged" in damaged.stderr
    rebuilt = run_cli("rebuild", "--from-raw", warehouse=seeded_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "the old file is now" in rebuilt.stdout
    aside = [p for p in seeded_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].stat().st_size == size // 3
    after = _answers(seeded_path)
    assert after.keys() == before.keys()
    for name, frame in before.items():
        assert after[name].equals(frame), name
    assert run_cli("check", warehouse=seeded_path).returncode == 0


@pytest.mark.parametrize("damage", ["truncated", "random bytes", "a text file", "empty"])
def test_a_damaged_file_is_one_message_and_exit_3_in_every_command(
        damage: str, seeded_path: Path) -> None:
    data = seeded_path.read_bytes()
    seeded_path.write_bytes({"truncated": data[: len(data) // 2],
                             "random bytes": os.urandom(len(data) // 4),
                             "a text file": b"indicator,value\ngdp,1\n",
                             "empty": b""}[damage])
    for command in (["series", "gdp"], ["sql", "SELECT * FROM observations"],
                    ["releases"], ["check"],
                    ["export", str(seeded_path.parent / "out.csv")]):
        result = run_cli(*command, warehouse=seeded_path)
        assert result.returncode == 3, (command, result.stderr)
        assert f"the warehouse file {seeded_path} is damaged" in result.stderr, command
        assert "tracker rebuild --from-raw" in result.stderr and "tracker backup" in result.stderr
        assert "Traceback" not in result.stderr, command


def test_a_backup_is_consistent_and_taken_while_a_reader_holds_the_file(
        seeded_path: Path, tmp_path: Path) -> None:
    reader = tracker.open(seeded_path)
    held = reader.releases().height  # its read connection stays open
    dest = tmp_path / "copies"
    result = run_cli("backup", dest, warehouse=seeded_path)
    assert result.returncode == 0, result.stderr
    copy = dest / seeded_path.name
    assert not copy.with_name(copy.name + ".wal").exists()
    assert reader.releases().height == held  # the reader carries on
    reader.close()
    original, copied = _answers(seeded_path), _answers(copy)
    assert copied.keys() == original.keys()
    assert all(copied[name].equals(frame) for name, frame in original.items())
    assert run_cli("check", warehouse=copy).returncode == 0


def _truncate(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 3)


def _gdp_release(year_value: float, day: int) -> tuple[ReleaseMeta, pl.DataFrame, bytes]:
    meta = ReleaseMeta(publisher="广东省统计局", title=f"第{day}日", ingester="test",
                       date_published=dt.date(2025, 3, day), source_id="stats")
    frame = pl.DataFrame([{"indicator": "gdp", "region": "440000", "measure": "level",
                           "period_start": dt.date(2024, 1, 1),
                           "period_end": dt.date(2024, 12, 31),
                           "value_as_published": year_value, "unit_as_published": "亿元"}])
    return meta, frame, f"day {day}: {year_value}".encode()


def test_a_withdrawal_survives_a_rebuild_from_raw(tmp_path: Path) -> None:
    path = tmp_path / "tracker.duckdb"
    with tracker.open(path, read_only=False) as wh:
        wh.init()
        wh.append_release(*_gdp_release(1.0, 1))
        later = wh.append_release(*_gdp_release(2.0, 2)).release_id
        wh.withdraw(later, reason="a typo", by="test")
    with tracker.open(path) as wh:
        series, events = wh.series("gdp"), wh.events()
    # 1 亿元 from the first release: the second, withdrawn, no longer answers
    assert series["value"].to_list() == [1.0e8] and events["kind"].to_list() == ["withdrawn"]
    journal = raw_dir(path) / "events.jsonl"
    assert [json.loads(line)["kind"] for line in journal.read_text().splitlines()] == [
        "withdrawn"]
    _truncate(path)
    rebuilt = run_cli("rebuild", "--from-raw", warehouse=path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "2 release(s)" in rebuilt.stdout and "1 later decision(s)" in rebuilt.stdout
    with tracker.open(path) as wh:
        assert wh.series("gdp").equals(series)
        assert wh.events().equals(events)
    checked = run_cli("check", warehouse=path)
    assert checked.returncode == 0 and "no problems" in checked.stdout, checked.stderr


BULLETIN = ROOT / "tests" / "corpus" / "bulletin_2024_10.txt"


def test_held_figures_and_their_decisions_survive_a_rebuild_from_raw(tmp_path: Path) -> None:
    path = tmp_path / "tracker.duckdb"
    run_cli("init", warehouse=path, check=True)
    run_cli("ingest", "text", BULLETIN, "--published", "2024-11-20", "--publisher",
            "广东省统计局", "--title", "2024年1—10月广东经济运行简况", "--review",
            "--threshold", "1.0", warehouse=path, check=True)
    with tracker.open(path, read_only=False) as wh:
        ids = wh.held()["held_id"].to_list()
        assert len(ids) >= 2, "the bulletin gives fewer than two figures under confidence 1"
        wh.accept(ids[:1], by="test")
        wh.reject(ids[1:2], reason="the month, not the year to date", by="test")
    before = _answers(path)
    with tracker.open(path) as wh:
        held = wh.held()
    assert sorted(held["decision"].unique()) == (
        ["accepted", "pending", "rejected"] if len(ids) > 2 else ["accepted", "rejected"])
    _truncate(path)
    rebuilt = run_cli("rebuild", "--from-raw", warehouse=path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "3 later decision(s)" in rebuilt.stdout  # held, accepted, rejected
    with tracker.open(path) as wh:
        assert wh.held().equals(held)
    after = _answers(path)
    assert after.keys() == before.keys()
    for name, frame in before.items():
        assert after[name].equals(frame), name
