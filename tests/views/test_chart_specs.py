"""The chart specs (altair's to_dict) hold what a reader needs: whole-year and unrepeated date
axes, steps at each revision, the target drawn wherever the title promises it, a single point
on a scale from zero, shares beyond the scale marked, conflict labels clear of the legend."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import tracker
from tracker import views
from tracker.errors import InputError
from tracker.progress import progress
from tracker.report import build_report, report_charts
from tracker.report_data import gather


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def _mark(layer: dict[str, Any]) -> dict[str, Any]:
    mark = layer["mark"]
    return mark if isinstance(mark, dict) else {"type": mark}


def _rows(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    # A layer without data of its own draws the chart's (altair lifts shared data up).
    rows: list[dict[str, Any]] = spec["datasets"][(layer.get("data") or spec["data"])["name"]]
    return rows


def _title(spec: dict[str, Any]) -> str:
    title = spec["title"]
    return str(title["text"] if isinstance(title, dict) else title)


@pytest.fixture(scope="module")
def charts(demo: tracker.Warehouse) -> dict[str, dict[str, Any]]:
    """Every chart of the Chinese report, as Vega-Lite specs by slug."""
    return {c.slug: c.build().to_dict() for c in report_charts(gather(demo), "zh")}


def test_year_axes_have_one_tick_per_whole_year(charts: dict[str, dict[str, Any]]) -> None:
    targets = {slug: spec for slug, spec in charts.items() if slug.startswith("target_")}
    assert len(targets) >= 8
    for slug, spec in targets.items():
        xs = [la["encoding"]["x"] for la in _layers(spec)
              if la.get("encoding", {}).get("x", {}).get("field") == "year"]
        # Every layer on the year scale says how to tick it, whichever Vega-Lite reads first.
        for x in xs:
            assert x["axis"]["format"] == "d", slug
            years = x["axis"]["values"]
            assert years == list(range(years[0], years[-1] + 1)), slug


def test_revisions_step_at_each_change_on_a_time_axis(demo: tracker.Warehouse) -> None:
    spec = views.revisions(demo, "gdp").to_dict()
    line, points = _layers(spec)
    assert _mark(line) == {"type": "line", "strokeWidth": 1.5, "interpolate": "step-after"}
    x = line["encoding"]["x"]
    assert x["type"] == "temporal" and x["scale"]["type"] == "utc"
    assert x["axis"]["tickCount"]["interval"] in ("day", "month", "year")
    steps = [(r["date"], round(r["value_shown"], 3)) for r in _rows(spec, line)
             if r["period"] == "2020"]
    # First release, the revision of 2026-01-26, then the revised figure held to the edge.
    assert steps[:2] == [("2021-03-01", 11.076), ("2026-01-26", 11.37)]
    assert steps[2][0] > "2026-01-26" and steps[2][1] == 11.37
    assert {r["date"] for r in _rows(spec, points)} >= {"2021-03-01", "2026-01-26"}


def test_a_lower_ranked_figure_is_a_point_off_the_step_line(demo: tracker.Warehouse) -> None:
    spec = views.revisions(demo, "industrial_robot_output").to_dict()
    line, points = _layers(spec)
    published = {round(r["value_shown"], 2) for r in _rows(spec, points) if r["period"] == "2024"}
    answered = {round(r["value_shown"], 2) for r in _rows(spec, line) if r["period"] == "2024"}
    # 中国网's 24万台 was published, but the series kept 中国新闻网's better-ranked 24.68.
    assert published == {24.0, 24.68} and answered == {24.68}


def test_a_chart_titled_actual_against_target_draws_its_target(
        charts: dict[str, dict[str, Any]], demo: tracker.Warehouse) -> None:
    promised = [s for s in charts.values() if "实际与目标" in _title(s)]
    assert len(promised) >= 8
    for spec in promised:
        diamonds = [la for la in _layers(spec) if _mark(la).get("shape") == "diamond"]
        assert diamonds and all(r["target"] for la in diamonds for r in _rows(spec, la)), \
            _title(spec)
    honest = views.actual_vs_target(demo, "advanced_manufacturing_share").to_dict()
    assert _title(honest) == "先进制造业增加值占规模以上工业增加值比重：历年实际（未设目标）"
    assert not [la for la in _layers(honest) if _mark(la).get("shape") == "diamond"]


def test_a_single_point_sits_on_a_scale_from_zero(demo: tracker.Warehouse) -> None:
    single = views.actual_vs_target(demo, "digital_economy_va_share", region="广州").to_dict()
    ys = [la["encoding"]["y"] for la in _layers(single) if "y" in la.get("encoding", {})
          and la["encoding"]["y"].get("field") == "value_shown"]
    assert ys and all(y["scale"]["zero"] is True for y in ys)
    # A year alone sits between its neighbours, not on an axis of one label.
    phones = views.actual_vs_target(demo, "smartphone_output").to_dict()
    x = next(la["encoding"]["x"] for la in _layers(phones) if "x" in la.get("encoding", {}))
    assert x["axis"]["values"] == [2023, 2024, 2025]
    assert x["scale"]["domain"] == [2023, 2025]
    many = views.actual_vs_target(demo, "gdp").to_dict()
    assert all(la["encoding"]["y"]["scale"]["zero"] is False for la in _layers(many)
               if la.get("encoding", {}).get("y", {}).get("field") == "value_shown")


def test_a_share_beyond_the_scale_is_marked_with_its_true_figure(
        charts: dict[str, dict[str, Any]]) -> None:
    spec = charts["progress_board"]
    arrows = [la for la in _layers(spec) if la.get("transform") == [{"filter": "datum.capped"}]]
    assert len(arrows) == 1 and arrows[0]["encoding"]["shape"]["field"] == "arrow"
    capped = [r for r in _rows(spec, arrows[0]) if r["capped"]]
    # The robot target (a draft) is 365% of the way: drawn to 150, said in full.
    robot = next(r for r in capped if r["label"].startswith("工业机器人产量"))
    assert robot["shown"] == 150.0 and "365%" in robot["text"] and "超出图幅" in robot["text"]
    assert all(not r["capped"] or r["shown"] in (-50.0, 150.0) for r in _rows(spec, arrows[0]))
    assert "150%" in spec["title"]["subtitle"][0]


def test_conflict_labels_sit_beside_their_points_and_the_legend_below(
        charts: dict[str, dict[str, Any]]) -> None:
    spec = charts["conflicts"]
    texts = [la for la in _layers(spec) if _mark(la)["type"] == "text"]
    assert sorted(_mark(la)["align"] for la in texts) == ["left", "right"]
    dots = next(la for la in _layers(spec) if _mark(la)["type"] == "point")
    assert dots["encoding"]["color"]["legend"]["orient"] == "bottom"
    low, high = dots["encoding"]["x"]["scale"]["domain"]
    deviations = [r["deviation"] for r in _rows(spec, dots)]
    # Room for a label on each side of the outermost figures.
    assert low < min(deviations) - 5 and high > max(deviations) + 5


def test_views_find_the_cluster_a_series_is_held_under(demo: tracker.Warehouse) -> None:
    spec = views.revisions(demo, "nev_output").to_dict()
    assert "新能源汽车产量" in _title(spec) and "datasets" in spec
    phones = views.actual_vs_target(demo, "智能手机产量").to_dict()
    assert any(r.get("period") == "2024" for rows in phones["datasets"].values() for r in rows)
    with pytest.raises(InputError, match=r"automobiles.*cluster="):
        views.actual_vs_target(demo, "cluster_revenue")


def test_the_report_is_drawn_from_data_read_once(demo: tracker.Warehouse,
                                                 tmp_path: Path) -> None:
    data = gather(demo)
    assert data.assessed.equals(progress(demo))
    # Every chart and the page come from `data`: a warehouse that is not there is never read.
    gone = tracker.open(tmp_path / "missing.duckdb")
    lines: list[str] = []
    index = build_report(gone, tmp_path / "report", data=data, say=lines.append)
    assert index.is_file() and not (tmp_path / "missing.duckdb").exists()
    assert lines[0].startswith("report: chart 1/") and len(lines) == len(report_charts(data))


def test_the_chinese_page_speaks_chinese_in_its_notes(report_index: Path) -> None:
    html = report_index.read_text(encoding="utf-8")
    start = html.index("<table id=\"progress\">")
    table = html[start:html.index("</table>", start)]
    notes = re.findall(r"<td class='source'>([^<]+)</td></tr>", table)
    assert notes and all(re.search(r"[\u4e00-\u9fff]", n) for n in notes)
    assert "superseded by" not in table and "已被《" in table
