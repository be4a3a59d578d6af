"""File drop end to end: CSV (GB18030), XLSX and Parquet tables mapped to figures."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import polars as pl
from replay.world import drop_toml

from tracker.schedule import refresh
from tracker.warehouse import Warehouse

D = dt.date
HEADER = ["期间", "地区", "规模以上工业增加值增速", "新能源汽车产量"]


def csv(path: Path, rows: list[list[str]]) -> None:
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))


def test_three_formats_with_missing_markers(tmp_path: Path, wh: Warehouse,
                                            sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    csv(drop / "a.csv", [["2024年1-10月", "广东省", "4.3", "—"],
                         ["2024年1-10月", "深圳市", "…", "161.2"],
                         ["2024年1-10月", "440100", "-", ""]])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["2024-11", "广东省", 3.9, 30.02])
    book.save(drop / "b.xlsx")
    pl.DataFrame({"期间": ["2024Q3"], "地区": ["广州市"], "规模以上工业增加值增速": ["—"],
                  "新能源汽车产量": ["12.5"]}).write_parquet(drop / "c.parquet")
    (drop / "notes.txt").write_text("not a table", encoding="utf-8")
    drop_toml(sources_dir, drop)

    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added, outcome.added) == ("succeeded", 3, 5), \
        outcome.error
    assert outcome.quarantined == 0  # markers are skipped, never zero and never bad rows
    growth = wh.series("industrial_value_added", measure="yoy_pct")
    assert sorted(zip(growth["period_start"], growth["period_end"], growth["value"],
                      strict=True)) == [(D(2024, 1, 1), D(2024, 10, 31), 4.3),
                                        (D(2024, 11, 1), D(2024, 11, 30), 3.9)]
    assert wh.series("nev_output", region="440300")["value"].to_list() == [161.2e4]
    guangzhou = wh.series("nev_output", region="440100")
    assert guangzhou["period_start"].to_list() == [D(2024, 7, 1)]
    assert guangzhou["value"].to_list() == [12.5e4]
    locators = wh.vintages("nev_output", region="440300")["locator"].to_list()
    assert locators == ["a.csv row 3 column 新能源汽车产量"]

    (again,) = refresh(wh, sources_dir=sources_dir)
    assert (again.status, again.releases_added, again.added) == ("unchanged", 0, 0)


def test_a_corrected_file_adds_a_vintage(tmp_path: Path, wh: Warehouse,
                                         sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    csv(drop / "a.csv", [["2024-11", "广东省", "3.9", "30.02"]])
    yesterday = (drop / "a.csv").stat().st_mtime - 86_400  # dropped yesterday, fixed today
    os.utime(drop / "a.csv", (yesterday, yesterday))
    drop_toml(sources_dir, drop)
    refresh(wh, sources_dir=sources_dir)
    csv(drop / "a.csv", [["2024-11", "广东省", "4.0", "30.02"]])
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    # A new release with both its figures; only the changed one is a revision.
    assert (outcome.releases_added, outcome.added) == (1, 2)
    assert wh.revisions("industrial_value_added", measure="yoy_pct").height == 1
    assert wh.revisions("nev_output").is_empty()
    assert wh.series("industrial_value_added", measure="yoy_pct")["value"].to_list() == [4.0]


def test_a_bad_cell_fails_the_run_and_appends_nothing(tmp_path: Path, wh: Warehouse,
                                                      sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    csv(drop / "a.csv", [["2024-11", "广东省", "3.9", "30.02"]])
    csv(drop / "b.csv", [["2024-10", "广东省", "约4", "27.8"]])
    drop_toml(sources_dir, drop)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed"
    assert "b.csv row 2" in outcome.error and "'约4'" in outcome.error
    assert wh.releases().height == 0
    (run,) = wh.runs(source_id="drop").iter_rows(named=True)
    assert run["status"] == "failed" and "b.csv row 2" in run["error"]


def test_a_missing_column_names_the_file_and_columns(tmp_path: Path, wh: Warehouse,
                                                     sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.csv").write_text("期间,地区,增速\n2024-11,广东省,3.9\n", encoding="utf-8")
    drop_toml(sources_dir, drop)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed" and "a.csv" in outcome.error
    assert "规模以上工业增加值增速" in outcome.error


def test_an_absent_folder_is_a_failed_run_naming_it(tmp_path: Path, wh: Warehouse,
                                                    sources_dir: Path) -> None:
    # Issue 14: an absent folder read as "nothing new" hid a mistyped path for ever.
    drop_toml(sources_dir, tmp_path / "not-yet")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("failed", 0)
    assert "params.folder" in (outcome.error or "") and "not-yet" in outcome.error


def test_a_file_is_dated_the_day_it_was_dropped_in_guangdong(tmp_path: Path, wh: Warehouse,
                                                             sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    csv(drop / "a.csv", [["2024-11", "广东省", "3.9", "30.02"]])
    # 16:30 UTC on 30 November is 00:30 on 1 December in Guangdong, whatever the machine's TZ.
    dropped = dt.datetime(2024, 11, 30, 16, 30, tzinfo=dt.UTC).timestamp()
    os.utime(drop / "a.csv", (dropped, dropped))
    drop_toml(sources_dir, drop)
    refresh(wh, sources_dir=sources_dir)
    assert wh.releases()["date_published"].to_list() == [D(2024, 12, 1)]
