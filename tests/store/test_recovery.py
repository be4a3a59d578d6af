"""Integrity and recovery (issue 14): `tracker check` finds what is wrong, `tracker rebuild
--from-raw` makes a damaged warehouse whole again with the same answers, `tracker backup`
copies it while a reader holds it, and a damaged file is one message and exit 3 everywhere."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

import tracker
from tests.conftest import run_cli
from tracker.paths import raw_dir

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
