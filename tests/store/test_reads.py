"""The issue's acceptance facts, read through the API and the CLI of a seeded warehouse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import run_cli
from tests.lake.server import raw_connection
from tracker.errors import CatalogError, NotFoundError
from tracker.warehouse import Warehouse


def test_series_has_one_row_per_year_each_naming_its_release(seeded: Warehouse) -> None:
    frame = seeded.series("gdp", region="440000")
    assert not frame.select("period_start", "period_end").is_duplicated().any()
    years = frame.filter(pl.col("period_type") == "year")
    assert years["period_start"].dt.year().to_list() == list(range(2018, 2026))
    assert frame["release_id"].null_count() == 0
    assert years.filter(pl.col("period_start").dt.year() == 2025)["value"][0] == 14.58e12


def test_as_of_gives_the_figure_first_published_and_now_the_revised_one(seeded: Warehouse) -> None:
    early = seeded.series("gdp", as_of="2022-01-01").filter(
        pl.col("period_start") == dt.date(2020, 1, 1))
    assert early["value"][0] == pytest.approx(110760.94e8)
    assert early["publisher"][0] == "广东省统计局"
    latest = seeded.series("gdp").filter(pl.col("period_start") == dt.date(2020, 1, 1))
    assert latest["value"][0] == pytest.approx(11.37e12)
    first = seeded.first_release("gdp").filter(pl.col("period_start") == dt.date(2020, 1, 1))
    assert first["value"][0] == pytest.approx(110760.94e8)


def test_vintages_list_both_2020_figures_in_order(seeded: Warehouse) -> None:
    frame = seeded.vintages("gdp").filter(pl.col("period_start") == dt.date(2020, 1, 1))
    assert frame["vintage"].to_list() == [1, 2]
    assert frame["value_as_published"].to_list() == [110760.94, 11.37]


def test_revisions_and_conflicts_show_the_2020_gdp_revision(seeded: Warehouse) -> None:
    revisions = seeded.revisions("gdp", region="440000")
    row = revisions.row(0, named=True)
    assert (row["previous_value_as_published"], row["value_as_published"]) == (110760.94, 11.37)
    assert row["previous_publisher"] == "广东省统计局"
    conflicts = seeded.conflicts()
    gdp = conflicts.filter(pl.col("indicator") == "gdp").row(0, named=True)
    assert {gdp["value_as_published_a"], gdp["value_as_published_b"]} == {110760.94, 11.37}
    assert gdp["relative_difference"] == pytest.approx(0.0258, abs=1e-3)
    assert seeded.conflicts(tolerance=0.05).filter(pl.col("indicator") == "gdp").is_empty()


def test_provenance_names_publisher_title_date_and_phrase(seeded: Warehouse) -> None:
    obs_id = seeded.series("nev_output").filter(
        pl.col("period_end") == dt.date(2024, 12, 31))["obs_id"][0]
    record = seeded.provenance(obs_id)
    assert record["publisher"] == "广东省统计局"
    assert record["quote"] == "新能源汽车产量 361.78 万辆"
    assert record["date_published"] == dt.date(2025, 3, 28)
    assert len(record["sha256"]) == 64
    raw = seeded.raw_payload(record["raw_path"])
    assert raw is not None and "新能源汽车产量 361.78 万辆" in raw.decode()
    with pytest.raises(NotFoundError):
        seeded.provenance(10**9)


def test_targets_keep_superseded_and_drafts(seeded: Warehouse) -> None:
    frame = seeded.targets()
    assert frame.height == 21
    old = frame.filter(pl.col("target_id") == "gdenergy14-newenergy-revenue").row(0, named=True)
    assert old["superseded_by"] == "gdenergyhq-newenergy-revenue"
    assert frame.filter(pl.col("draft"))["target_id"].to_list() == ["gdrobot2125-draft-output"]
    nev = frame.filter(pl.col("target_id") == "gdauto2325-nev-output").row(0, named=True)
    assert (nev["value"], nev["unit"], nev["comparator"]) == (3_000_000, "vehicle", "over")


def test_unknown_codes_suggest_the_closest(seeded: Warehouse) -> None:
    with pytest.raises(CatalogError, match="Did you mean 'gdp'"):
        seeded.series("gpd")
    with pytest.raises(CatalogError, match="region"):
        seeded.series("gdp", region="440001")


def test_export_carries_provenance_columns(seeded: Warehouse, tmp_path: Path) -> None:
    count = seeded.export(tmp_path / "all.parquet")
    frame = pl.read_parquet(tmp_path / "all.parquet")
    assert frame.height == count == seeded.summary()["observations"]
    for column in ("publisher", "title", "date_published", "sha256", "quote", "locator"):
        assert frame[column].null_count() < frame.height, column
    seeded.export(tmp_path / "all.csv", format="csv")
    assert pl.read_csv(tmp_path / "all.csv").height == count


def test_cli_series_json_and_as_of(seeded_path: Path) -> None:
    result = run_cli("series", "gdp", "--region", "440000", "--nl", warehouse=seeded_path,
                     check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    years = [r["period_start"][:4] for r in rows if r["period_type"] == "year"]
    assert years == [str(y) for y in range(2018, 2026)]
    assert all(r["release_id"] for r in rows)
    old = run_cli("series", "gdp", "--as-of", "2022-01-01", "--nl", warehouse=seeded_path,
                  check=True)
    assert json.loads(old.stdout.splitlines()[-1])["value_as_published"] == 110760.94


def test_cli_revisions_conflicts_provenance(seeded_path: Path) -> None:
    revisions = run_cli("revisions", "gdp", "--region", "440000", warehouse=seeded_path,
                        check=True)
    assert "11.37" in revisions.stdout and "110760.94" in revisions.stdout
    conflicts = run_cli("conflicts", "--nl", warehouse=seeded_path, check=True)
    assert any(json.loads(line)["indicator"] == "gdp" for line in conflicts.stdout.splitlines())
    provenance = run_cli("provenance", "1", warehouse=seeded_path, check=True)
    for word in ("publisher", "title", "date_published", "quote"):
        assert word in provenance.stdout


def test_cli_failure_exits_non_zero_with_a_message(seeded_path: Path, tmp_path: Path) -> None:
    result = run_cli("series", "gpd", warehouse=seeded_path)
    assert result.returncode == 1 and "Did you mean 'gdp'" in result.stderr
    missing = run_cli("series", "gdp", warehouse=tmp_path / "none.duckdb")
    assert missing.returncode == 1 and "tracker build" in missing.stderr


def test_a_warehouse_from_an_older_tracker_is_refused_with_the_upgrade_to_run(
        empty_path: Path) -> None:
    con = raw_connection(empty_path)
    last = con.execute("SELECT max(name) FROM _migrations").fetchone()[0]  # type: ignore[index]
    con.execute("DELETE FROM _migrations WHERE name = ?", [last])
    con.close()
    result = run_cli("series", "gdp", warehouse=empty_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert last in result.stderr and "tracker init" in result.stderr
