"""`tracker sql` reads the warehouse's tables and nothing else (issue 14): the real command in a
subprocess, against a copy of the seeded warehouse."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, TRACKER_BIN, run_cli
from tracker.errors import SqlError, SqlRefusedError
from tracker.store import sandbox

# (query, words the refusal must say)
REFUSED = {
    "read_csv of a host file": ("SELECT * FROM read_csv('/etc/passwd')", "outside the warehouse"),
    "read_text": ("SELECT * FROM read_text('/etc/passwd')", "outside the warehouse"),
    "read_blob": ("SELECT content FROM read_blob('/etc/hostname')", "outside the warehouse"),
    "glob": ("SELECT * FROM glob('/etc/*')", "outside the warehouse"),
    "COPY TO": ("COPY observations TO 'x.csv'", "a COPY statement"),
    "EXPORT DATABASE": ("EXPORT DATABASE 'dump'", "an EXPORT statement"),
    "CHECKPOINT": ("CHECKPOINT", "a CALL statement"),
    "ATTACH": ("ATTACH 'other.duckdb' AS other", "an ATTACH statement"),
    "INSTALL": ("INSTALL httpfs", "a LOAD statement"),
    "SET": ("SET enable_external_access = true", "a SET statement"),
    "PRAGMA": ("PRAGMA enable_profiling", "a PRAGMA statement"),
    "a write": ("DELETE FROM observations", "a DELETE statement"),
    "two statements": ("SELECT 1; DROP TABLE observations", "2 statements"),
}


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_query_beyond_reading_the_tables_is_refused_and_changes_nothing(
        case: str, seeded_path: Path, tmp_path: Path) -> None:
    query, words = REFUSED[case]
    before = _digest(seeded_path.parent)
    here = tmp_path / "here"
    here.mkdir()
    result = subprocess.run([str(TRACKER_BIN), "sql", query, "-w", str(seeded_path)],
                            capture_output=True, text=True, cwd=here, timeout=120,
                            env={**os.environ})
    assert result.returncode == 1, result.stderr
    assert words in result.stderr and "refused" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _digest(seeded_path.parent) == before
    assert list(here.iterdir()) == []  # no file written where the command ran


def test_values_are_bound_positionally_by_name_and_from_stdin(seeded_path: Path) -> None:
    named = run_cli("sql", "SELECT count(*) AS n FROM observations WHERE region = $r",
                    "--param", "r=440300", "--json", warehouse=seeded_path, check=True)
    positional = run_cli("sql", "SELECT count(*) AS n FROM observations WHERE region = ?",
                         "440300", "--json", warehouse=seeded_path, check=True)
    assert json.loads(named.stdout) == json.loads(positional.stdout)
    assert json.loads(named.stdout)[0]["n"] > 0
    hostile = run_cli("sql", "SELECT count(*) AS n FROM observations WHERE region = $r",
                      "--param", "r=440300' OR '1'='1", "--json", warehouse=seeded_path,
                      check=True)
    assert json.loads(hostile.stdout) == [{"n": 0}]  # a value, never SQL
    piped = subprocess.run([str(TRACKER_BIN), "sql", "-", "--csv", "-w", str(seeded_path)],
                           input="SELECT 41 + 1 AS answer\n", capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines() == ["answer", "42"]


@pytest.mark.parametrize(("query", "args", "words"), [
    ("SELEC 1", [], "syntax error"),
    ("SELECT nope FROM observations", [], "nope"),
    ("SELECT $r", [], "no value for $r"),
    ("SELECT ?", ["1", "2"], "takes 1 value(s), 2 given"),
    ("SELECT 1", ["--param", "x=1"], "does not use"),
])
def test_a_query_that_cannot_run_is_a_message_and_exit_1(
        query: str, args: list[str], words: str, seeded_path: Path) -> None:
    result = run_cli("sql", query, *args, warehouse=seeded_path)
    assert result.returncode == 1
    assert words in result.stderr and "Traceback" not in result.stderr


def test_a_column_polars_cannot_hold_comes_back_as_text(seeded_path: Path) -> None:
    frame = sandbox.query(seeded_path, "SELECT INTERVAL 1 DAY AS i, 1::HUGEINT AS h")
    assert frame.rows() == [("1 day", "1")]


def test_a_long_query_is_stopped_at_its_timeout(seeded_path: Path) -> None:
    with pytest.raises(SqlError, match=r"longer than 0\.5s"):
        sandbox.query(seeded_path, "SELECT count(*) FROM range(100000000000) a, range(1000) b",
                      timeout=0.5)


def test_the_sandbox_opens_beside_an_ordinary_reader_of_the_same_file(
        seeded_path: Path) -> None:
    import tracker

    wh = tracker.open(seeded_path)
    held = wh.releases().height
    assert sandbox.query(seeded_path, "SELECT count(*) FROM releases").item() == held
    assert wh.releases().height == held
    with pytest.raises(SqlRefusedError):
        sandbox.query(seeded_path, "SELECT * FROM read_csv('/etc/passwd')")
    wh.close()
