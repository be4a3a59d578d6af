"""Lists mapped by position: subjects, unknown items holding their places, periods, 均 for every
item, list lines labelled by a cluster's name."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import clustered, ends, full, read


def test_a_list_of_periods_gives_each_value_its_own_and_sets_none_in_force() -> None:
    text = ("前三季度，全市地区生产总值增长5.0%。上半年、一季度全市规模以上工业增加值分别增长4.2%、"
            "3.8%。同期全省规模以上工业增加值增长3.9%。")
    figures = read(text, dt.date(2025, 10, 28), "440300")
    assert ends(figures) == [
        ("gdp", "440300", "yoy_pct", "2025-09-30", 5.0, "exact"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-06-30", 4.2, "exact"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-03-31", 3.8, "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-09-30", 3.9, "exact"),
    ]


def test_a_list_of_periods_that_does_not_line_up_with_the_values_yields_nothing() -> None:
    figures = read("前三季度，一季度、上半年全市规模以上工业增加值增长4.2%。",
                   dt.date(2025, 10, 28), "440300")
    assert figures == []


def test_unknown_items_of_a_list_keep_their_places() -> None:
    figures = read("2025年，锂离子电池、光伏电池、工业机器人产量分别增长12.1%、8.3%、25.0%；"
                   "太阳能电池、服务机器人产量增长20%。", dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("industrial_robot_output", "440000", "yoy_pct", "2025-12-31", 25.0, "exact"),
    ]


def test_one_value_said_of_each_item_of_a_list() -> None:
    figures = read("2025年，广州、深圳规模以上工业增加值均增长4%以上，汕头、湛江地区生产总值分别"
                   "增长4.1%、3.6%。", dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("industrial_value_added", "440100", "yoy_pct", "2025-12-31", 4.0, "over"),
        ("industrial_value_added", "440300", "yoy_pct", "2025-12-31", 4.0, "over"),
        ("gdp", "440500", "yoy_pct", "2025-12-31", 4.1, "exact"),
        ("gdp", "440800", "yoy_pct", "2025-12-31", 3.6, "exact"),
    ]


def test_a_list_of_cluster_names_shares_one_suffix_and_one_attribute() -> None:
    figures = read("2024年，高端装备制造、智能机器人、激光与增材制造产业集群分别实现营业收入"
                   "3215.7亿元、1083.2亿元、1247.9亿元，分别增长7.9%、18.5%、9.4%。"
                   "汽车产业集群营业收入同比下降2.3%。", dt.date(2025, 7, 29))
    assert [(f.cluster, f.measure, f.value) for f in figures] == [
        ("high_end_equipment", "level", 3.2157e11), ("smart_robots", "level", 1.0832e11),
        ("laser_additive", "level", 1.2479e11), ("high_end_equipment", "yoy_pct", 7.9),
        ("smart_robots", "yoy_pct", 18.5), ("laser_additive", "yoy_pct", 9.4),
        ("automobiles", "yoy_pct", -2.3),
    ]
    assert {f.indicator for f in figures} == {"cluster_revenue"}


def test_stocks_counted_at_a_date_in_a_list_of_pairs() -> None:
    figures = read("截至6月底，全省累计培育国家级专精特新“小巨人”企业1530家、省级专精特新中小企业"
                   "超3万家。", dt.date(2025, 7, 29))
    assert full(figures) == [
        ("little_giants", "440000", None, "level", "2025-06-30", "2025-06-30", 1530, "exact"),
        ("specialized_smes", "440000", None, "level", "2025-06-30", "2025-06-30", 30000,
         "over"),
    ]


def test_the_next_item_of_a_list_of_pairs_is_not_poisoned_by_the_previous_number() -> None:
    figures = read("上半年全省工业投资同比增长7.1%，其中工业技改投资增长10.8%、工业设备更新投资"
                   "增长21.4%，分别高于全部投资12.3个、16.0个和26.6个百分点。",
                   dt.date(2025, 7, 29))
    assert [(f.indicator, f.value) for f in figures] == [
        ("industrial_investment", 7.1), ("tech_renovation_investment", 10.8),
        ("equipment_renewal_investment", 21.4),
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


def test_a_line_opening_with_a_cluster_name_states_its_revenue() -> None:
    figures = read("2023年各集群营业收入如下：\n"
                   "▶ 智能家电：营业收入1.71万亿元\n"
                   "2. 半导体与集成电路：约2350亿元，增长15%\n"
                   "· 精密仪器设备 近900亿元\n"
                   "8. 汽车：2023年营收超9800亿元。\n", dt.date(2025, 12, 20))
    assert clustered(figures) == [
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
    figures = read("2023年，新能源汽车产量250万辆。汽车产量300万辆。", dt.date(2025, 12, 20))
    assert {f.indicator for f in figures} == {"nev_output", "car_output"}


def test_a_bulleted_share_of_gdp_titled_by_a_colon() -> None:
    figures = read("几个比重：\n· 制造业增加值占GDP比重：2023年为33.1%。\n"
                   "· 战略性新兴产业增加值占GDP比重：2023年约为23.5%。\n", dt.date(2025, 12, 20))
    assert clustered(figures) == [
        ("manufacturing_va_share", None, "level", "2023-01-01", "2023-12-31", 33.1, "exact"),
        ("strategic_emerging_industries_va_share", None, "level", "2023-01-01", "2023-12-31",
         23.5, "about"),
    ]


def test_cluster_groups_go_by_their_short_names() -> None:
    figures = read("2023年，支柱产业集群营业收入合计18万亿元，新兴产业集群营业收入2.6万亿元。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("pillar_clusters_revenue", None, "level", "2023-01-01", "2023-12-31", 1.8e13, "exact"),
        ("emerging_clusters_revenue", None, "level", "2023-01-01", "2023-12-31", 2.6e12,
         "exact"),
    ]


def test_a_list_of_clusters_counted_before_its_suffix_gives_each_cluster_the_value() -> None:
    figures = read("2024年，智能家电、现代轻工纺织、绿色石化3个集群营业收入均超过1万亿元。",
                   dt.date(2025, 2, 20))
    assert [(f.cluster, f.value, f.qualifier) for f in figures] == [
        ("smart_home_appliances", 1e12, "over"), ("modern_light_textiles", 1e12, "over"),
        ("green_petrochemicals", 1e12, "over")]
