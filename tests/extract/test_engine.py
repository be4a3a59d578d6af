"""Behaviour of the reader on short texts: each test is one thing real releases do."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures

PUBLISHED = dt.date(2025, 1, 20)


def read(text: str, published: dt.date = PUBLISHED, region: str = "440000") -> list[Figure]:
    return extract_figures(text.encode(), published, region)


def brief(figures: list[Figure]) -> list[tuple[str, str, str, float]]:
    return [(f.indicator, f.region, f.measure, f.value) for f in figures]


def test_lists_map_by_position() -> None:
    figures = read("2024年，工业机器人、集成电路、智能手机产量分别增长31.2%、21%和12.5%。")
    assert brief(figures) == [
        ("industrial_robot_output", "440000", "yoy_pct", 31.2),
        ("ic_output", "440000", "yoy_pct", 21.0),
        ("smartphone_output", "440000", "yoy_pct", 12.5),
    ]


def test_a_list_that_does_not_line_up_yields_nothing() -> None:
    assert read("2024年，工业机器人、集成电路产量分别增长31.2%、21%和12.5%。") == []


def test_two_year_average_is_not_year_on_year() -> None:
    figures = read("2024年，规模以上工业增加值两年平均增长4.9%，同比增长4.2%。")
    assert brief(figures) == [("industrial_value_added", "440000", "yoy_pct", 4.2)]


def test_sub_industry_value_added_is_not_car_output() -> None:
    figures = read("2024年，汽车制造业增加值增长8.6%，汽车制造业营业收入增长5%。")
    assert [(f.indicator, f.cluster, f.measure, f.value) for f in figures] == [
        ("cluster_revenue", "automobiles", "yoy_pct", 5.0),
    ]


def test_company_milestones_and_fairs_are_not_regional_figures() -> None:
    text = ("2024年，某车企第500万辆新能源汽车下线，小鹏汽车全年交付新能源汽车19万辆，"
            "广交会成交额约250亿美元，全年新签约制造业项目3800个。")
    assert read(text) == []


def test_city_subject_moves_the_figure_and_national_is_national() -> None:
    figures = read("去年，广州地区生产总值3.1万亿元，同比增长2.1%；"
                   "全国规模以上工业增加值增长5.8%。")
    assert brief(figures) == [
        ("gdp", "440100", "level", 3.1e12),
        ("gdp", "440100", "yoy_pct", 2.1),
        ("industrial_value_added", "100000", "yoy_pct", 5.8),
    ]


def test_city_release_reads_quanshi_as_itself() -> None:
    figures = read("前三季度，全市规模以上工业增加值增长10.2%，全省增长4.5%。",
                   dt.date(2024, 10, 25), region="440300")
    assert [(f.region, f.value) for f in figures] == [("440300", 10.2), ("440000", 4.5)]


def test_qualifiers_status_and_negative_growth() -> None:
    figures = read("预计2024年全省研发经费支出约5100亿元，研发投入强度3.6%左右。"
                   "2024年，高新技术企业超7.5万家，固定资产投资下降3.1%，"
                   "规模以上工业增加值迈上4万亿元新台阶。")
    assert [(f.indicator, f.value, f.qualifier, f.status) for f in figures] == [
        ("rd_expenditure", 5.1e11, "about", "E"),
        ("rd_intensity", 3.6, "about", "E"),
        ("high_tech_enterprises", 75000, "over", "A"),
        ("fixed_asset_investment", -3.1, "exact", "A"),
        ("industrial_value_added", 4e12, "at_least", "A"),
    ]


def test_shares_ranks_and_fractions() -> None:
    figures = read("去年，新能源汽车产量同比增长43%，约占全国的四分之一，连续两年居全国首位；"
                   "全国每3部手机就有1部广东造。")
    assert [(f.indicator, f.measure, round(f.value, 2), f.qualifier) for f in figures] == [
        ("nev_output", "yoy_pct", 43.0, "exact"),
        ("nev_output", "share_national_pct", 25.0, "about"),
        ("nev_output", "rank_national", 1.0, "exact"),
        ("smartphone_output", "share_national_pct", 33.33, "about"),
    ]


def test_year_at_the_top_carries_and_stocks_are_points() -> None:
    figures = read("2023年，全省经济回升向好。规模以上工业企业超7.1万家。\n"
                   "全省地区生产总值增长4.8%。")
    assert [(f.indicator, f.period_start, f.period_end) for f in figures] == [
        ("industrial_enterprises", dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
        ("gdp", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ]


def test_duplicated_paragraph_gives_one_figure() -> None:
    paragraph = "1—10月，全省工业投资增长7.2%。\n"
    assert len(read(paragraph * 2, dt.date(2024, 11, 20))) == 1


def test_targets_and_future_periods_are_not_figures() -> None:
    text = ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。"
            "到2027年汽车产量达到400万辆。2025年全省研发投入强度3.7%。")
    assert read(text, dt.date(2025, 1, 15)) == []


def test_no_period_no_figure() -> None:
    assert read("全省规模以上工业增加值增长4.2%。") == []
