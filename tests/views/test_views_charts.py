"""The views on the demo warehouse: valid Vega-Lite, both languages, sources in the tooltips."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc
from spec_frames import spec_actuals

import tracker
from tracker import views
from tracker.report import VL_VERSION, chart_config, register_fonts
from tracker.views.revisions import revisions_chart


def _datasets(chart: Any) -> list[dict]:
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


VIEWS = [
    ("actual_vs_target", lambda wh, lang: views.actual_vs_target(wh, "gdp", lang=lang)),
    ("progress_board", lambda wh, lang: views.progress_board(wh, lang=lang)),
    ("revisions", lambda wh, lang: views.revisions(wh, "gdp", lang=lang)),
    ("conflicts", lambda wh, lang: views.conflicts(wh, lang=lang)),
    ("clusters", lambda wh, lang: views.clusters(wh, lang=lang)),
]


@pytest.mark.parametrize(("name", "make"), VIEWS, ids=[v[0] for v in VIEWS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_view_builds_a_valid_chart_in_each_language(
        demo: tracker.Warehouse, name: str, make: Any, lang: str) -> None:
    chart = make(demo, lang)
    assert isinstance(chart, alt.Chart | alt.LayerChart)
    text = json.dumps(chart.to_dict(), ensure_ascii=False)
    has_cjk = re.search(r"[\u4e00-\u9fff]", json.dumps(
        {k: v for k, v in chart.to_dict().items() if k != "datasets"}, ensure_ascii=False))
    assert bool(has_cjk) == (lang == "zh"), name
    assert "万亿元" in text if lang == "zh" and name in ("actual_vs_target", "clusters") else True


def test_actual_points_carry_their_source_in_the_tooltip(demo: tracker.Warehouse) -> None:
    rows = _datasets(views.actual_vs_target(demo, "gdp", lang="zh"))
    point = next(r for r in rows if r.get("period") == "2025")
    assert point["as_published"] == "14.58万亿元"
    assert point["publisher"] == "广东省人民政府"
    assert point["title"] == "2026年广东省政府工作报告（报道）"
    assert point["date"] == "2026-01-26"
    assert point["phrase"] == "2025年广东地区生产总值为14.58万亿元"
    assert point["value_shown"] == pytest.approx(14.58)  # in 万亿元
    target = next(r for r in rows if r.get("target"))
    assert target["phrase"] == "到2025年约为14万亿" and target["status"] == "已实现"


def test_a_growth_target_measured_on_levels_is_drawn_on_the_levels(
        demo: tracker.Warehouse) -> None:
    rows = _datasets(views.actual_vs_target(demo, "rd_expenditure", lang="zh"))
    target = next(r for r in rows if r.get("target"))
    assert target["target"] == "年均增长约10% (2021-2025)" and not target["rule"]
    # The level 10% a year from the 2019 baseline (2800亿元) reaches by 2025, in 亿元.
    assert target["value_shown"] == pytest.approx(2800 * 1.1 ** 6)
    path = [r for r in rows if r.get("path") == "目标所需路径"]
    assert (path[0]["year"], path[-1]["year"]) == (2019, 2025)
    growth = _datasets(views.actual_vs_target(demo, "gdp", measure="yoy_pct", lang="en"))
    assert all(r["rule"] for r in growth if r.get("target"))


def test_estimates_are_drawn_hollow(demo: tracker.Warehouse) -> None:
    chart = views.actual_vs_target(demo, "rd_expenditure", lang="en")
    rows = _datasets(chart)
    estimates = {r["period"] for r in rows if r.get("estimate")}
    assert estimates == {"2019", "2024", "2025"}
    point_layer = chart.to_dict()["layer"][1]
    assert point_layer["encoding"]["fill"]["condition"] == {"test": "datum.estimate",
                                                            "value": "white"}


def test_english_values_in_billions_and_trillions(demo: tracker.Warehouse) -> None:
    spec = views.clusters(demo, lang="en").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "revenue (trillion yuan)"


def test_revisions_show_each_vintage() -> None:
    frame = spec_actuals().filter(pl.col("indicator") == "gdp", pl.col("region") == "440000",
                                  pl.col("measure") == "level")
    # The points: one a vintage (the step lines' rows carry no publisher).
    rows = [r for r in _datasets(revisions_chart(frame, "gdp")) if "publisher" in r]
    # Only 2020 (2021 bulletin, 2026 report) and 2023 (work report, then a bulletin repost)
    # were published twice: their vintages are drawn, the other periods left out.
    assert sorted((r["period"], r["date"]) for r in rows) == [
        ("2020", "2021-03-01"), ("2020", "2026-01-26"), ("2023", "2024-01-23"),
        ("2023", "2024-01-25")]


def _png(text: str) -> bytes:
    chart = alt.Chart(pl.DataFrame({"t": [text]})).mark_text(size=40).encode(text="t:N")
    return vlc.vegalite_to_png(chart.to_dict(), vl_version=VL_VERSION, config=chart_config())


def test_chinese_text_is_drawn_in_images_not_boxes() -> None:
    assert register_fonts(), "fonts-noto-cjk is missing (python3 dev.py test installs it)"
    # Missing glyphs are drawn as identical boxes, so two different words would look the same.
    assert _png("广东省") != _png("东广省")


def test_report_writes_png_and_svg_of_every_chart(report_index: Path) -> None:
    html = report_index.read_text(encoding="utf-8")
    slugs = re.findall(r"id='chart-([\w-]+)'", html)
    assert {"progress_board", "conflicts", "clusters", "target_gdp_level",
            "target_nev_output_level_automobiles", "revisions_gdp_level"} <= set(slugs)
    for slug in slugs:
        png = report_index.parent / "charts" / f"{slug}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (report_index.parent / "charts" / f"{slug}.svg").read_text()
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=['\"]?http", html)
    progress = json.loads((report_index.parent / "progress.json").read_text(encoding="utf-8"))
    assert len(progress) == 21
