"""Progress against the 2025 targets, on the spec's published figures and on constructed ones."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from click.testing import CliRunner
from constructed import actual, actuals, target, targets
from spec_frames import spec_actuals, spec_targets

from tracker.cli import main
from tracker.progress import STATUSES, Thresholds, assess, progress
from tracker.progress_rules import is_met


@pytest.fixture(scope="module")
def assessed() -> dict[str, dict]:
    frame = assess(spec_targets(), spec_actuals())
    return {r["target_id"]: r for r in frame.iter_rows(named=True)}


def test_2025_gdp_growth_target_is_missed_on_the_2025_actual(assessed: dict[str, dict]) -> None:
    row = assessed["gdgwr2025-gdp-growth"]
    assert row["status"] == "missed"
    assert row["final"] and not row["ytd"]
    assert (row["latest_value"], row["latest_year"]) == (3.9, 2025)
    assert row["latest_publisher"] == "广东省人民政府"
    assert row["latest_quote"] == "增长3.9%"


def test_nev_target_is_achieved(assessed: dict[str, dict]) -> None:
    row = assessed["gdauto2325-nev-output"]
    assert row["status"] == "achieved"
    assert row["latest_value"] == pytest.approx(3_617_800)
    assert row["latest_year"] == 2024
    assert row["latest_title"] == "2024年广东省国民经济和社会发展统计公报"


def test_targets_without_actuals_say_no_data(assessed: dict[str, dict]) -> None:
    for target_id in ("gdmat2325-revenue", "gdpetro2125-revenue", "gd14fyp-digital-share"):
        row = assessed[target_id]
        assert row["status"] == "no_data"
        assert row["latest_value"] is None and row["share_achieved"] is None


def test_no_target_with_an_actual_says_no_data(assessed: dict[str, dict]) -> None:
    with_actual = [r for r in assessed.values() if r["latest_value"] is not None]
    assert len(with_actual) >= 15
    assert [r["target_id"] for r in with_actual if r["status"] == "no_data"] == []


def test_semiconductor_cluster_on_one_point_is_off_track(assessed: dict[str, dict]) -> None:
    row = assessed["gdsemi2325-revenue"]  # 超2700亿元 (2023) against 突破4000亿元 by 2025
    assert row["status"] == "off_track"
    assert row["single_point"] and "single_point" in row["flags"]
    assert row["baseline_value"] is None and row["ratio"] is None
    assert row["share_of_target"] == pytest.approx(0.675)
    assert row["note"].startswith("one point only") and "67.5% of the target" in row["note"]
    assert "仅一个数据点" in row["note_zh"] and "目标的67.5%" in row["note_zh"]


def test_a_single_share_short_of_its_target_is_off_track_by_points(
        assessed: dict[str, dict]) -> None:
    row = assessed["gdauto2325-car-share"]  # 17.2% (2023) against over 18%
    assert (row["status"], row["single_point"]) == ("off_track", True)
    assert "0.8 points below the target" in row["note"]
    assert "低于目标0.8个百分点" in row["note_zh"]


def test_a_single_point_that_meets_its_target_is_achieved_and_says_so(
        assessed: dict[str, dict]) -> None:
    row = assessed["gdmfg14-mfg-share"]  # 32.7% (2023) against at least 30%
    assert (row["status"], row["single_point"]) == ("achieved", True)
    assert "one point only" in row["note"] and "2.7 points above" in row["note"]


@pytest.mark.parametrize(("value", "comparator", "end", "status"), [
    (600.0, "at_least", 2025, "achieved"),   # met before the target year: achieved
    (400.0, "at_least", 2025, "off_track"),  # short, and no pace to judge by
    (400.0, "at_least", 2024, "missed"),     # short in the target year itself
    (400.0, "at_most", 2025, "achieved"),    # at most: less is better
    (600.0, "at_most", 2025, "off_track"),
])
def test_one_actual_is_judged_against_its_target_in_both_directions(
        value: float, comparator: str, end: int, status: str) -> None:
    frame = assess(targets(target("t", 500.0, comparator=comparator, end=end)),
                   actuals(actual(2024, value)))
    row = frame.row(0, named=True)
    assert (row["status"], row["single_point"]) == (status, True)
    assert row["share_of_target"] == pytest.approx(value / 500)
    assert f"{value / 500:.1%} of the target" in row["note"]


def test_two_points_are_not_a_single_point() -> None:
    frame = assess(targets(target("t", 500.0)), actuals(actual(2022, 300.0), actual(2024, 400.0)))
    row = frame.row(0, named=True)
    assert not row["single_point"] and "single_point" not in row["flags"]
    assert row["ratio"] is not None and row["status"] != "off_track"


def test_every_target_is_assessed_once_with_a_known_status(assessed: dict[str, dict]) -> None:
    assert len(assessed) == spec_targets().height
    assert {r["status"] for r in assessed.values()} <= set(STATUSES)


def test_gdp_level_baseline_is_the_year_before_the_plan(assessed: dict[str, dict]) -> None:
    row = assessed["gd14fyp-gdp-level"]
    # The 2020 level as published last (2026 report: 11.37万亿), not the 2021 bulletin's.
    assert (row["baseline_year"], row["baseline_value"]) == (2020, pytest.approx(11.37e12))
    assert row["required_rate"] == pytest.approx(100 * ((14 / 11.37) ** (1 / 5) - 1))
    assert row["observed_rate"] == pytest.approx(100 * ((14.58 / 11.37) ** (1 / 5) - 1))
    assert row["share_achieved"] == pytest.approx((14.58 - 11.37) / (14 - 11.37))
    assert row["status"] == "achieved"


def test_average_growth_uses_the_published_yearly_rates(assessed: dict[str, dict]) -> None:
    row = assessed["gd14fyp-gdp-growth"]
    index = 1.08 * 1.019 * 1.048 * 1.035 * 1.039
    assert row["observed_rate"] == pytest.approx(100 * (index ** 0.2 - 1))
    assert row["rate_kind"] == "avg_growth"
    assert row["status"] == "missed"


def test_share_targets_compare_levels_in_points(assessed: dict[str, dict]) -> None:
    row = assessed["gdmfg14-hightech-share"]
    # 32% (2019, the nearest year before 2020) to 31.6% (2024) against 33% by 2025.
    assert row["rate_kind"] == "pp_per_year"
    assert row["observed_rate"] == pytest.approx(-0.08)
    assert row["status"] == "moving_away"


def test_estimates_drafts_and_superseded_targets_are_marked(assessed: dict[str, dict]) -> None:
    assert assessed["gd14fyp-rd-growth"]["estimate"]  # 5350亿元 is 预计
    assert assessed["gdauto2325-nev-output"]["estimate"]  # its 2022 baseline 130万辆 is 预计
    assert not assessed["gd14fyp-gdp-level"]["estimate"]
    assert assessed["gdrobot2125-draft-output"]["draft"]
    old = assessed["gdenergy14-newenergy-revenue"]
    assert old["superseded_by"] == "gdenergyhq-newenergy-revenue"
    assert assessed["gdenergyhq-newenergy-revenue"]["status"] == "achieved"


def test_a_pace_below_six_tenths_of_the_required_is_off_track(
        assessed: dict[str, dict]) -> None:
    row = assessed["gdappl2125-revenue"]
    assert 0 <= row["ratio"] < 0.6
    assert (row["status"], row["single_point"]) == ("off_track", False)
    strict = assess(spec_targets().filter(pl.col("target_id") == "gdappl2125-revenue"),
                    spec_actuals(), thresholds=Thresholds(needs_acceleration=0.5))
    assert strict["status"].item() == "needs_acceleration"


def test_as_of_uses_only_what_was_published_then() -> None:
    frame = assess(spec_targets(), spec_actuals(), as_of=dt.date(2025, 2, 1))
    rows = {r["target_id"]: r for r in frame.iter_rows(named=True)}
    assert rows["gdgwr2025-gdp-growth"]["status"] == "no_data"  # 2025 not yet published
    assert rows["gd14fyp-gdp-level"]["latest_year"] == 2023
    assert rows["gd14fyp-gdp-level"]["status"] == "on_track"


def _growth_actual(end: dt.date, value: float, status: str = "A") -> dict:
    return {"indicator": "gdp", "region": "440000", "cluster": None, "measure": "yoy_pct",
            "period_start": dt.date(end.year, 1, 1), "period_end": end, "value": value,
            "unit": "percent", "value_as_published": value, "unit_as_published": "%",
            "qualifier": "exact", "status": status, "publisher": "广东省统计局",
            "title": "简况", "date_published": end + dt.timedelta(days=20), "grade": "A",
            "quote": f"增长{value}%", "obs_id": 1, "release_id": "r1"}


def test_year_to_date_growth_is_flagged_and_never_final() -> None:
    targets = spec_targets().filter(pl.col("target_id") == "gdgwr2025-gdp-growth")
    ytd = pl.DataFrame([_growth_actual(dt.date(2025, 9, 30), 5.1)])
    row = assess(targets, ytd).row(0, named=True)
    assert row["ytd"] and not row["final"]
    assert row["status"] == "on_track"
    assert "year to date" in row["note"]
    whole = pl.DataFrame([_growth_actual(dt.date(2025, 9, 30), 5.1),
                          _growth_actual(dt.date(2025, 12, 31), 4.7, status="E")])
    row = assess(targets, whole).row(0, named=True)
    assert (row["ytd"], row["final"], row["estimate"], row["status"]) == (
        False, True, True, "missed")


@pytest.mark.parametrize(("actual", "qualifier", "target", "comparator", "unit", "met"), [
    (4.8, "exact", 5.0, "about", "percent", True),
    (4.7, "exact", 5.0, "about", "percent", False),
    (5.6, "exact", 5.0, "about", "percent", True),
    (13.8e12, "exact", 14e12, "about", "CNY", True),
    (13.6e12, "exact", 14e12, "about", "CNY", False),
    (300.0, "exact", 300.0, "over", "vehicle", False),
    (300.0, "over", 300.0, "over", "vehicle", True),
    (30.0, "exact", 30.0, "at_least", "percent", True),
    (30.0, "nearly", 30.0, "at_least", "percent", False),
    (2.0, "exact", 2.5, "at_most", "percent", True),
    (2.6, "exact", 2.5, "at_most", "percent", False),
])
def test_the_comparator_decides_what_counts_as_met(actual: float, qualifier: str, target: float,
                                                  comparator: str, unit: str, met: bool) -> None:
    assert is_met(actual, qualifier, target, comparator, unit, Thresholds()) is met


def test_progress_api_on_the_demo_warehouse(demo) -> None:  # type: ignore[no-untyped-def]
    frame = progress(demo)
    rows = {r["target_id"]: r for r in frame.iter_rows(named=True)}
    assert rows["gdgwr2025-gdp-growth"]["status"] == "missed"
    assert rows["gdauto2325-nev-output"]["status"] == "achieved"
    assert rows["gdpetro2125-revenue"]["status"] == "no_data"
    # Sources behind the latest actual trace back to a stored observation.
    prov = demo.provenance(rows["gdauto2325-nev-output"]["latest_obs_id"])
    assert prov["publisher"] == "广东省统计局"


def test_progress_command_json_gives_every_target_with_sources(demo_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["progress", "-w", str(demo_path), "--nl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 21
    for row in rows:
        assert {"baseline_value", "latest_value", "status", "latest_publisher",
                "baseline_publisher", "latest_date_published"} <= set(row)
    human = CliRunner().invoke(main, ["progress", "-w", str(demo_path), "--lang", "en"])
    assert human.exit_code == 0 and "missed" in human.output and "no data" in human.output
