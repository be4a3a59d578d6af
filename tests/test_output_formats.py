"""Read commands print JSON arrays, JSON lines, CSV, TSV or a table; export picks by extension."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from tests.conftest import run_cli

BOM = "\ufeff"


def test_json_is_one_array_and_nl_one_object_a_line(seeded_path: Path) -> None:
    array = json.loads(run_cli("series", "gdp", "--json", warehouse=seeded_path,
                               check=True).stdout)
    lines = run_cli("series", "gdp", "--nl", warehouse=seeded_path, check=True).stdout
    assert isinstance(array, list) and len(array) > 3
    assert [json.loads(line) for line in lines.splitlines()] == array


def test_limit_cuts_every_format(seeded_path: Path) -> None:
    for flag, count in (("--json", lambda s: len(json.loads(s))),
                        ("--nl", lambda s: len(s.splitlines())),
                        ("--csv", lambda s: len(s.splitlines()) - 1),
                        ("--tsv", lambda s: len(s.splitlines()) - 1)):
        out = run_cli("vintages", "gdp", flag, "--limit", "2", warehouse=seeded_path,
                      check=True).stdout
        assert count(out) == 2, flag


def test_csv_and_tsv_carry_every_column_with_a_header(seeded_path: Path) -> None:
    out = run_cli("series", "gdp", "--csv", warehouse=seeded_path, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["indicator"] == "gdp" and "quote" in rows[0] and rows[0]["release_id"]
    tsv = run_cli("series", "gdp", "--tsv", warehouse=seeded_path, check=True).stdout
    assert tsv.splitlines()[0].split("\t") == list(rows[0])


def test_excel_csv_starts_with_a_byte_order_mark(seeded_path: Path) -> None:
    out = run_cli("targets", "--excel", warehouse=seeded_path, check=True).stdout
    assert out.startswith(BOM + "target_id,")
    plain = run_cli("targets", "--csv", warehouse=seeded_path, check=True).stdout
    assert not plain.startswith(BOM) and out[1:] == plain


def test_ids_beyond_2_53_come_as_strings_small_ones_as_numbers(seeded_path: Path) -> None:
    rows = json.loads(run_cli("sql", "SELECT series_id, obs_id FROM observations",
                              "--json", warehouse=seeded_path, check=True).stdout)
    assert all(isinstance(r["series_id"], str) and r["series_id"].isdigit() for r in rows)
    assert any(int(r["series_id"]) > 2**53 for r in rows)
    assert all(isinstance(r["obs_id"], int) for r in rows)


def test_provenance_and_progress_take_the_formats_too(seeded_path: Path) -> None:
    [record] = json.loads(run_cli("provenance", "1", "--json", warehouse=seeded_path,
                                  check=True).stdout)
    assert record["obs_id"] == 1 and record["publisher"]
    progress = run_cli("progress", "--csv", "--limit", "3", warehouse=seeded_path,
                       check=True).stdout
    assert len(list(csv.DictReader(io.StringIO(progress)))) == 3


def test_the_releases_table_fits_a_terminal(seeded_path: Path) -> None:
    out = run_cli("releases", "--limit", "5", warehouse=seeded_path, check=True).stdout
    assert max(len(line) for line in out.splitlines()) < 200
    assert "sha256" not in out.splitlines()[0]


def test_export_writes_the_format_its_extension_names(seeded_path: Path,
                                                      tmp_path: Path) -> None:
    counts = {}
    for name in ("figs.xlsx", "figs.json", "figs.csv", "figs.parquet"):
        done = run_cli("export", tmp_path / name, warehouse=seeded_path, check=True)
        counts[name] = int(done.stdout.split()[1])
    sheet = load_workbook(tmp_path / "figs.xlsx", read_only=True).active
    assert sheet is not None
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert "series_id" in header and "quote" in header
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == counts["figs.xlsx"] + 1
    assert len(json.loads((tmp_path / "figs.json").read_text(encoding="utf-8"))) == \
        counts["figs.json"]
    assert pl.read_csv(tmp_path / "figs.csv").height == counts["figs.csv"]
    assert pl.read_parquet(tmp_path / "figs.parquet").height == counts["figs.parquet"]


def test_export_refuses_an_extension_it_cannot_write_and_writes_nothing(
        seeded_path: Path, tmp_path: Path) -> None:
    done = run_cli("export", tmp_path / "figs.docx", warehouse=seeded_path)
    assert done.returncode == 1
    assert "'.docx'" in done.stderr and ".xlsx" in done.stderr and "--format" in done.stderr
    assert not (tmp_path / "figs.docx").exists()


def test_export_dash_writes_csv_to_stdout_and_the_count_to_stderr(seeded_path: Path,
                                                                   tmp_path: Path) -> None:
    done = run_cli("export", "-", "--excel", warehouse=seeded_path, check=True)
    assert done.stdout.startswith(BOM + "obs_id,series_id,")
    assert "observations to -" in done.stderr
    assert not Path("-").exists() and not (tmp_path / "-").exists()
