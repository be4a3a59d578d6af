"""Rules found by blind batch 7, each on sentences of its own: a newspaper dateline written
with zero-padded numbers (2025年03月05日) is a date, not the year of the story, and padded
months (01-09月) are months all the same; a qualifier in
"全国约每N部…就有1部" qualifies the share; adverbs of continuity and contrast (但, 仍, 依然,
始终) between a subject and its rank change nothing."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures
from tracker.extract.tokens import grammar

PUBLISHED = dt.date(2025, 3, 5)


def read(text: str, published: dt.date = PUBLISHED) -> list[Figure]:
    return extract_figures(text.encode(), published, "440000")


def rows(figures: list[Figure]) -> list[tuple[str, str, str, str, float, str]]:
    return [(f.indicator, f.measure, f.period_start.isoformat(), f.period_end.isoformat(),
             round(f.value, 2), f.qualifier) for f in figures]


# 1. A dateline is a date: 全年 in the story that follows is the last full year.

def test_a_zero_padded_calendar_date_is_one_date_token() -> None:
    text = "(2025年03月05日 第A02版)"
    kinds = [(t.kind, t.text) for t in grammar().tokens(text, 0, len(text))]
    assert ("date", "2025年03月05日") in kinds
    assert all(kind != "period" for kind, _ in kinds)


def test_a_padded_dateline_does_not_set_the_year_of_the_story() -> None:
    figures = read("《南方日报》(2025年03月05日 第A02版)\n\n记者走访发现，园区里一片繁忙。\n"
                   "全年全省规模以上工业增加值增长4.4%，工业投资增长6.0%。")
    assert rows(figures) == [
        ("industrial_value_added", "yoy_pct", "2024-01-01", "2024-12-31", 4.4, "exact"),
        ("industrial_investment", "yoy_pct", "2024-01-01", "2024-12-31", 6.0, "exact"),
    ]


def test_zero_padded_months_name_the_same_periods_as_plain_ones() -> None:
    published = dt.date(2024, 11, 20)
    assert rows(read("2024年01-09月，全省规模以上工业增加值增长3.1%。", published)) == [
        ("industrial_value_added", "yoy_pct", "2024-01-01", "2024-09-30", 3.1, "exact"),
    ]
    assert rows(read("2024年09月，全省规模以上工业增加值增长2.0%。", published)) == [
        ("industrial_value_added", "yoy_pct", "2024-09-01", "2024-09-30", 2.0, "exact"),
    ]


# 2. "全国约每N部X就有1部…": the qualifier before either count qualifies the share.

def test_a_qualifier_before_every_qualifies_the_share() -> None:
    figures = read("2024年，全国近每3台工业机器人中有1台产自广东。")
    assert rows(figures) == [
        ("industrial_robot_output", "share_national_pct", "2024-01-01", "2024-12-31", 33.33,
         "nearly"),
    ]


def test_a_qualifier_before_the_count_qualifies_the_share() -> None:
    figures = read("2024年，全国每10辆新能源汽车就有超2辆是“广东造”。")
    assert rows(figures) == [
        ("nev_output", "share_national_pct", "2024-01-01", "2024-12-31", 20.0, "over"),
    ]


# 3. 但 / 仍 / 依然 / 始终 before a rank or a share leave the figure as it is.

def test_adverbs_of_continuity_before_a_rank_keep_the_rank() -> None:
    figures = read("2024年，全省新能源汽车产量120万辆，依然居全国首位；"
                   "全省集成电路产量增长10%，但产量仍然位居全国第三。")
    assert rows(figures) == [
        ("nev_output", "level", "2024-01-01", "2024-12-31", 1.2e6, "exact"),
        ("nev_output", "rank_national", "2024-01-01", "2024-12-31", 1.0, "exact"),
        ("ic_output", "yoy_pct", "2024-01-01", "2024-12-31", 10.0, "exact"),
        ("ic_output", "rank_national", "2024-01-01", "2024-12-31", 3.0, "exact"),
    ]


def test_a_contrast_before_every_keeps_the_share_with_its_quote() -> None:
    text = "2024年，全省手机产量同比下降1.5%，但全国每5部手机就有1部产自广东。"
    figures = read(text)
    assert rows(figures)[-1] == ("smartphone_output", "share_national_pct", "2024-01-01",
                                 "2024-12-31", 20.0, "exact")
    share = figures[-1]
    assert text[share.start:share.end] == share.quote
    assert share.quote.endswith("全国每5部手机就有1部产自广东")
