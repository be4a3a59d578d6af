"""Stated periods and their resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.state import merge
from tracker.periods import cell_period, parse_period, resolve, title_period

D = dt.date


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("2024年", D(2025, 1, 15), D(2024, 1, 1), D(2024, 12, 31)),
    ("1-11月", D(2024, 12, 15), D(2024, 1, 1), D(2024, 11, 30)),
    ("1至11月", D(2024, 12, 15), D(2024, 1, 1), D(2024, 11, 30)),
    ("前8个月", D(2024, 9, 25), D(2024, 1, 1), D(2024, 8, 31)),
    ("前八个月", D(2024, 9, 25), D(2024, 1, 1), D(2024, 8, 31)),
    ("一季度", D(2024, 4, 18), D(2024, 1, 1), D(2024, 3, 31)),
    ("三季度", D(2024, 10, 20), D(2024, 7, 1), D(2024, 9, 30)),
    ("上半年", D(2025, 7, 18), D(2025, 1, 1), D(2025, 6, 30)),
    ("前三季度", D(2024, 10, 25), D(2024, 1, 1), D(2024, 9, 30)),
    ("10月份", D(2024, 11, 20), D(2024, 10, 1), D(2024, 10, 31)),
    ("全年", D(2025, 1, 20), D(2024, 1, 1), D(2024, 12, 31)),
    ("全年", D(2024, 12, 20), D(2024, 1, 1), D(2024, 12, 31)),
    ("去年", D(2025, 1, 20), D(2024, 1, 1), D(2024, 12, 31)),
    ("上年", D(2025, 3, 1), D(2024, 1, 1), D(2024, 12, 31)),
    ("过去一年", D(2025, 1, 15), D(2024, 1, 1), D(2024, 12, 31)),
    ("今年前三季度", D(2024, 10, 25), D(2024, 1, 1), D(2024, 9, 30)),
    ("截至2024年底", D(2025, 1, 20), D(2024, 12, 31), D(2024, 12, 31)),
    ("截至11月底", D(2024, 12, 10), D(2024, 11, 30), D(2024, 11, 30)),
    ("2023年末", D(2024, 3, 1), D(2023, 12, 31), D(2023, 12, 31)),
    ("2024年1-10月", D(2024, 11, 20), D(2024, 1, 1), D(2024, 10, 31)),
    ("二〇二二年", D(2023, 1, 13), D(2022, 1, 1), D(2022, 12, 31)),
])
def test_resolve(text: str, published: dt.date, start: dt.date, end: dt.date) -> None:
    assert resolve(parse_period(text), published) == (start, end)


def test_future_period_is_no_figure() -> None:
    assert resolve(parse_period("2025年"), D(2025, 1, 15)) is None
    assert resolve(parse_period("今年"), D(2025, 3, 1)) is None


def test_year_in_force_completes_a_yearless_period() -> None:
    merged = merge(parse_period("2019年"), parse_period("1-10月"))
    assert resolve(merged, D(2024, 11, 20)) == (D(2019, 1, 1), D(2019, 10, 31))
    assert merge(parse_period("2019年"), parse_period("2020年")).year == 2020


# One grammar for the project: a bulletin title, a table cell and a sentence name a period the
# same way, and give the same dates.

@pytest.mark.parametrize(("text", "published"), [
    ("2025年1—10月", D(2025, 11, 20)),
    ("2025年前三季度", D(2025, 10, 24)),
    ("2024年上半年", D(2024, 7, 20)),
    ("2025年一季度", D(2025, 4, 18)),
    ("2024年10月份", D(2024, 11, 15)),
    ("2024年", D(2025, 3, 1)),
])
def test_titles_and_sentences_read_a_period_alike(text: str, published: dt.date) -> None:
    found = title_period(f"{text}广东经济运行简况")
    assert found is not None
    assert (found.start, found.end) == resolve(parse_period(text.replace("—", "-")), published)


def test_a_title_counts_only_a_year_it_names() -> None:
    assert title_period("今年以来广东经济运行简况") is None
    assert title_period("1-10月广东工业生产情况") is None


@pytest.mark.parametrize(("cell", "start", "end", "kind"), [
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("2024-11", D(2024, 11, 1), D(2024, 11, 30), "month"),
    ("2024Q3", D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("2024-11-30", D(2024, 11, 30), D(2024, 11, 30), "stock"),
    ("2024年1-11月", D(2024, 1, 1), D(2024, 11, 30), "ytd"),
    ("截至2024年底", D(2024, 12, 31), D(2024, 12, 31), "stock"),
])
def test_table_cells_name_periods(cell: str, start: dt.date, end: dt.date, kind: str) -> None:
    found = cell_period(cell)
    assert found is not None and (found.start, found.end, found.type) == (start, end, kind)


def test_a_cell_that_is_no_period() -> None:
    assert cell_period("合计") is None
    assert cell_period("2024-13") is None
