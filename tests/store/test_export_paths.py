"""`tracker export PATH` takes any file name as a name (issue 14): quotes, spaces and SQL in it
write exactly that file, a folder that is a file is a message, `-` is standard output."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.conftest import run_cli

NAMES = {
    "a quote": "analyst's copy.parquet",
    "spaces": "figures for  the board.csv",
    "SQL in the name": "x'; COPY observations TO 'stolen.csv'; --.csv",
    "a double quote and a backslash": 'say "hi" \\ there.jsonl',
}


def _held(warehouse: Path) -> int:
    out = run_cli("sql", "SELECT count(*) FROM observations", "--csv", warehouse=warehouse,
                  check=True)
    return int(out.stdout.splitlines()[1])


@pytest.mark.parametrize("case", sorted(NAMES))
def test_a_path_is_written_as_named_whatever_it_holds(case: str, seeded_path: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / NAMES[case]
    result = run_cli("export", target, warehouse=seeded_path, check=True)
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == [target.name]  # that file and no other
    read = {".parquet": pl.read_parquet, ".csv": pl.read_csv,
            ".jsonl": pl.read_ndjson}[target.suffix]
    assert read(target).height == _held(seeded_path) > 0


def test_a_folder_that_is_a_file_is_a_message(seeded_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    result = run_cli("export", blocker / "sub" / "x.csv", warehouse=seeded_path)
    assert result.returncode == 1
    assert f"{blocker} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "a file, not a folder"


def test_a_dash_writes_csv_to_standard_output_and_the_count_to_stderr(
        seeded_path: Path) -> None:
    result = run_cli("export", "-", warehouse=seeded_path, check=True)
    frame = pl.read_csv(io.StringIO(result.stdout))
    assert frame.height == _held(seeded_path)
    assert "wrote" in result.stderr and "wrote" not in result.stdout


def test_xlsx_is_written_whole_and_an_unknown_extension_refused(seeded_path: Path,
                                                                tmp_path: Path) -> None:
    book_path = tmp_path / "figures.xlsx"
    run_cli("export", book_path, warehouse=seeded_path, check=True)
    sheet = openpyxl.load_workbook(book_path, read_only=True)["figures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "obs_id" in rows[0] and len(rows) - 1 == _held(seeded_path)
    refused = run_cli("export", tmp_path / "figures.xls", warehouse=seeded_path)
    assert refused.returncode == 1 and ".xlsx" in refused.stderr
    assert not (tmp_path / "figures.xls").exists()
