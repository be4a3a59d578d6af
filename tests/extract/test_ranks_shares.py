"""Ranks and national shares: fractions, 全国每N…就有M, qualifiers and adverbs around them."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import clustered, ends, measured, read


def test_a_fraction_of_the_national_total_is_a_share() -> None:
    figures = read("2025年，广东新能源汽车产量310万辆，接近全国的五分之一；"
                   "工业机器人产量约占全国四成。"
                   "广东以全国不到2%的土地，创造了全国约九分之一的经济总量。", dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("nev_output", "440000", "level", "2025-12-31", 3.1e6, "exact"),
        ("nev_output", "440000", "share_national_pct", "2025-12-31", 20.0, "nearly"),
        ("industrial_robot_output", "440000", "share_national_pct", "2025-12-31", 40.0, "about"),
        ("gdp", "440000", "share_national_pct", "2025-12-31", 11.1111, "about"),
    ]


def test_a_share_named_before_its_subject_belongs_to_the_place_the_sentence_is_about() -> None:
    figures = read("2025年，珠三角以全省三成的土地，创造了全国约九分之一的经济总量。"
                   "2025年，全国约四分之一的新能源汽车零部件企业集聚在广东。", dt.date(2026, 1, 20))
    assert figures == []


def test_every_nth_product_made_in_a_place_is_that_place_s_share_about() -> None:
    # "每3辆…就有1辆" rounds the share, as the spec's reference figures read it.
    figures = read("2025年，全国每3辆新能源汽车中就有1辆产自广州。\n"
                   "工业机器人：全国每5台就有1台“佛山造”\n\n　　佛山工业机器人产量增长9%。",
                   dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("nev_output", "440100", "share_national_pct", "2025-12-31", 33.3333, "about"),
        ("industrial_robot_output", "440600", "share_national_pct", "2025-12-31", 20.0, "about"),
        ("industrial_robot_output", "440600", "yoy_pct", "2025-12-31", 9.0, "exact"),
    ]


def test_ranks_after_years_running_and_behind_another_province() -> None:
    figures = read("2024年，全省工业机器人产量24.13万套，连续多年居全国首位；集成电路产量"
                   "829.75亿块，仅次于江苏居全国第二。", dt.date(2025, 7, 29))
    assert [(f.indicator, f.region, f.measure, f.value) for f in figures if
            f.measure == "rank_national"] == [
        ("industrial_robot_output", "440000", "rank_national", 1.0),
        ("ic_output", "440000", "rank_national", 2.0),
    ]


def test_every_nth_one_made_in_the_province_after_a_dash() -> None:
    figures = read("2023年全省新能源汽车产量250万辆——全国每5辆新能源汽车，就有1辆是“广东造”。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("nev_output", "automobiles", "level", "2023-01-01", "2023-12-31", 2.5e6, "exact"),
        ("nev_output", "automobiles", "share_national_pct", "2023-01-01", "2023-12-31", 20.0,
         "about"),
    ]


def test_a_qualifier_before_every_qualifies_the_share() -> None:
    figures = read("2024年，全国近每3台工业机器人中有1台产自广东。", dt.date(2025, 3, 5))
    assert measured(figures) == [
        ("industrial_robot_output", "share_national_pct", "2024-01-01", "2024-12-31", 33.33,
         "nearly"),
    ]


def test_a_qualifier_before_the_count_qualifies_the_share() -> None:
    figures = read("2024年，全国每10辆新能源汽车就有超2辆是“广东造”。", dt.date(2025, 3, 5))
    assert measured(figures) == [
        ("nev_output", "share_national_pct", "2024-01-01", "2024-12-31", 20.0, "over"),
    ]


def test_adverbs_of_continuity_before_a_rank_keep_the_rank() -> None:
    figures = read("2024年，全省新能源汽车产量120万辆，依然居全国首位；"
                   "全省集成电路产量增长10%，但产量仍然位居全国第三。", dt.date(2025, 3, 5))
    assert measured(figures) == [
        ("nev_output", "level", "2024-01-01", "2024-12-31", 1.2e6, "exact"),
        ("nev_output", "rank_national", "2024-01-01", "2024-12-31", 1.0, "exact"),
        ("ic_output", "yoy_pct", "2024-01-01", "2024-12-31", 10.0, "exact"),
        ("ic_output", "rank_national", "2024-01-01", "2024-12-31", 3.0, "exact"),
    ]


def test_a_contrast_before_every_keeps_the_share_with_its_quote() -> None:
    text = "2024年，全省手机产量同比下降1.5%，但全国每5部手机就有1部产自广东。"
    figures = read(text, dt.date(2025, 3, 5))
    assert measured(figures)[-1] == ("smartphone_output", "share_national_pct", "2024-01-01",
                                 "2024-12-31", 20.0, "about")
    share = figures[-1]
    assert text[share.start:share.end] == share.quote
    assert share.quote.endswith("全国每5部手机就有1部产自广东")


def test_every_n_with_a_comma_before_the_one() -> None:
    figures = read("去年，全国每4辆新能源汽车中，就有1辆产自广东。", dt.date(2025, 11, 20))
    assert [(f.indicator, f.measure, f.period_end.year, f.value) for f in figures] == [
        ("nev_output", "share_national_pct", 2024, 25.0),
    ]
