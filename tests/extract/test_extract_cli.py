"""`tracker extract` and `tracker ingest text` in a real subprocess, on real warehouse files."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import tracker
from tracker.extract import decode

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BULLETIN = CORPUS / "bulletin_2024_10.txt"
Cli = Callable[..., subprocess.CompletedProcess[str]]
META = ("--published", "2024-11-20", "--publisher", "广东省统计局",
        "--title", "2024年1—10月广东经济运行简况")


def test_extract_json_follows_the_contract(cli: Cli) -> None:
    result = cli("extract", BULLETIN, "--published", "2024-11-20", "--json", check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = decode(BULLETIN.read_bytes()).text
    assert len(rows) == 16
    for row in rows:
        assert {"indicator", "region", "measure", "period_start", "period_end", "value", "unit",
                "qualifier", "status", "quote", "start", "end"} <= set(row)
        assert text[row["start"]:row["end"]] == row["quote"]
    ytd = [r for r in rows if r["indicator"] == "industrial_value_added"
           and r["region"] == "440000" and r["period_start"] == "2024-01-01"]
    assert [(r["value"], r["period_end"]) for r in ytd] == [(4.1, "2024-10-31")]


def test_extract_table_for_people(cli: Cli) -> None:
    result = cli("extract", CORPUS / "newspaper_nev_2025.html", "--published", "2025-01-20",
                     check=True)
    assert "nev_output" in result.stdout and "361.78" in result.stdout


def test_bad_date_and_bad_files_fail_clearly(cli: Cli, tmp_path: Path) -> None:
    bad_date = cli("extract", BULLETIN, "--published", "2024-11-31")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr  # a usage error
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(bytes(range(256)) * 40)
    for path, message in [(empty, "empty file"), (junk, "neither"),
                          (tmp_path / "missing.txt", "no such file")]:
        result = cli("extract", path, "--published", "2024-11-20")
        assert result.returncode == 1, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr


def test_ingest_text_appends_one_release_with_quotes(cli: Cli, empty_path: Path) -> None:
    dry = cli("ingest", "text", BULLETIN, *META, "--dry-run", warehouse=empty_path,
                  check=True)
    assert "16 figure(s) would be appended" in dry.stdout
    assert tracker.open(empty_path).sql("select count(*) n from observations")["n"][0] == 0

    first = cli("ingest", "text", BULLETIN, *META, "--json", warehouse=empty_path, check=True)
    assert json.loads(first.stdout)["added"] == 16
    again = cli("ingest", "text", BULLETIN, *META, "--json", warehouse=empty_path, check=True)
    assert json.loads(again.stdout)["status"] == "unchanged"

    wh = tracker.open(empty_path)
    held = wh.sql("select quote, locator, release_id from observations")
    assert held.height == 16 and held["release_id"].n_unique() == 1
    text = decode(BULLETIN.read_bytes()).text
    for quote, locator in zip(held["quote"], held["locator"], strict=True):
        start, end = map(int, locator.removeprefix("chars ").split("-"))
        assert text[start:end] == quote


def test_ingest_text_refuses_bad_input_and_adds_nothing(cli: Cli, empty_path: Path,
                                                        tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff" * 500)
    result = cli("ingest", "text", junk, *META, warehouse=empty_path)
    assert result.returncode == 1 and "error:" in result.stderr
    # A bad date is a usage error, as on every command.
    result = cli("ingest", "text", BULLETIN, "--published", "yesterday", *META[2:],
                 warehouse=empty_path)
    assert result.returncode == 2 and "expected a date YYYY-MM-DD" in result.stderr
    assert tracker.open(empty_path).sql("select count(*) n from releases")["n"][0] == 0
