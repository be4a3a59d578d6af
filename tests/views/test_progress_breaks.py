"""A break in the series (SDMX status B) is never compared across without saying so."""

from __future__ import annotations

from typing import Any

import pytest
from constructed import actual, actuals, target, targets
from spec_frames import spec_actuals, spec_targets

from tracker.progress import assess
from tracker.progress_rules import first_break
from tracker.views.actual_vs_target import actual_vs_target_chart
from tracker.views.revisions import revisions_chart

# Car output by the company's seat until 2024, by place of production from 2025 (status B).
CARS = actuals(actual(2022, 4.1e6), actual(2023, 5.2e6), actual(2024, 5.7e6),
               actual(2025, 3.0e6, status="B"))


def _datasets(chart: Any) -> list[dict]:
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.mark.parametrize(("before", "after", "crossed"), [
    (2022, 2025, 2025), (2024, 2025, 2025), (2025, 2026, None), (2020, 2024, None)])
def test_a_comparison_crosses_a_break_flagged_on_a_later_year(
        before: int, after: int, crossed: int | None) -> None:
    assert first_break((2025,), before, after) == crossed


def test_spec_car_output_across_the_2025_break_is_flagged_and_its_growth_withheld() -> None:
    frame = assess(spec_targets(), spec_actuals())
    row = frame.filter(frame["target_id"] == "gdauto2325-car-output").row(0, named=True)
    assert (row["baseline_year"], row["latest_year"], row["latest_status"]) == (2022, 2025, "B")
    assert row["series_break"] and row["break_year"] == 2025 and "break" in row["flags"]
    assert row["observed_rate"] is None and row["ratio"] is None
    assert row["share_achieved"] is None and row["projected_value"] is None
    assert row["status"] == "missed"  # the 2025 level is still compared with the target
    assert "method changed in 2025 (counted by place of production" in row["note"]
    assert "570.74" not in row["note"] and "5.71 million vehicles in 2024" in row["note"]
    assert "2025年起统计口径变化" in row["note_zh"] and "改按生产地统计" in row["note_zh"]


def test_short_of_the_target_across_a_break_before_the_target_year_is_off_track() -> None:
    frame = assess(targets(target("t", 5.3e6, start=2023, end=2026)), CARS)
    row = frame.row(0, named=True)
    assert (row["status"], row["series_break"], row["ratio"]) == ("off_track", True, None)
    assert "not comparable" in row["note"] and "growth withheld" in row["note"]


def test_figures_on_one_side_of_the_break_are_compared_as_usual() -> None:
    after = actuals(actual(2024, 2.6e6, status="B"), actual(2025, 3.0e6))
    row = assess(targets(target("t", 3.5e6, start=2025, end=2026)), after).row(0, named=True)
    assert (row["baseline_year"], row["latest_year"]) == (2024, 2025)
    assert not row["series_break"] and "break" not in row["flags"]
    assert row["observed_rate"] == pytest.approx(100 * (3.0 / 2.6 - 1))
    before = assess(targets(target("t", 6e6, start=2023, end=2024)), CARS.head(3))
    assert not before.row(0, named=True)["series_break"]


def test_a_published_growth_rate_across_a_break_is_kept_and_flagged() -> None:
    growth = target("g", 5.0, measure="yoy_pct", unit="percent", kind="growth_in_year",
                    start=2025, end=2025)
    rates = actuals(actual(2025, 10.2, status="B", measure="yoy_pct", unit="percent"))
    row = assess(targets(growth), rates).row(0, named=True)
    assert row["observed_rate"] == 10.2 and row["status"] == "achieved"
    assert row["series_break"] and "growth spans the break" in row["note"]


def test_the_actual_against_target_chart_splits_the_line_and_marks_the_break() -> None:
    progress = assess(targets(target("t", 5.3e6)), CARS)
    rows = _datasets(actual_vs_target_chart(CARS, progress, "car_output",
                                            cluster="automobiles", lang="zh"))
    points = {r["year"]: r for r in rows if "segment" in r}
    assert [points[y]["segment"] for y in (2022, 2023, 2024, 2025)] == [0, 0, 0, 1]
    assert points[2025]["break"] and points[2025]["kind"] == "新口径（断点）"
    rule = next(r for r in rows if "label" in r)
    assert (rule["year"], rule["label"]) == (2024.5, "口径变化")
    assert rule["explained"] == "2025年起统计口径变化，前后不可比"
    english = actual_vs_target_chart(CARS, progress, "car_output", cluster="automobiles",
                                     lang="en")
    assert english.to_dict()["title"]["subtitle"] == [
        "▼ method changed in 2025: not comparable with earlier years"]


def test_a_chart_without_a_break_draws_one_line_and_no_rule() -> None:
    plain = CARS.head(3)
    chart = actual_vs_target_chart(plain, assess(targets(target("t", 5.3e6)), plain),
                                   "car_output", cluster="automobiles")
    rows = _datasets(chart)
    assert {r["segment"] for r in rows if "segment" in r} == {0}
    assert not any("label" in r for r in rows)
    assert "subtitle" not in chart.to_dict()["title"]


def test_the_revisions_chart_marks_break_points_and_says_why() -> None:
    vintages = actuals(actual(2025, 3.0e6, status="B"), actual(2024, 5.7e6))
    chart = revisions_chart(vintages, "car_output", cluster="automobiles", lang="en")
    spec = chart.to_dict()
    # After the line saying how to read the steps, the break.
    assert spec["title"]["subtitle"][2:] == [
        "▼ method changed in 2025: not comparable with earlier years"]
    flagged = {r["year"]: r["break"] for r in _datasets(chart) if "break" in r}
    assert flagged == {2024: False, 2025: True}
    plain = revisions_chart(actuals(actual(2024, 5.7e6)), "car_output", cluster="automobiles")
    assert len(plain.to_dict()["title"]["subtitle"]) == 2
