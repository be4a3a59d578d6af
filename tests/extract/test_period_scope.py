"""How far a period speaks: a single month inside a longer period, look-backs, datelines, 同期."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import clustered, ends, full, measured, placed, read
from tracker.extract.tokens import grammar


def test_a_look_back_to_an_earlier_year_speaks_for_its_sentence_only() -> None:
    figures = read("2025年，全省工业机器人产量增长30%。"
                   "早在2022年，全省工业机器人产量就已达到15万套，居全国第一。"
                   "全省服务机器人产量增长20%。", dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("industrial_robot_output", "440000", "yoy_pct", "2025-12-31", 30.0, "exact"),
        ("industrial_robot_output", "440000", "level", "2022-12-31", 150000, "exact"),
        ("industrial_robot_output", "440000", "rank_national", "2022-12-31", 1.0, "exact"),
        ("service_robot_output", "440000", "yoy_pct", "2025-12-31", 20.0, "exact"),
    ]


def test_the_year_of_a_plan_clause_carries_to_the_sentences_after_it() -> None:
    text = ("2025年，全市工业投资增长11.6%。\n在去年新增规上工业企业512家的基础上，"
            "今年力争新增500家以上。全年工业投资增长10%以上，技改投资增长12%以上。")
    figures = read(text, dt.date(2026, 1, 8), "441300")
    assert full(figures) == [
        ("industrial_investment", "441300", None, "yoy_pct", "2025-01-01", "2025-12-31", 11.6,
         "exact"),
    ]


def test_a_single_month_inside_a_year_to_date_paragraph_speaks_for_its_sentence_only() -> None:
    figures = read("1—9月，全省规模以上工业增加值同比增长4.0%。9月份，规模以上工业增加值"
                   "同比增长3.1%。全国同期规模以上工业增加值增长6.2%。先进制造业增加值占规模以上"
                   "工业增加值比重为55.9%。\n", dt.date(2025, 12, 20))
    assert [(f.region, f.indicator, f.period_start.month, f.period_end.month, f.value)
            for f in figures] == [
        ("440000", "industrial_value_added", 1, 9, 4.0),
        ("440000", "industrial_value_added", 9, 9, 3.1),
        ("100000", "industrial_value_added", 1, 9, 6.2),
        ("440000", "advanced_manufacturing_share", 1, 9, 55.9),
    ]


def test_a_single_month_inside_a_half_year_speaks_for_its_sentence_only() -> None:
    figures = read("上半年，全省规模以上工业增加值同比增长4.4%；6月份当月增长5.0%。"
                   "先进制造业增加值占规模以上工业增加值比重为55.2%。", dt.date(2025, 7, 20))
    assert clustered(figures) == [
        ("industrial_value_added", None, "yoy_pct", "2025-01-01", "2025-06-30", 4.4, "exact"),
        ("industrial_value_added", None, "yoy_pct", "2025-06-01", "2025-06-30", 5.0, "exact"),
        ("advanced_manufacturing_share", None, "level", "2025-01-01", "2025-06-30", 55.2,
         "exact"),
    ]


def test_a_year_end_stock_in_a_later_sentence_does_not_date_the_shares_after_it() -> None:
    figures = read("2025年，全省规模以上工业增加值增长3.2%。年末全省规模以上工业企业达7万家。"
                   "高技术制造业增加值占规模以上工业增加值比重为30.5%。", dt.date(2026, 2, 10))
    assert clustered(figures)[1:] == [
        ("industrial_enterprises", None, "level", "2025-12-31", "2025-12-31", 70000.0, "exact"),
        ("high_tech_manufacturing_share", None, "level", "2025-01-01", "2025-12-31", 30.5,
         "exact"),
    ]


def test_a_zero_padded_calendar_date_is_one_date_token() -> None:
    text = "(2025年03月05日 第A02版)"
    kinds = [(t.kind, t.text) for t in grammar().tokens(text, 0, len(text))]
    assert ("date", "2025年03月05日") in kinds
    assert all(kind != "period" for kind, _ in kinds)


def test_a_padded_dateline_does_not_set_the_year_of_the_story() -> None:
    figures = read("《南方日报》(2025年03月05日 第A02版)\n\n记者走访发现，园区里一片繁忙。\n"
                   "全年全省规模以上工业增加值增长4.4%，工业投资增长6.0%。", dt.date(2025, 3, 5))
    assert measured(figures) == [
        ("industrial_value_added", "yoy_pct", "2024-01-01", "2024-12-31", 4.4, "exact"),
        ("industrial_investment", "yoy_pct", "2024-01-01", "2024-12-31", 6.0, "exact"),
    ]


def test_zero_padded_months_name_the_same_periods_as_plain_ones() -> None:
    published = dt.date(2024, 11, 20)
    assert measured(read("2024年01-09月，全省规模以上工业增加值增长3.1%。", published)) == [
        ("industrial_value_added", "yoy_pct", "2024-01-01", "2024-09-30", 3.1, "exact"),
    ]
    assert measured(read("2024年09月，全省规模以上工业增加值增长2.0%。", published)) == [
        ("industrial_value_added", "yoy_pct", "2024-09-01", "2024-09-30", 2.0, "exact"),
    ]


def test_a_month_in_a_later_sentence_does_not_re_date_the_year() -> None:
    figures = read("产业亮点频现。2025年，全省汽车产量为512.3万辆，增长2.1%。"
                   "某企业11月迎来第300万台设备下线。工业机器人产量25.1万套，增长18.2%。",
                   dt.date(2026, 1, 20))
    assert ("industrial_robot_output", "440000", "level", "2025-01-01", "2025-12-31",
            251000.0, "exact") in placed(figures)
    assert ("industrial_robot_output", "440000", "yoy_pct", "2025-01-01", "2025-12-31",
            18.2, "exact") in placed(figures)


def test_a_month_in_a_clause_dates_only_that_clause() -> None:
    figures = read("2025年，全省规模以上工业增加值增长3.2%，其中11月增长4.0%，"
                   "工业投资增长6.5%。", dt.date(2026, 1, 20))
    assert placed(figures) == [
        ("industrial_value_added", "440000", "yoy_pct", "2025-01-01", "2025-12-31", 3.2,
         "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-11-01", "2025-11-30", 4.0,
         "exact"),
        ("industrial_investment", "440000", "yoy_pct", "2025-01-01", "2025-12-31", 6.5,
         "exact"),
    ]


def test_a_month_opening_its_paragraph_still_dates_it() -> None:
    figures = read("2025年11月份，全省规模以上工业增加值增长4.0%。工业投资增长1.5%。",
                   dt.date(2026, 1, 20))
    assert {(r[3], r[4]) for r in placed(figures)} == {("2025-11-01", "2025-11-30")}


def test_same_period_after_a_semicolon_takes_the_stock_date_before_it() -> None:
    figures = read("2024年，全省工业投资增长5%。行业梯队持续壮大。截至2025年底，广东"
                   "国家级专精特新“小巨人”企业1600家；同期全国累计培育专精特新“小巨人”企业"
                   "1.5万家。", dt.date(2026, 1, 20))
    stocks = [r for r in placed(figures) if r[0] == "little_giants"]
    assert stocks == [
        ("little_giants", "440000", "level", "2025-12-31", "2025-12-31", 1600.0, "exact"),
        ("little_giants", "100000", "level", "2025-12-31", "2025-12-31", 15000.0, "exact"),
    ]


def test_a_sentence_opening_with_same_period_is_back_to_the_paragraph() -> None:
    figures = read("2025年1—9月，全省规模以上工业增加值增长3.6%。其中，9月份增长5.1%。"
                   "同期全国规模以上工业增加值增长6.2%。", dt.date(2025, 10, 24))
    national = [r for r in placed(figures) if r[1] == "100000"]
    assert national == [("industrial_value_added", "100000", "yoy_pct", "2025-01-01",
                         "2025-09-30", 6.2, "exact")]
