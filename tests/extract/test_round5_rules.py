"""Rules found by blind batch 5, each on sentences of its own: cluster list lines, shares of
GDP under a bullet, a single month inside a year-to-date paragraph, scanned-page furniture,
OCR-damaged month ranges and scale words that are not numbers."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures

PUBLISHED = dt.date(2025, 12, 20)


def read(text: str, published: dt.date = PUBLISHED) -> list[Figure]:
    return extract_figures(text.encode(), published, "440000")


def rows(figures: list[Figure]) -> list[tuple[str, str | None, str, str, str, float, str]]:
    return [(f.indicator, f.cluster, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier) for f in figures]


def test_a_line_opening_with_a_cluster_name_states_its_revenue() -> None:
    figures = read("2023年各集群营业收入如下：\n"
                   "▶ 智能家电：营业收入1.71万亿元\n"
                   "2. 半导体与集成电路：约2350亿元，增长15%\n"
                   "· 精密仪器设备 近900亿元\n"
                   "8. 汽车：2023年营收超9800亿元。\n")
    assert rows(figures) == [
        ("cluster_revenue", "smart_home_appliances", "level", "2023-01-01", "2023-12-31",
         1.71e12, "exact"),
        ("cluster_revenue", "semiconductors_ic", "level", "2023-01-01", "2023-12-31",
         2.35e11, "about"),
        ("cluster_revenue", "semiconductors_ic", "yoy_pct", "2023-01-01", "2023-12-31",
         15.0, "exact"),
        ("cluster_revenue", "precision_instruments", "level", "2023-01-01", "2023-12-31",
         9e10, "nearly"),
        ("cluster_revenue", "automobiles", "level", "2023-01-01", "2023-12-31", 9.8e11, "over"),
    ]


def test_a_cluster_name_inside_a_sentence_is_not_a_label() -> None:
    figures = read("2023年，新能源汽车产量250万辆。汽车产量300万辆。")
    assert {f.indicator for f in figures} == {"nev_output", "car_output"}


def test_a_bulleted_share_of_gdp_titled_by_a_colon() -> None:
    figures = read("几个比重：\n· 制造业增加值占GDP比重：2023年为33.1%。\n"
                   "· 战略性新兴产业增加值占GDP比重：2023年约为23.5%。\n")
    assert rows(figures) == [
        ("manufacturing_va_share", None, "level", "2023-01-01", "2023-12-31", 33.1, "exact"),
        ("strategic_emerging_industries_va_share", None, "level", "2023-01-01", "2023-12-31",
         23.5, "about"),
    ]


def test_a_single_month_inside_a_year_to_date_paragraph_speaks_for_its_sentence_only() -> None:
    figures = read("1—9月，全省规模以上工业增加值同比增长4.0%。9月份，规模以上工业增加值"
                   "同比增长3.1%。全国同期规模以上工业增加值增长6.2%。先进制造业增加值占规模以上"
                   "工业增加值比重为55.9%。\n")
    assert [(f.region, f.indicator, f.period_start.month, f.period_end.month, f.value)
            for f in figures] == [
        ("440000", "industrial_value_added", 1, 9, 4.0),
        ("440000", "industrial_value_added", 9, 9, 3.1),
        ("100000", "industrial_value_added", 1, 9, 6.2),
        ("440000", "advanced_manufacturing_share", 1, 9, 55.9),
    ]


def test_page_furniture_between_a_subject_and_its_value_is_dropped() -> None:
    text = ("2025年1—9月简况\n\n  1—9月，全省工业生产稳中有进，新兴产品增势较好，"
            "工业机器人产量20.5万套，增\n\n"
            "                — 2 —\n\n统计信息网 · 分析              第 2 页 共 4 页\n\n"
            "长12.4%。\n")
    figures = read(text)
    assert [(f.measure, f.value) for f in figures] == [("level", 205000.0), ("yoy_pct", 12.4)]
    assert figures[1].quote.startswith("工业机器人产量20.5万套")


def test_an_ocr_dash_read_as_yi_still_joins_a_month_range() -> None:
    figures = read("1一8月，全省规模以上工业企业实现营业收入11.2万亿元，同比增长2.1%。\n")
    assert [(f.period_start.isoformat(), f.period_end.isoformat()) for f in figures] == [
        ("2025-01-01", "2025-08-31"), ("2025-01-01", "2025-08-31")]


def test_a_scale_word_without_a_numeral_is_no_number() -> None:
    assert read("2023年软件业务收入口径不同，千万别混着用，百万家庭受益。\n") == []
