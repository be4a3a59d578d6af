"""Changes between years (from…to), spans, totals over a plan, and what is not year-on-year
growth."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.support import clustered, ends, full, read


def test_a_change_over_a_five_year_span_starts_from_the_year_before_it() -> None:
    text = ("2025年是收官之年。\n“十四五”时期是全市转型升级的五年。全市高新技术企业从不足3000家"
            "增加到6100家，"
            "规上工业总产值由1.8万亿元增加到2.4万亿元。五年来，全市地区生产总值比2020年的"
            "1.08万亿元增加3000多亿元，新能源汽车年产量由8万辆跃升至超过50万辆。")
    figures = read(text, dt.date(2026, 1, 20), region="440600")
    assert ends(figures) == [
        ("high_tech_enterprises", "440600", "level", "2020-12-31", 3000, "under"),
        ("high_tech_enterprises", "440600", "level", "2025-12-31", 6100, "exact"),
        ("industrial_output", "440600", "level", "2020-12-31", 1.8e12, "exact"),
        ("industrial_output", "440600", "level", "2025-12-31", 2.4e12, "exact"),
        ("gdp", "440600", "level", "2020-12-31", 1.08e12, "exact"),
        ("nev_output", "440600", "level", "2020-12-31", 80000, "exact"),
        ("nev_output", "440600", "level", "2025-12-31", 500000, "over"),
    ]


def test_a_change_from_an_undated_level_outside_a_span_yields_only_its_end() -> None:
    figures = read("2025年，全市高新技术企业从3000家增加到6100家。",
                   dt.date(2026, 1, 20), region="440600")
    assert ends(figures) == [
        ("high_tech_enterprises", "440600", "level", "2025-12-31", 6100, "exact")]


def test_what_was_newly_added_is_not_the_total() -> None:
    figures = read("2025年，新认定专精特新“小巨人”企业45家，累计达到310家。",
                   dt.date(2026, 1, 20), region="440600")
    assert ends(figures) == [("little_giants", "440600", "level", "2025-12-31", 310, "exact")]


def test_a_change_from_the_previous_year_stated_by_its_number_is_still_year_on_year() -> None:
    figures = read("2025年，全市研发投入比2024年增长9.5%。", dt.date(2026, 1, 8), "441300")
    assert [(f.measure, f.value) for f in figures] == [("yoy_pct", 9.5)]


def test_a_total_over_a_five_year_plan_covers_its_years() -> None:
    figures = read("“十四五”期间累计完成工业投资超5000亿元，年均增长13.7%。",
                   dt.date(2026, 1, 8), "441300")
    assert full(figures) == [
        ("industrial_investment", "441300", None, "level", "2021-01-01", "2025-12-31", 5e11,
         "over"),
    ]


def test_a_change_from_one_year_to_another_gives_both_levels_with_their_qualifiers() -> None:
    figures = read("全省地区生产总值从2020年的9.8万亿元提高到2025年的12.6万亿元左右，"
                   "年均增长5.1%。", dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("gdp", None, "level", "2020-01-01", "2020-12-31", 9.8e12, "exact"),
        ("gdp", None, "level", "2025-01-01", "2025-12-31", 12.6e12, "about"),
    ]


def test_a_share_changing_between_years_keeps_its_denominator_for_both_ends() -> None:
    figures = read("高技术制造业增加值占规模以上工业增加值比重由2020年的28.4%提升到2025年的"
                   "30.2%，工业机器人产量占全国比重由2020年的约20%提高到2025年的33%左右。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
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
                   "研发投入强度由2.9%增至3.3%左右。", dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("rd_expenditure", None, "level", "2020-01-01", "2020-12-31", 2.9e11, "exact"),
        ("rd_expenditure", None, "level", "2025-01-01", "2025-12-31", 4.1e11, "about"),
        ("rd_intensity", None, "level", "2020-01-01", "2020-12-31", 2.9, "exact"),
        ("rd_intensity", None, "level", "2025-01-01", "2025-12-31", 3.3, "about"),
    ]


def test_a_stock_changing_between_year_ends_is_dated_at_each_end() -> None:
    figures = read("规模以上工业企业从2020年末的4.1万家增加到2025年末的5.2万家。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("industrial_enterprises", None, "level", "2020-12-31", "2020-12-31", 41000.0, "exact"),
        ("industrial_enterprises", None, "level", "2025-12-31", "2025-12-31", 52000.0, "exact"),
    ]


@pytest.mark.parametrize("growth", ["增长近15倍", "增加近一倍", "增长1.8倍"])


def test_growth_after_a_change_from_an_earlier_year_is_not_year_on_year(growth: str) -> None:
    figures = read(f"新能源汽车产量从2020年的9.1万辆跃升至2025年的150万辆，{growth}。",
                   dt.date(2026, 2, 10))
    assert [f.measure for f in figures] == ["level", "level"]


def test_a_total_over_the_span_named_earlier_in_the_sentence() -> None:
    figures = read("“十四五”期间累计完成工业投资1.8万亿元；工业技改投资累计超过5000亿元。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("industrial_investment", None, "level", "2021-01-01", "2025-12-31", 1.8e12, "exact"),
        ("tech_renovation_investment", None, "level", "2021-01-01", "2025-12-31", 5e11, "over"),
    ]


def test_from_a_dated_level_to_a_new_one() -> None:
    figures = read("2024年，高新技术企业从2020年的5718家增加到9000家以上，"
                   "专精特新“小巨人”企业累计达到187家。", dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, str(f.period_end), f.value, f.qualifier) for f in figures] == [
        ("high_tech_enterprises", "2020-12-31", 5718, "exact"),
        ("high_tech_enterprises", "2024-12-31", 9000, "over"),
        ("little_giants", "2024-12-31", 187, "exact"),
    ]


def test_the_change_itself_and_an_undated_start_are_not_levels() -> None:
    figures = read("截至2025年底，全省规模以上工业企业达7.6万家，由2020年底的5.5万家增加2.1万家，"
                   "数量继续居全国首位。2025年，研发投入强度从3.3%提高到3.5%。",
                   dt.date(2026, 1, 28))
    assert [(f.measure, str(f.period_end), f.value) for f in figures] == [
        ("level", "2025-12-31", 76000), ("level", "2020-12-31", 55000),
        ("rank_national", "2025-12-31", 1), ("level", "2025-12-31", 3.5),
    ]
