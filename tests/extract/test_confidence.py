"""Each figure says which rule read it and how sure the engine is (lower where mistakes come
from: far down a list mapped by position, text joined across a broken line, a period or a
subject carried from earlier)."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures
from tracker.extract.confidence import Evidence, confidence

PUBLISHED = dt.date(2025, 2, 10)


def read(text: str) -> list[Figure]:
    return extract_figures(text.encode(), PUBLISHED, "440000")


def by_indicator(figures: list[Figure]) -> dict[str, Figure]:
    return {f.indicator: f for f in figures}


def test_a_plain_clause_is_the_surest() -> None:
    (figure,) = read("2024年，全省工业投资增长9.1%。")
    assert (figure.rule, figure.confidence) == ("clause", 0.95)


def test_values_further_down_a_list_are_less_sure() -> None:
    figures = read("2024年，新能源汽车、工业机器人、服务机器人、集成电路产量分别增长40%、30%、"
                   "20%、10%。")
    assert {f.rule for f in figures} == {"list"}
    confidences = [f.confidence for f in figures]
    assert confidences == sorted(confidences, reverse=True) and confidences[0] > confidences[-1]


def test_text_joined_across_a_broken_line_is_less_sure() -> None:
    clean = by_indicator(read("2024年，全省研发经费支出2810亿元。"))
    broken = by_indicator(read("2024年，全省研发经费支出2810亿 元。"))
    assert broken["rd_expenditure"].confidence < clean["rd_expenditure"].confidence


def test_a_period_carried_from_the_sentence_before_is_less_sure() -> None:
    figures = by_indicator(read("2024年，全省工业投资增长9.1%。汽车产量增长2.5%。"))
    assert figures["car_output"].confidence < figures["industrial_investment"].confidence


def test_rules_for_ranks_shares_and_asides() -> None:
    figures = read("2024年，广东新能源汽车产量占全国一半以上，居全国第一。")
    assert [f.rule for f in figures] == ["share_words", "rank"]
    (aside,) = [f for f in read("2024年1-10月，全省规模以上工业增加值增长3.9%，"
                                "比9月当月(2.8%)提高1.1个百分点。") if f.rule == "aside"]
    assert aside.period_start == dt.date(2024, 9, 1)


def test_confidence_stays_within_zero_and_one() -> None:
    worst = Evidence("carried", position=20, carried_period=True, carried_subject=True,
                     repaired=True)
    assert 0.0 <= confidence(worst) < confidence(Evidence("clause")) <= 1.0
