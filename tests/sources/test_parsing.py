"""Readers of the sources' formats: web pages, period names and codes, table cells."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from replay import sites

from tracker.errors import InputError
from tracker.periods import portal_period, title_period
from tracker.sources.tables import number, period, read_table
from tracker.sources.webpage import decode, post_links, read_post

D = dt.date
PATTERN = r"/content/post_(?P<id>\d+)\.html$"


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
@pytest.mark.parametrize("absolute", [True, False])
def test_list_pages_in_any_charset_with_any_links(charset: str, absolute: bool) -> None:
    posts = list(reversed(sites.POSTS))
    page = sites.list_page(posts, "https://stats.gd.gov.cn", charset, absolute)
    links = post_links(decode(page), "http://stats.gd.gov.cn/tjkx185/index.html", PATTERN)
    assert [link.post_id for link in links] == [p.post_id for p in posts]
    assert [link.text for link in links] == [p.title for p in posts]
    assert [link.date for link in links] == [D.fromisoformat(p.published) for p in posts]
    scheme = "https" if absolute else "http"
    assert links[0].url == f"{scheme}://stats.gd.gov.cn/tjkx185/content/post_4512003.html"


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_a_post_gives_title_date_and_only_the_article_text(charset: str) -> None:
    post = sites.POSTS[1]
    page = read_post(decode(sites.post_page(post, charset)), ("zoom",))
    assert page.title == post.title
    assert page.published == D(2024, 11, 20)
    assert page.text.splitlines() == list(post.paragraphs)
    assert "ICP" not in page.text and "浏览次数" not in page.text


def test_a_declared_charset_header_wins_and_undeclared_gbk_is_recognised() -> None:
    text = "1—10月，全省规模以上工业增加值同比增长4.3%。"
    assert decode(text.encode("gbk"), "text/html; charset=GBK") == text
    assert decode(f"<p>{text}</p>".encode("gb18030")) == f"<p>{text}</p>"
    assert decode(text.encode("utf-8"), "text/html") == text


@pytest.mark.parametrize(("title", "start", "end", "kind"), [
    ("2024年1-10月广东工业生产情况", D(2024, 1, 1), D(2024, 10, 31), "ytd"),
    ("2024年1—2月广东经济运行简况", D(2024, 1, 1), D(2024, 2, 29), "ytd"),
    ("2024年前三季度广东经济运行简况", D(2024, 1, 1), D(2024, 9, 30), "ytd"),
    ("2024年上半年广东经济运行简况", D(2024, 1, 1), D(2024, 6, 30), "half"),
    ("2025年一季度广东经济运行简况", D(2025, 1, 1), D(2025, 3, 31), "quarter"),
    ("2024年10月份广东居民消费价格", D(2024, 10, 1), D(2024, 10, 31), "month"),
    ("2024年广东经济运行简况", D(2024, 1, 1), D(2024, 12, 31), "year"),
])
def test_title_periods(title: str, start: dt.date, end: dt.date, kind: str) -> None:
    found = title_period(title)
    assert found is not None and (found.start, found.end, found.type) == (start, end, kind)


def test_a_title_without_a_year_names_no_period() -> None:
    assert title_period("广东经济运行简况") is None


@pytest.mark.parametrize(("code", "cumulative", "start", "end", "kind"), [
    ("202411MM", False, D(2024, 11, 1), D(2024, 11, 30), "month"),
    ("202411MM", True, D(2024, 1, 1), D(2024, 11, 30), "ytd"),
    ("20243SS", False, D(2024, 7, 1), D(2024, 9, 30), "quarter"),
    ("202403SS", True, D(2024, 1, 1), D(2024, 9, 30), "ytd"),
    ("2023YY", False, D(2023, 1, 1), D(2023, 12, 31), "year"),
])
def test_portal_period_codes(code: str, cumulative: bool, start: dt.date, end: dt.date,
                             kind: str) -> None:
    found = portal_period(code, cumulative)
    assert (found.start, found.end, found.type) == (start, end, kind)


@pytest.mark.parametrize("code", ["202413MM", "20245SS", "2024", "2024-11", "202411QQ"])
def test_impossible_portal_codes_are_refused(code: str) -> None:
    with pytest.raises(ValueError, match="period code"):
        portal_period(code)


@pytest.mark.parametrize("marker", ["", " ", "—", "…", "-", "--", "——"])
def test_missing_markers_are_missing_not_zero(marker: str) -> None:
    assert number(marker, "x") is None


def test_numbers_and_bad_cells() -> None:
    assert number(" 1,234.5 ", "x") == 1234.5
    assert number("0", "x") == 0.0
    with pytest.raises(InputError, match=r"f\.csv row 3.*'约5'"):
        number("约5", "f.csv row 3")


@pytest.mark.parametrize(("cell", "start", "end"), [
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024-11", D(2024, 11, 1), D(2024, 11, 30)),
    ("2024Q3", D(2024, 7, 1), D(2024, 9, 30)),
    ("2024-12-31", D(2024, 12, 31), D(2024, 12, 31)),
    ("2024年1-11月", D(2024, 1, 1), D(2024, 11, 30)),
])
def test_period_cells(cell: str, start: dt.date, end: dt.date) -> None:
    found = period(cell, "x")
    assert (found.start, found.end) == (start, end)


def test_a_csv_in_gb18030_reads_as_text(tmp_path: Path) -> None:
    raw = "期间,地区,值\n2024-11,广州市,—\n2024-10,深圳市,1.5\n".encode("gb18030")
    frame = read_table(tmp_path / "f.csv", raw)
    assert frame.columns == ["期间", "地区", "值"]
    assert frame.row(0) == ("2024-11", "广州市", "—") and frame["值"][1] == "1.5"
    with pytest.raises(InputError, match="CSV, XLSX or Parquet"):
        read_table(tmp_path / "f.txt", raw)
