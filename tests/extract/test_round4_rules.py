"""Rules found by blind batch 4, each on sentences of its own: cluster lists and tables, stocks
at a date, lists of "subject value" pairs, ranks, counts of places, national figures after
headings, 全社会, multi-year changes and totals, and plans for the coming year."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures

PUBLISHED = dt.date(2025, 7, 29)


def read(text: str, published: dt.date = PUBLISHED, region: str = "440000",
         html: bool = False) -> list[Figure]:
    data = (f"<html><body>{text}</body></html>" if html else text).encode()
    return extract_figures(data, published, region)


def rows(figures: list[Figure]) -> list[tuple[str, str, str | None, str, str, str, float, str]]:
    return [(f.indicator, f.region, f.cluster, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier) for f in figures]


def test_a_list_of_cluster_names_shares_one_suffix_and_one_attribute() -> None:
    figures = read("2024年，高端装备制造、智能机器人、激光与增材制造产业集群分别实现营业收入"
                   "3215.7亿元、1083.2亿元、1247.9亿元，分别增长7.9%、18.5%、9.4%。"
                   "汽车产业集群营业收入同比下降2.3%。")
    assert [(f.cluster, f.measure, f.value) for f in figures] == [
        ("high_end_equipment", "level", 3.2157e11), ("smart_robots", "level", 1.0832e11),
        ("laser_additive", "level", 1.2479e11), ("high_end_equipment", "yoy_pct", 7.9),
        ("smart_robots", "yoy_pct", 18.5), ("laser_additive", "yoy_pct", 9.4),
        ("automobiles", "yoy_pct", -2.3),
    ]
    assert {f.indicator for f in figures} == {"cluster_revenue"}


def test_a_table_of_names_under_a_measured_column_takes_the_caption_period() -> None:
    figures = read("<p>附表 2024年广东部分战略性产业集群营业收入情况</p><table>"
                   "<tr><th>集群名称</th><th>营业收入（亿元）</th><th>同比增长（%）</th></tr>"
                   "<tr><td>高端装备制造</td><td>3215.7</td><td>7.9</td></tr>"
                   "<tr><td>某某产业</td><td>100.0</td><td>1.0</td></tr></table>", html=True)
    assert rows(figures) == [
        ("cluster_revenue", "440000", "high_end_equipment", "level", "2024-01-01",
         "2024-12-31", 3.2157e11, "exact"),
        ("cluster_revenue", "440000", "high_end_equipment", "yoy_pct", "2024-01-01",
         "2024-12-31", 7.9, "exact"),
    ]


def test_stocks_counted_at_a_date_in_a_list_of_pairs() -> None:
    figures = read("截至6月底，全省累计培育国家级专精特新“小巨人”企业1530家、省级专精特新中小企业"
                   "超3万家。")
    assert rows(figures) == [
        ("little_giants", "440000", None, "level", "2025-06-30", "2025-06-30", 1530, "exact"),
        ("specialized_smes", "440000", None, "level", "2025-06-30", "2025-06-30", 30000,
         "over"),
    ]


def test_the_next_item_of_a_list_of_pairs_is_not_poisoned_by_the_previous_number() -> None:
    figures = read("上半年全省工业投资同比增长7.1%，其中工业技改投资增长10.8%、工业设备更新投资"
                   "增长21.4%，分别高于全部投资12.3个、16.0个和26.6个百分点。")
    assert [(f.indicator, f.value) for f in figures] == [
        ("industrial_investment", 7.1), ("tech_renovation_investment", 10.8),
        ("equipment_renewal_investment", 21.4),
    ]


def test_ranks_after_years_running_and_behind_another_province() -> None:
    figures = read("2024年，全省工业机器人产量24.13万套，连续多年居全国首位；集成电路产量"
                   "829.75亿块，仅次于江苏居全国第二。")
    assert [(f.indicator, f.region, f.measure, f.value) for f in figures if
            f.measure == "rank_national"] == [
        ("industrial_robot_output", "440000", "rank_national", 1.0),
        ("ic_output", "440000", "rank_national", 2.0),
    ]


def test_a_count_of_the_places_listed_before_a_shared_subject() -> None:
    figures = read("2025年，深圳、东莞、佛山三市分别生产工业机器人17.52万套、5.86万套和4.13万套。"
                   "深圳、广州两市新能源汽车产量分别为269.85万辆和62.40万辆。",
                   dt.date(2026, 2, 10))
    assert [(f.indicator, f.region, f.value) for f in figures] == [
        ("industrial_robot_output", "440300", 175200), ("industrial_robot_output", "441900", 58600),
        ("industrial_robot_output", "440600", 41300), ("nev_output", "440300", 2698500),
        ("nev_output", "440100", 624000),
    ]


def test_national_figures_after_a_standalone_heading_and_a_place_with_the_same_measure() -> None:
    text = ("集成电路：江苏领跑，广东第二\n\n2025年全国集成电路产量5010.8亿块，增长11.0%。\n\n"
            "从整体看，2025年广东、江苏规模以上工业增加值分别增长3.0%、7.1%，全国为5.9%。")
    figures = read(text, dt.date(2026, 2, 10))
    assert [(f.indicator, f.region, f.measure, f.value) for f in figures] == [
        ("ic_output", "100000", "level", 5.0108e11), ("ic_output", "100000", "yoy_pct", 11.0),
        ("industrial_value_added", "440000", "yoy_pct", 3.0),
        ("industrial_value_added", "100000", "yoy_pct", 5.9),
    ]


def test_a_place_named_only_with_an_amount_does_not_take_the_growth_cue() -> None:
    figures = read("广州、深圳地区生产总值分别增长2.1%、5.8%，东莞迈上1.2万亿元新台阶。",
                   dt.date(2025, 1, 20))
    assert ("gdp", "441900", "yoy_pct") not in {(f.indicator, f.region, f.measure)
                                               for f in figures}


def test_society_wide_rd_in_a_city_report_is_the_city_s() -> None:
    figures = read("一、2025年工作回顾\n五年来，全社会研发投入强度从2.17%提高到2.8%左右，"
                   "研发投入总量比2020年增长52.3%。预计全社会研发投入增长9.5%。",
                   dt.date(2026, 1, 8), "441300")
    assert rows(figures) == [
        ("rd_intensity", "441300", None, "level", "2020-01-01", "2020-12-31", 2.17, "exact"),
        ("rd_intensity", "441300", None, "level", "2025-01-01", "2025-12-31", 2.8, "about"),
        ("rd_expenditure", "441300", None, "yoy_pct", "2025-01-01", "2025-12-31", 9.5, "exact"),
    ]


def test_a_change_from_the_previous_year_stated_by_its_number_is_still_year_on_year() -> None:
    figures = read("2025年，全市研发投入比2024年增长9.5%。", dt.date(2026, 1, 8), "441300")
    assert [(f.measure, f.value) for f in figures] == [("yoy_pct", 9.5)]


def test_a_total_over_a_five_year_plan_covers_its_years() -> None:
    figures = read("“十四五”期间累计完成工业投资超5000亿元，年均增长13.7%。",
                   dt.date(2026, 1, 8), "441300")
    assert rows(figures) == [
        ("industrial_investment", "441300", None, "level", "2021-01-01", "2025-12-31", 5e11,
         "over"),
    ]


def test_the_year_of_a_plan_clause_carries_to_the_sentences_after_it() -> None:
    text = ("2025年，全市工业投资增长11.6%。\n在去年新增规上工业企业512家的基础上，"
            "今年力争新增500家以上。全年工业投资增长10%以上，技改投资增长12%以上。")
    figures = read(text, dt.date(2026, 1, 8), "441300")
    assert rows(figures) == [
        ("industrial_investment", "441300", None, "yoy_pct", "2025-01-01", "2025-12-31", 11.6,
         "exact"),
    ]


def test_year_end_stock_of_specialised_smes_over_a_rounded_count() -> None:
    figures = read("年末全省拥有国家级专精特新“小巨人”企业1530家、省级专精特新中小企业超2.9万家。",
                   dt.date(2025, 3, 28))
    assert rows(figures) == [
        ("little_giants", "440000", None, "level", "2024-12-31", "2024-12-31", 1530, "exact"),
        ("specialized_smes", "440000", None, "level", "2024-12-31", "2024-12-31", 29000,
         "over"),
    ]
