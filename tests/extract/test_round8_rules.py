"""Rules found by blind batch 8, each on sentences of its own: a single month named in another
sentence or clause of a full-year paragraph does not re-date the year's figures; a comparative
(高于, 低于) before a place compares, so that place's figure is as stated; a part opening with
同期 takes the period of the part before it in the same sentence."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures

PUBLISHED = dt.date(2026, 1, 20)


def read(text: str, published: dt.date = PUBLISHED) -> list[Figure]:
    return extract_figures(text.encode(), published, "440000")


def rows(figures: list[Figure]) -> list[tuple[str, str, str, str, str, float, str]]:
    return [(f.indicator, f.region, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 2), f.qualifier) for f in figures]


# 1. A month another sentence or clause names stays there.

def test_a_month_in_a_later_sentence_does_not_re_date_the_year() -> None:
    figures = read("产业亮点频现。2025年，全省汽车产量为512.3万辆，增长2.1%。"
                   "某企业11月迎来第300万台设备下线。工业机器人产量25.1万套，增长18.2%。")
    assert ("industrial_robot_output", "440000", "level", "2025-01-01", "2025-12-31",
            251000.0, "exact") in rows(figures)
    assert ("industrial_robot_output", "440000", "yoy_pct", "2025-01-01", "2025-12-31",
            18.2, "exact") in rows(figures)


def test_a_month_in_a_clause_dates_only_that_clause() -> None:
    figures = read("2025年，全省规模以上工业增加值增长3.2%，其中11月增长4.0%，"
                   "工业投资增长6.5%。")
    assert rows(figures) == [
        ("industrial_value_added", "440000", "yoy_pct", "2025-01-01", "2025-12-31", 3.2,
         "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-11-01", "2025-11-30", 4.0,
         "exact"),
        ("industrial_investment", "440000", "yoy_pct", "2025-01-01", "2025-12-31", 6.5,
         "exact"),
    ]


def test_a_month_opening_its_paragraph_still_dates_it() -> None:
    figures = read("2025年11月份，全省规模以上工业增加值增长4.0%。工业投资增长1.5%。")
    assert {(r[3], r[4]) for r in rows(figures)} == {("2025-11-01", "2025-11-30")}


# 2. 高于 / 低于 a place: the place's own figure is exact.

def test_a_comparative_before_a_place_leaves_that_places_figure_exact() -> None:
    figures = read("2024年，广东研发投入强度为3.41%，高于全国2.55%的水平。")
    assert rows(figures) == [
        ("rd_intensity", "440000", "level", "2024-01-01", "2024-12-31", 3.41, "exact"),
        ("rd_intensity", "100000", "level", "2024-01-01", "2024-12-31", 2.55, "exact"),
    ]


def test_a_comparative_before_a_number_still_qualifies_it() -> None:
    figures = read("2024年，全省研发投入强度高于3.4%。")
    assert [r[-1] for r in rows(figures)] == ["over"]


# 3. 同期 after a semicolon: the period of the part before it.

def test_same_period_after_a_semicolon_takes_the_stock_date_before_it() -> None:
    figures = read("2024年，全省工业投资增长5%。行业梯队持续壮大。截至2025年底，广东"
                   "国家级专精特新“小巨人”企业1600家；同期全国累计培育专精特新“小巨人”企业"
                   "1.5万家。")
    stocks = [r for r in rows(figures) if r[0] == "little_giants"]
    assert stocks == [
        ("little_giants", "440000", "level", "2025-12-31", "2025-12-31", 1600.0, "exact"),
        ("little_giants", "100000", "level", "2025-12-31", "2025-12-31", 15000.0, "exact"),
    ]


def test_a_sentence_opening_with_same_period_is_back_to_the_paragraph() -> None:
    figures = read("2025年1—9月，全省规模以上工业增加值增长3.6%。其中，9月份增长5.1%。"
                   "同期全国规模以上工业增加值增长6.2%。", dt.date(2025, 10, 24))
    national = [r for r in rows(figures) if r[1] == "100000"]
    assert national == [("industrial_value_added", "100000", "yoy_pct", "2025-01-01",
                         "2025-09-30", 6.2, "exact")]
