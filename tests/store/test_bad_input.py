"""Bad input (issue 2, item 7): release folders written to disk, ingested by the API and the CLI.

Each bad row gets an error naming the row, the column, what was expected and what arrived. By
default the good rows go in and the bad ones go to quarantine; with strict nothing goes in.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from tests.conftest import run_cli
from tracker.errors import InputError, ReleaseError, StrictModeError
from tracker.sources import release_dir
from tracker.warehouse import Warehouse

HEADER = ("indicator,region,measure,period_start,period_end,value_as_published,"
          "unit_as_published,quote")
GOOD = "nev_output,440000,level,2024-01-01,2024-12-31,361.78,万辆,新能源汽车产量 361.78 万辆"
RELEASE: dict[str, Any] = {"publisher": "广东省统计局", "title": "坏数据测试",
                           "date_published": dt.date(2026, 6, 1)}

# (bad CSV row, column named, words of "expected", value that arrived, hint)
BAD_ROWS = {
    "unknown indicator": ("nev_outptu,440000,level,2024-01-01,2024-12-31,1,万辆,",
                          "indicator", "known indicator", "nev_outptu",
                          "Did you mean 'nev_output'?"),
    "unknown region": ("nev_output,440001,level,2024-01-01,2024-12-31,1,万辆,",
                       "region", "known region", "440001", "Did you mean '440000'?"),
    "period ends before it starts": ("nev_output,440000,level,2024-12-31,2024-01-01,1,万辆,",
                                     "period_end", "on or after period_start 2024-12-31",
                                     "2024-01-01", ""),
    "non-numeric value": ("nev_output,440000,level,2023-01-01,2023-12-31,三百,万辆,",
                          "value_as_published", "a number", "三百", ""),
    "unit that does not fit": ("gdp,440000,level,2024-01-01,2024-12-31,14.16,万辆,",
                               "unit_as_published", "a CNY unit for gdp", "万辆", ""),
    "unknown unit": ("gdp,440000,level,2024-01-01,2024-12-31,14.16,万亿美元,",
                     "unit_as_published", "units.csv", "万亿美元", ""),
    "date that is not a date": ("nev_output,440000,level,2024-02-30,2024-02-29,1,万辆,",
                                "period_start", "a date YYYY-MM-DD", "2024-02-30", ""),
    "NaN value": ("nev_output,440000,level,2024-01-01,2024-12-31,NaN,万辆,",
                  "value_as_published", "a finite number", "NaN", "万 or 亿"),
    "infinite value": ("gdp,440000,level,2024-01-01,2024-12-31,inf,亿元,",
                       "value_as_published", "a finite number", "inf", ""),
    "value beyond any economy": ("gdp,440000,level,2024-01-01,2024-12-31,1e308,亿元,",
                                 "value_as_published", "between 0 and 1亿亿元", "1e308", ""),
    "negative count": ("nev_output,440000,level,2024-01-01,2024-12-31,-3,万辆,",
                       "value_as_published", "a count between 0", "-3", ""),
    "rank zero": ("gdp,440000,rank_national,2024-01-01,2024-12-31,0,位,",
                  "value_as_published", "a whole rank from 1", "0", ""),
    "share over 100": ("nev_output,440000,share_national_pct,2024-01-01,2024-12-31,250,%,",
                       "value_as_published", "a share between 0 and 100%", "250", ""),
    "duplicate row": (GOOD, "indicator, region, cluster, measure, period_start, period_end",
                      "one row per figure", "a duplicate of row 1", "Remove the repeated row"),
}


def toml_value(value: Any) -> str:
    """A TOML literal: dates bare, text quoted (JSON strings are TOML basic strings)."""
    return value.isoformat() if isinstance(value, dt.date) else json.dumps(value,
                                                                           ensure_ascii=False)


def write_release(folder: Path, rows: list[str] | None = None, *, table: str = "figures.csv",
                  encoding: str = "utf-8", **fields: Any) -> Path:
    """A release folder: release.toml from RELEASE updated by `fields` (None drops a field)."""
    folder.mkdir(parents=True)
    spec = {**RELEASE, "table": table, **fields}
    toml = "".join(f"{k} = {toml_value(v)}\n" for k, v in spec.items() if v is not None)
    (folder / "release.toml").write_text(toml, encoding="utf-8")
    if rows is not None:
        (folder / table).write_bytes("\n".join([HEADER, *rows, ""]).encode(encoding))
    return folder


def fingerprint(wh: Warehouse) -> dict[str, Any]:
    """Counts and content hashes of what a failed ingest must leave alone."""
    return wh.sql(
        """SELECT (SELECT count(*) FROM releases) AS releases,
                  (SELECT count(*) FROM observations) AS observations,
                  (SELECT count(*) FROM quarantine) AS quarantined,
                  (SELECT bit_xor(hash(o)) FROM observations o) AS content,
                  (SELECT bit_xor(hash(r)) FROM releases r) AS release_content"""
    ).row(0, named=True)


def held(wh: Warehouse, title: str) -> tuple[int, int]:
    """(releases, observations) held under a release title."""
    row = wh.sql(
        "SELECT (SELECT count(*) FROM releases WHERE title = $t), (SELECT count(*) FROM "
        "observations JOIN releases USING (release_id) WHERE title = $t)", {"t": title}
    ).row(0)
    return int(row[0]), int(row[1])


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_strict_refuses_all_default_quarantines_it(case: str, seeded: Warehouse,
                                                           tmp_path: Path) -> None:
    bad, column, expected, got, hint = BAD_ROWS[case]
    folder = write_release(tmp_path / "rel", [GOOD, bad], title=case)
    before = fingerprint(seeded)
    with pytest.raises(StrictModeError) as caught:
        release_dir.ingest(seeded, [folder], source_id="bad-input", strict=True)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, column)]
    assert "--strict refuses the whole release and wrote nothing" in str(caught.value)
    assert fingerprint(seeded) == before
    assert held(seeded, case) == (0, 0)
    assert seeded.runs(source_id="bad-input")["status"].to_list() == ["failed"]

    report = release_dir.ingest(seeded, [folder], source_id="bad-input")
    (result,) = report.results
    assert (result.status, result.added, result.quarantined) == ("added", 1, 1)
    (error,) = result.errors
    assert (error.row, error.column, error.got) == (2, column, got)
    assert expected in error.expected
    message = str(error)
    assert f"row 2, column {column!r}" in message and repr(got) in message and hint in message
    quarantined = seeded.quarantine(run_id=report.run_id).row(0, named=True)
    assert (quarantined["row_number"], quarantined["column_name"], quarantined["got"]) == (
        2, column, got)
    assert quarantined["reason"] == message
    assert quarantined["release_id"] == result.release_id
    assert held(seeded, case) == (1, 1)
    run = seeded.runs(source_id="bad-input").row(0, named=True)
    assert (run["status"], run["rows_added"], run["rows_quarantined"]) == ("succeeded", 1, 1)


def test_every_bad_row_of_one_file_is_reported_and_reingest_adds_nothing(
        seeded: Warehouse, tmp_path: Path) -> None:
    rows = [GOOD] + [bad for bad, *_ in BAD_ROWS.values()]
    folder = write_release(tmp_path / "rel", rows)
    before = fingerprint(seeded)
    first = release_dir.ingest(seeded, [folder], source_id="bad-input")
    (result,) = first.results
    assert (result.added, result.quarantined) == (1, len(BAD_ROWS))
    assert sorted((e.row, e.column) for e in result.errors) == sorted(
        (row, case[1]) for row, case in enumerate(BAD_ROWS.values(), start=2))
    after = fingerprint(seeded)
    assert (after["releases"], after["observations"], after["quarantined"]) == (
        before["releases"] + 1, before["observations"] + 1, before["quarantined"] + len(BAD_ROWS))

    again = release_dir.ingest(seeded, [folder], source_id="bad-input")
    assert [(r.status, r.added, r.quarantined) for r in again.results] == [("unchanged", 0, 0)]
    assert fingerprint(seeded) == after
    assert seeded.runs(source_id="bad-input")["status"].to_list() == ["unchanged", "succeeded"]


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [({"publisher": None}, "publisher", "missing"),
     ({"publisher": "  "}, "publisher", "missing"),
     ({"date_published": None}, "date_published", "missing"),
     ({"date_published": "2025-02-30"}, "date_published", "not a date YYYY-MM-DD"),
     ({"date_published": "last spring"}, "date_published", "not a date YYYY-MM-DD")],
    ids=["no publisher", "blank publisher", "no date", "impossible date", "words for a date"],
)
def test_release_without_provenance_is_refused_whole(fields: dict[str, Any], field: str,
                                                     problem: str, seeded: Warehouse,
                                                     tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", [GOOD], **fields)
    before = fingerprint(seeded)
    with pytest.raises(ReleaseError) as caught:
        release_dir.ingest(seeded, [folder], source_id="bad-input")
    assert caught.value.field == field and problem in caught.value.problem
    assert "release.toml" in str(caught.value)
    assert fingerprint(seeded) == before
    run = seeded.runs(source_id="bad-input").row(0, named=True)
    assert run["status"] == "failed" and field in run["error"]


def test_a_date_toml_cannot_parse_is_an_input_error(seeded: Warehouse, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", [GOOD], date_published="2025-02-30")
    toml = folder / "release.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"2025-02-30"', "2025-02-30"),
                    encoding="utf-8")
    before = fingerprint(seeded)
    with pytest.raises(InputError, match="Invalid date"):
        release_dir.ingest(seeded, [folder], source_id="bad-input")
    assert fingerprint(seeded) == before


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_csv_in_a_chinese_encoding_is_read_correctly(encoding: str, empty: Warehouse,
                                                     tmp_path: Path) -> None:
    quote = "全年新能源汽车产量361.78万辆，增长38.6%"
    rows = [f'nev_output,440000,level,2024-01-01,2024-12-31,361.78,万辆,"{quote}"',
            "gdp,440300,level,2024-01-01,2024-12-31,3.68,万亿元,深圳市地区生产总值3.68万亿元"]
    folder = write_release(tmp_path / "rel", rows, encoding=encoding)
    raw = (folder / "figures.csv").read_bytes()
    assert raw.decode(encoding).count("万") == 4
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # so the reader has to recognise the encoding
    report = release_dir.ingest(empty, [folder], source_id="gbk")
    assert [(r.added, r.quarantined) for r in report.results] == [(2, 0)]
    nev = empty.series("nev_output").row(0, named=True)
    assert (nev["value"], nev["unit"], nev["unit_as_published"]) == (3_617_800, "vehicle", "万辆")
    assert nev["quote"] == quote
    gdp = empty.series("gdp", region="440300").row(0, named=True)
    assert gdp["value"] == pytest.approx(3.68e12) and gdp["unit_as_published"] == "万亿元"


FRAME = {"indicator": ["gdp", "gdp", "gpd"], "region": ["440000", "440300", "440100"],
         "measure": ["level"] * 3, "period_start": [dt.date(2024, 1, 1)] * 3,
         "period_end": [dt.date(2024, 12, 31)] * 3, "value_as_published": [14.16, 3.68, 3.1],
         "unit_as_published": ["万亿元"] * 3}


def test_parquet_table_with_typed_columns(empty: Warehouse, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", table="figures.parquet")
    pl.DataFrame(FRAME).write_parquet(folder / "figures.parquet")
    (result,) = release_dir.ingest(empty, [folder], source_id="parquet").results
    assert (result.added, result.quarantined) == (2, 1)
    assert [(e.row, e.column, e.got) for e in result.errors] == [(3, "indicator", "gpd")]
    frame = empty.series("gdp", region="440300")
    assert frame["value"].to_list() == [pytest.approx(3.68e12)]
    assert frame["locator"].to_list() == ["figures.parquet row 2"]


def test_xlsx_table_with_date_and_number_cells(empty: Warehouse, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", table="figures.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(FRAME))
    for row in zip(*FRAME.values(), strict=True):
        sheet.append(list(row))  # dates as Excel date cells, values as number cells
    sheet.append(["gdp", "440600", "level", "2024-01-01", "2024-12-31", "1.35", "万亿元"])
    book.save(folder / "figures.xlsx")
    (result,) = release_dir.ingest(empty, [folder], source_id="xlsx").results
    assert [(e.row, e.column) for e in result.errors] == [(3, "indicator")]
    assert (result.added, result.quarantined) == (3, 1)
    for region, value in [("440000", 14.16e12), ("440300", 3.68e12), ("440600", 1.35e12)]:
        row = empty.series("gdp", region=region).row(0, named=True)
        assert row["value"] == pytest.approx(value)
        assert (row["period_start"], row["period_end"]) == (dt.date(2024, 1, 1),
                                                            dt.date(2024, 12, 31))


def test_cli_quarantines_reports_and_says_unchanged_the_second_time(
        seeded_path: Path, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", [GOOD, BAD_ROWS["unknown indicator"][0],
                                              BAD_ROWS["unit that does not fit"][0]])
    first = run_cli("ingest", "table", folder, "--source-id", "cli", warehouse=seeded_path)
    assert first.returncode == 4, first.stderr  # done, with quarantined rows (cli/exits.py)
    assert "added, 1 added, 0 unchanged, 2 quarantined" in first.stdout
    assert ("quarantined: row 2, column 'indicator': expected a known indicator code, got "
            "'nev_outptu'. Did you mean 'nev_output'?") in first.stderr
    assert "row 3, column 'unit_as_published'" in first.stderr
    again = run_cli("ingest", "table", folder, "--source-id", "cli", warehouse=seeded_path)
    assert again.returncode == 0 and "unchanged, 0 added" in again.stdout
    with Warehouse(seeded_path) as wh:
        assert held(wh, RELEASE["title"]) == (1, 1)
        assert wh.quarantine().filter(pl.col("source_id") == "cli").height == 2


def test_cli_strict_exits_non_zero_and_writes_nothing(seeded_path: Path, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", [GOOD, BAD_ROWS["non-numeric value"][0]])
    with Warehouse(seeded_path) as wh:
        before = fingerprint(wh)
    result = run_cli("ingest", "table", folder, "--strict", "--json", warehouse=seeded_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "1 bad row(s); --strict refuses the whole release" in result.stderr
    assert "row 2, column 'value_as_published': expected a number, got '三百'" in result.stderr
    with Warehouse(seeded_path) as wh:
        assert fingerprint(wh) == before
        assert wh.runs(source_id="table")["status"].to_list() == ["failed"]


def test_cli_release_without_publisher_and_gb18030_table(seeded_path: Path,
                                                         tmp_path: Path) -> None:
    nameless = write_release(tmp_path / "nameless", [GOOD], publisher=None)
    refused = run_cli("ingest", "table", nameless, warehouse=seeded_path)
    assert refused.returncode == 1
    assert "release field 'publisher' is missing or empty" in refused.stderr
    chinese = write_release(tmp_path / "gb", [GOOD], encoding="gb18030", title="国标编码")
    taken = run_cli("ingest", "table", chinese, "--json", warehouse=seeded_path)
    assert taken.returncode == 0, taken.stderr
    assert '"added": 1' in taken.stdout
    with Warehouse(seeded_path) as wh:
        row = wh.series("nev_output", as_of="2026-06-01").filter(
            pl.col("title") == "国标编码").row(0, named=True)
        assert (row["quote"], row["unit_as_published"]) == ("新能源汽车产量 361.78 万辆", "万辆")



def test_a_release_dated_after_today_is_refused_and_changes_nothing(
        seeded: Warehouse, tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel", [GOOD], date_published=dt.date(9999, 12, 31))
    before = fingerprint(seeded)
    with pytest.raises(ReleaseError) as caught:
        release_dir.ingest(seeded, [folder], source_id="bad-input")
    assert "9999-12-31, later than today" in str(caught.value)
    assert fingerprint(seeded) == before
