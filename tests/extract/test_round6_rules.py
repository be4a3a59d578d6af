"""Rules found by blind batch 6, each on sentences of its own: five-year reviews stated as
from…to pairs, tables drawn in plain text, a single month inside a half-year release, and the
leftovers of batch 5 (short cluster-group names, 全国每N辆…是“X造”, estimates made from flash
data, totals over a span, multi-year growth)."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import Figure, extract_figures

PUBLISHED = dt.date(2026, 2, 10)


def read(text: str, published: dt.date = PUBLISHED) -> list[Figure]:
    return extract_figures(text.encode(), published, "440000")


def rows(figures: list[Figure]) -> list[tuple[str, str | None, str, str, str, float, str]]:
    return [(f.indicator, f.cluster, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier) for f in figures]


# 1. Five-year reviews: "X从2020年的a提高到2025年的b".

def test_a_change_from_one_year_to_another_gives_both_levels_with_their_qualifiers() -> None:
    figures = read("全省地区生产总值从2020年的9.8万亿元提高到2025年的12.6万亿元左右，"
                   "年均增长5.1%。")
    assert rows(figures) == [
        ("gdp", None, "level", "2020-01-01", "2020-12-31", 9.8e12, "exact"),
        ("gdp", None, "level", "2025-01-01", "2025-12-31", 12.6e12, "about"),
    ]


def test_a_share_changing_between_years_keeps_its_denominator_for_both_ends() -> None:
    figures = read("高技术制造业增加值占规模以上工业增加值比重由2020年的28.4%提升到2025年的"
                   "30.2%，工业机器人产量占全国比重由2020年的约20%提高到2025年的33%左右。")
    assert rows(figures) == [
        ("high_tech_manufacturing_share", None, "level", "2020-01-01", "2020-12-31", 28.4,
         "exact"),
        ("high_tech_manufacturing_share", None, "level", "2025-01-01", "2025-12-31", 30.2,
         "exact"),
        ("industrial_robot_output", "smart_robots", "share_national_pct", "2020-01-01",
         "2020-12-31", 20.0, "about"),
        ("industrial_robot_output", "smart_robots", "share_national_pct", "2025-01-01",
         "2025-12-31", 33.0, "about"),
    ]


def test_a_bare_change_after_a_dated_one_runs_the_same_years() -> None:
    figures = read("研发经费支出从2020年的2900亿元增长到2025年的约4100亿元，"
                   "研发投入强度由2.9%增至3.3%左右。")
    assert rows(figures) == [
        ("rd_expenditure", None, "level", "2020-01-01", "2020-12-31", 2.9e11, "exact"),
        ("rd_expenditure", None, "level", "2025-01-01", "2025-12-31", 4.1e11, "about"),
        ("rd_intensity", None, "level", "2020-01-01", "2020-12-31", 2.9, "exact"),
        ("rd_intensity", None, "level", "2025-01-01", "2025-12-31", 3.3, "about"),
    ]


def test_a_stock_changing_between_year_ends_is_dated_at_each_end() -> None:
    figures = read("规模以上工业企业从2020年末的4.1万家增加到2025年末的5.2万家。")
    assert rows(figures) == [
        ("industrial_enterprises", None, "level", "2020-12-31", "2020-12-31", 41000.0, "exact"),
        ("industrial_enterprises", None, "level", "2025-12-31", "2025-12-31", 52000.0, "exact"),
    ]


@pytest.mark.parametrize("growth", ["增长近15倍", "增加近一倍", "增长1.8倍"])
def test_growth_after_a_change_from_an_earlier_year_is_not_year_on_year(growth: str) -> None:
    figures = read(f"新能源汽车产量从2020年的9.1万辆跃升至2025年的150万辆，{growth}。")
    assert [f.measure for f in figures] == ["level", "level"]


def test_reaching_a_year_still_opens_a_plan_when_no_level_of_that_year_follows() -> None:
    figures = read("2025年研发投入强度为3.4%，到2030年研发投入强度达到4%左右。")
    assert rows(figures) == [
        ("rd_intensity", None, "level", "2025-01-01", "2025-12-31", 3.4, "exact"),
    ]


# 2. Tables drawn in plain text, with a caption naming the period.

@pytest.mark.parametrize("sep", [" | ", "｜", "\t", "   "])
def test_a_plain_text_table_reads_like_a_table(sep: str) -> None:
    lines = ["主要产品产量（2025年1—9月，全省）", "",
             sep.join(["产品", "产量", "增长"]),
             sep.join(["工业机器人（Industrial Robot）", "20.5万套", "12.5%"]),
             sep.join(["集成电路", "512.3亿块", "-3.1%"]),
             sep.join(["某种零件", "12万件", "5.0%"])]
    figures = read("\n".join(lines) + "\n", dt.date(2025, 10, 20))
    assert rows(figures) == [
        ("industrial_robot_output", "smart_robots", "level", "2025-01-01", "2025-09-30",
         205000.0, "exact"),
        ("industrial_robot_output", "smart_robots", "yoy_pct", "2025-01-01", "2025-09-30",
         12.5, "exact"),
        ("ic_output", "semiconductors_ic", "level", "2025-01-01", "2025-09-30", 5.123e10,
         "exact"),
        ("ic_output", "semiconductors_ic", "yoy_pct", "2025-01-01", "2025-09-30", -3.1, "exact"),
    ]
    assert figures[0].quote.startswith("工业机器人")


def test_a_line_with_a_single_bar_stays_prose() -> None:
    figures = read("■ 机器人｜Robotics\n1—9月全省工业机器人产量增长12.5%。\n",
                   dt.date(2025, 10, 20))
    assert rows(figures) == [
        ("industrial_robot_output", "smart_robots", "yoy_pct", "2025-01-01", "2025-09-30",
         12.5, "exact"),
    ]


# 3. City releases: a single month inside a half year, preliminary figures.

def test_a_single_month_inside_a_half_year_speaks_for_its_sentence_only() -> None:
    figures = read("上半年，全省规模以上工业增加值同比增长4.4%；6月份当月增长5.0%。"
                   "先进制造业增加值占规模以上工业增加值比重为55.2%。", dt.date(2025, 7, 20))
    assert rows(figures) == [
        ("industrial_value_added", None, "yoy_pct", "2025-01-01", "2025-06-30", 4.4, "exact"),
        ("industrial_value_added", None, "yoy_pct", "2025-06-01", "2025-06-30", 5.0, "exact"),
        ("advanced_manufacturing_share", None, "level", "2025-01-01", "2025-06-30", 55.2,
         "exact"),
    ]


def test_preliminary_accounting_marks_figures_p() -> None:
    figures = read("初步核算，上半年全省地区生产总值6.8万亿元。", dt.date(2025, 7, 20))
    assert [(f.indicator, f.status) for f in figures] == [("gdp", "P")]


# 4. Leftovers of batch 5.

def test_cluster_groups_go_by_their_short_names() -> None:
    figures = read("2023年，支柱产业集群营业收入合计18万亿元，新兴产业集群营业收入2.6万亿元。")
    assert rows(figures) == [
        ("pillar_clusters_revenue", None, "level", "2023-01-01", "2023-12-31", 1.8e13, "exact"),
        ("emerging_clusters_revenue", None, "level", "2023-01-01", "2023-12-31", 2.6e12,
         "exact"),
    ]


def test_every_nth_one_made_in_the_province_after_a_dash() -> None:
    figures = read("2023年全省新能源汽车产量250万辆——全国每5辆新能源汽车，就有1辆是“广东造”。")
    assert rows(figures) == [
        ("nev_output", "automobiles", "level", "2023-01-01", "2023-12-31", 2.5e6, "exact"),
        ("nev_output", "automobiles", "share_national_pct", "2023-01-01", "2023-12-31", 20.0,
         "exact"),
    ]


def test_an_estimate_made_from_flash_data_is_an_estimate() -> None:
    figures = read("根据快报数据，预计2025年全省研发经费支出5000亿元。")
    assert [(f.indicator, f.status) for f in figures] == [("rd_expenditure", "E")]


def test_a_total_over_the_span_named_earlier_in_the_sentence() -> None:
    figures = read("“十四五”期间累计完成工业投资1.8万亿元；工业技改投资累计超过5000亿元。")
    assert rows(figures) == [
        ("industrial_investment", None, "level", "2021-01-01", "2025-12-31", 1.8e12, "exact"),
        ("tech_renovation_investment", None, "level", "2021-01-01", "2025-12-31", 5e11, "over"),
    ]


def test_a_year_end_stock_in_a_later_sentence_does_not_date_the_shares_after_it() -> None:
    figures = read("2025年，全省规模以上工业增加值增长3.2%。年末全省规模以上工业企业达7万家。"
                   "高技术制造业增加值占规模以上工业增加值比重为30.5%。")
    assert rows(figures)[1:] == [
        ("industrial_enterprises", None, "level", "2025-12-31", "2025-12-31", 70000.0, "exact"),
        ("high_tech_manufacturing_share", None, "level", "2025-01-01", "2025-12-31", 30.5,
         "exact"),
    ]
