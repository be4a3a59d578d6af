"""Rules found by blind batch 3, each on sentences of its own: plans named as yardsticks, period
lists, the scope of industry totals, lists with unknown items, headings without a stop, shares
of the national total, 均, changes over a multi-year span, increments and looks back."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, decode, extract_figures

PUBLISHED = dt.date(2026, 1, 20)


def read(text: str, published: dt.date = PUBLISHED, region: str = "440000") -> list[Figure]:
    return extract_figures(text.encode(), published, region)


def rows(figures: list[Figure]) -> list[tuple[str, str, str, str, float, str]]:
    return [(f.indicator, f.region, f.measure, f.period_end.isoformat(), round(f.value, 4),
             f.qualifier) for f in figures]


def test_a_plan_named_as_a_yardstick_does_not_end_the_outcomes() -> None:
    figures = read("2025年，全市工业投资完成年度计划的96%，高于年度计划进度4个百分点；全市固定资产"
                   "投资下降2.1%，其中工业投资增长7.4%、占固定资产投资比重为31.2%，技改投资下降1.5%。"
                   "全年工业投资增长7.4%，力争今年增长10%。", region="440600")
    assert rows(figures) == [
        ("fixed_asset_investment", "440600", "yoy_pct", "2025-12-31", -2.1, "exact"),
        ("industrial_investment", "440600", "yoy_pct", "2025-12-31", 7.4, "exact"),
        ("industrial_investment_share_fai", "440600", "level", "2025-12-31", 31.2, "exact"),
        ("tech_renovation_investment", "440600", "yoy_pct", "2025-12-31", -1.5, "exact"),
    ]


def test_a_list_of_periods_gives_each_value_its_own_and_sets_none_in_force() -> None:
    text = ("前三季度，全市地区生产总值增长5.0%。上半年、一季度全市规模以上工业增加值分别增长4.2%、"
            "3.8%。同期全省规模以上工业增加值增长3.9%。")
    figures = read(text, dt.date(2025, 10, 28), "440300")
    assert rows(figures) == [
        ("gdp", "440300", "yoy_pct", "2025-09-30", 5.0, "exact"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-06-30", 4.2, "exact"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-03-31", 3.8, "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-09-30", 3.9, "exact"),
    ]


def test_a_list_of_periods_that_does_not_line_up_with_the_values_yields_nothing() -> None:
    figures = read("前三季度，一季度、上半年全市规模以上工业增加值增长4.2%。",
                   dt.date(2025, 10, 28), "440300")
    assert figures == []


def test_the_scope_of_industrial_statistics_before_an_industry_total() -> None:
    figures = read("2025年，全省规上工业总产值18.2万亿元，增长2.6%。", PUBLISHED)
    assert rows(figures) == [
        ("industrial_output", "440000", "level", "2025-12-31", 1.82e13, "exact"),
        ("industrial_output", "440000", "yoy_pct", "2025-12-31", 2.6, "exact"),
    ]


def test_unknown_items_of_a_list_keep_their_places() -> None:
    figures = read("2025年，锂离子电池、光伏电池、工业机器人产量分别增长12.1%、8.3%、25.0%；"
                   "太阳能电池、服务机器人产量增长20%。")
    assert rows(figures) == [
        ("industrial_robot_output", "440000", "yoy_pct", "2025-12-31", 25.0, "exact"),
    ]


def test_a_line_before_a_blank_line_and_an_indent_is_a_heading() -> None:
    text = ("产业观察\n机器人：整机、零部件“齐发力”\n\n"
            "　　2025年全国工业机器人产量70万套，增长25%。全省规模以上工业增\n\n加值增长3.1%。")
    figures = read(text)
    assert rows(figures) == [
        ("industrial_robot_output", "100000", "level", "2025-12-31", 700000, "exact"),
        ("industrial_robot_output", "100000", "yoy_pct", "2025-12-31", 25.0, "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-12-31", 3.1, "exact"),
    ]
    decoded = decode(text.encode()).text
    assert all(decoded[f.start:f.end] == f.quote for f in figures)
    assert figures[0].quote == "2025年全国工业机器人产量70万套"


def test_a_fraction_of_the_national_total_is_a_share() -> None:
    figures = read("2025年，广东新能源汽车产量310万辆，接近全国的五分之一；"
                   "工业机器人产量约占全国四成。"
                   "广东以全国不到2%的土地，创造了全国约九分之一的经济总量。")
    assert rows(figures) == [
        ("nev_output", "440000", "level", "2025-12-31", 3.1e6, "exact"),
        ("nev_output", "440000", "share_national_pct", "2025-12-31", 20.0, "nearly"),
        ("industrial_robot_output", "440000", "share_national_pct", "2025-12-31", 40.0, "about"),
        ("gdp", "440000", "share_national_pct", "2025-12-31", 11.1111, "about"),
    ]


def test_a_share_named_before_its_subject_belongs_to_the_place_the_sentence_is_about() -> None:
    figures = read("2025年，珠三角以全省三成的土地，创造了全国约九分之一的经济总量。"
                   "2025年，全国约四分之一的新能源汽车零部件企业集聚在广东。")
    assert figures == []


def test_every_nth_product_made_in_a_place_is_that_place_s_share() -> None:
    figures = read("2025年，全国每3辆新能源汽车中就有1辆产自广州。\n"
                   "工业机器人：全国每5台就有1台“佛山造”\n\n　　佛山工业机器人产量增长9%。")
    assert rows(figures) == [
        ("nev_output", "440100", "share_national_pct", "2025-12-31", 33.3333, "exact"),
        ("industrial_robot_output", "440600", "share_national_pct", "2025-12-31", 20.0, "exact"),
        ("industrial_robot_output", "440600", "yoy_pct", "2025-12-31", 9.0, "exact"),
    ]


def test_one_value_said_of_each_item_of_a_list() -> None:
    figures = read("2025年，广州、深圳规模以上工业增加值均增长4%以上，汕头、湛江地区生产总值分别"
                   "增长4.1%、3.6%。")
    assert rows(figures) == [
        ("industrial_value_added", "440100", "yoy_pct", "2025-12-31", 4.0, "over"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-12-31", 4.0, "over"),
        ("gdp", "440500", "yoy_pct", "2025-12-31", 4.1, "exact"),
        ("gdp", "440800", "yoy_pct", "2025-12-31", 3.6, "exact"),
    ]


def test_a_change_over_a_five_year_span_starts_from_the_year_before_it() -> None:
    text = ("2025年是收官之年。\n“十四五”时期是全市转型升级的五年。全市高新技术企业从不足3000家"
            "增加到6100家，"
            "规上工业总产值由1.8万亿元增加到2.4万亿元。五年来，全市地区生产总值比2020年的"
            "1.08万亿元增加3000多亿元，新能源汽车年产量由8万辆跃升至超过50万辆。")
    figures = read(text, region="440600")
    assert rows(figures) == [
        ("high_tech_enterprises", "440600", "level", "2020-12-31", 3000, "under"),
        ("high_tech_enterprises", "440600", "level", "2025-12-31", 6100, "exact"),
        ("industrial_output", "440600", "level", "2020-12-31", 1.8e12, "exact"),
        ("industrial_output", "440600", "level", "2025-12-31", 2.4e12, "exact"),
        ("gdp", "440600", "level", "2020-12-31", 1.08e12, "exact"),
        ("nev_output", "440600", "level", "2020-12-31", 80000, "exact"),
        ("nev_output", "440600", "level", "2025-12-31", 500000, "over"),
    ]


def test_a_change_from_an_undated_level_outside_a_span_yields_only_its_end() -> None:
    figures = read("2025年，全市高新技术企业从3000家增加到6100家。", region="440600")
    assert rows(figures) == [
        ("high_tech_enterprises", "440600", "level", "2025-12-31", 6100, "exact")]


def test_what_was_newly_added_is_not_the_total() -> None:
    figures = read("2025年，新认定专精特新“小巨人”企业45家，累计达到310家。", region="440600")
    assert rows(figures) == [("little_giants", "440600", "level", "2025-12-31", 310, "exact")]


def test_a_look_back_to_an_earlier_year_speaks_for_its_sentence_only() -> None:
    figures = read("2025年，全省工业机器人产量增长30%。"
                   "早在2022年，全省工业机器人产量就已达到15万套，居全国第一。"
                   "全省服务机器人产量增长20%。")
    assert rows(figures) == [
        ("industrial_robot_output", "440000", "yoy_pct", "2025-12-31", 30.0, "exact"),
        ("industrial_robot_output", "440000", "level", "2022-12-31", 150000, "exact"),
        ("industrial_robot_output", "440000", "rank_national", "2022-12-31", 1.0, "exact"),
        ("service_robot_output", "440000", "yoy_pct", "2025-12-31", 20.0, "exact"),
    ]
