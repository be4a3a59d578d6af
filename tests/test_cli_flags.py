"""One vocabulary of flags: dates parsed one way everywhere (exit 2, one message), old spellings
kept as hidden aliases, --period and the vintage table, progress lines on stderr."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import run_cli

BAD_DATES = [
    ("series", "gdp", "--as-of"), ("vintages", "gdp", "--known-at"),
    ("first-release", "gdp", "--known-at"), ("revisions", "--known-at"),
    ("conflicts", "--as-of"), ("conflicts", "--known-at"), ("progress", "--as-of"),
    ("vintage-table", "gdp", "--known-at"), ("withdraw", "R1", "--reason", "x", "--effective"),
    ("extract", "README.md", "--published"),
    ("ingest", "text", "README.md", "--publisher", "p", "--title", "t", "--published"),
]


@pytest.mark.parametrize("command", BAD_DATES, ids=[" ".join(c) for c in BAD_DATES])
def test_a_bad_date_is_a_usage_error_with_one_message(command: tuple[str, ...],
                                                      tmp_path: Path) -> None:
    result = run_cli(*command, "2025-13-01", warehouse=tmp_path / "never.duckdb")
    assert result.returncode == 2, result.stderr
    flag = command[-1]
    expected = "expected a date YYYY-MM-DD"
    assert f"Invalid value for '{flag}': {expected}" in result.stderr
    assert "'2025-13-01'" in result.stderr and "Traceback" not in result.stderr


def test_old_spellings_still_work_but_are_not_offered(seeded_path: Path, tmp_path: Path) -> None:
    assert "--report-dir" not in run_cli("build", "--help", check=True).stdout
    assert "--source " not in run_cli("refresh", "--help", check=True).stdout
    old = run_cli("refresh", "--source", "no_such_source", warehouse=seeded_path)
    new = run_cli("refresh", "--source-id", "no_such_source", warehouse=seeded_path)
    assert old.returncode == new.returncode == 1
    assert "no source with id 'no_such_source'" in old.stderr
    assert "--source is now spelt --source-id" in old.stderr
    both = run_cli("refresh", "--source", "a", "--source-id", "b", warehouse=seeded_path)
    assert both.returncode == 2 and "old spelling of --source-id" in both.stderr


def test_period_and_display_on_the_series_command(seeded_path: Path) -> None:
    out = run_cli("series", "nev_output", "--period", "ytd", "--csv", warehouse=seeded_path,
                  check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["period_type"] for r in rows} == {"ytd"}
    table = run_cli("series", "gdp", "--period", "year", "--display", warehouse=seeded_path,
                    check=True).stdout
    assert "14.58万亿元" in table and "value_display" in table.splitlines()[0]
    refused = run_cli("series", "gdp", "--period", "annual", warehouse=seeded_path)
    assert refused.returncode == 2 and "'annual' is not one of" in refused.stderr


def test_the_vintage_table_command_matches_the_api(seeded_path: Path) -> None:
    out = run_cli("vintage-table", "gdp", "--period", "year", "--as-published", "--csv",
                  warehouse=seeded_path, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:2] == ["period_start", "period_end"]
    y2020 = next(r for r in rows if r["period_end"] == "2020-12-31")
    assert y2020["2020-01-15"] == "" and y2020["2026-01-26"] == "11.37"


def test_the_report_says_each_step_on_stderr_unless_quiet(seeded_path: Path,
                                                          tmp_path: Path) -> None:
    loud = run_cli("report", "--out", tmp_path / "a", warehouse=seeded_path, check=True)
    lines = loud.stderr.splitlines()
    assert lines[0] == "report: reading the warehouse"
    assert lines[1].startswith("report: chart 1/") and lines[-1].endswith(" clusters")
    assert "report written to" in loud.stdout
    quiet = run_cli("report", "--out", tmp_path / "b", "--quiet", warehouse=seeded_path,
                    check=True)
    assert quiet.stderr == ""
