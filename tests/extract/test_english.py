"""English-language releases: read through the same recorder, with exact quotes, as the Chinese
ones. More phrasings are rows of phrases.csv (phenomenon "english")."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.support import read
from tracker.extract import decode, extract_figures
from tracker.extract.english_text import is_english
from tracker.periods import PeriodSpec, english_period, resolve

PUBLISHED = dt.date(2025, 2, 10)


def _rows(text: str, published: dt.date = PUBLISHED, region: str = "440000",
          html: bool = False) -> list[tuple[str, str, str, str, str, float, str, str]]:
    return [(f.indicator, f.region, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier, f.status)
            for f in read(text, published, region, html)]


def test_a_document_of_latin_letters_is_english_and_a_chinese_one_with_latin_words_is_not() -> None:
    assert is_english("Guangdong's GDP grew 4.1 percent year on year in 2024.")
    assert not is_english("2024年，全省GDP增长4.1%，R&D经费支出增长8%，新能源汽车（NEV）产量增长。")


def test_every_quote_is_the_exact_text_at_its_offsets_in_plain_text_and_in_html() -> None:
    text = ("In 2024, Guangdong's GDP reached 14.16 trillion yuan, up 3.5 percent.\n\n"
            "Output of industrial robots rose 31.2 percent to 240,000 sets, "
            "accounting for more than 40 percent of the country's total.")
    for data in (text.encode(), f"<html><body><p>{text}</p></body></html>".encode()):
        figures = extract_figures(data, PUBLISHED, "440000")
        decoded = decode(data).text
        assert len(figures) == 5
        assert all(decoded[f.start:f.end] == f.quote for f in figures)
    assert figures[0].quote == "Guangdong's GDP reached 14.16 trillion yuan"


def test_a_growth_said_after_its_number_and_a_subject_said_after_its_growth() -> None:
    text = ("Last year, GDP in Guangzhou was 3.1 trillion yuan, a 2.1 percent year-on-year "
            "increase, and there was a 12.5 percent boost in smartphone production.")
    assert _rows(text) == [
        ("gdp", "440100", "level", "2024-01-01", "2024-12-31", 3.1e12, "exact", "A"),
        ("gdp", "440100", "yoy_pct", "2024-01-01", "2024-12-31", 2.1, "exact", "A"),
        ("smartphone_output", "440000", "yoy_pct", "2024-01-01", "2024-12-31", 12.5, "exact",
         "A")]


def test_a_conversion_to_dollars_is_no_yuan_figure_and_an_aside_says_nothing() -> None:
    text = ("Guangdong's software business revenue hit about $250 billion "
            "(or some 1.8 trillion yuan) in 2024.")
    assert _rows(text) == []


def test_from_the_clause_that_names_a_plan_the_sentence_is_the_plan() -> None:
    text = ("In 2024 Guangdong's industrial investment rose 6.7 percent, and the province plans "
            "to raise it by 10 percent this year.")
    assert _rows(text) == [("industrial_investment", "440000", "yoy_pct", "2024-01-01",
                            "2024-12-31", 6.7, "exact", "A")]


def test_a_list_keeps_the_place_of_an_item_outside_the_catalog() -> None:
    text = ("In 2024, output of lithium batteries, integrated circuits and 3D printers grew "
            "15 percent, 21 percent and 30 percent, respectively.")
    assert _rows(text) == [("ic_output", "440000", "yoy_pct", "2024-01-01", "2024-12-31", 21.0,
                            "exact", "A")]


def test_a_paragraph_about_an_earlier_year_does_not_date_the_rest_of_the_story() -> None:
    text = ("From January to August, Guangdong's GDP grew 4 percent.\n\n"
            "Last year, the province made 2.9 million new energy vehicles.\n\n"
            "Integrated circuit output in the first eight months climbed 20 percent.")
    published = dt.date(2025, 9, 20)
    assert [r[3:5] for r in _rows(text, published)] == [
        ("2025-01-01", "2025-08-31"), ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-08-31")]


def test_the_city_is_the_city_named_before_and_a_rank_is_only_among_provinces() -> None:
    text = ("Shenzhen remains the engine. In 2024 the city spent 236 billion yuan on R&D, "
            "ranking first in the country.")
    assert _rows(text) == [("rd_expenditure", "440300", "level", "2024-01-01", "2024-12-31",
                            2.36e11, "exact", "A")]


def test_a_sentence_opening_with_this_speaks_of_the_subject_before() -> None:
    text = ("In 2024, Guangdong made 240,000 industrial robots. This accounted for 44 percent of "
            "the national total.")
    figures = read(text, PUBLISHED)
    assert [(f.measure, f.value, f.rule) for f in figures] == [
        ("level", 240000.0, "clause"), ("share_national_pct", 44.0, "carried")]
    assert figures[1].confidence < figures[0].confidence


def test_a_city_release_reads_the_city_as_its_own_region() -> None:
    text = "The city's GDP grew 5.8 percent to 3.68 trillion yuan in 2024."
    assert {r[1] for r in _rows(text, region="440300")} == {"440300"}


@pytest.mark.parametrize(("text", "first", "last", "kind"), [
    ("the first three quarters of 2024", "2024-01-01", "2024-09-30", "ytd"),
    ("January-May", "2024-01-01", "2024-05-31", "ytd"),
    ("Jan.-Nov.", "2024-01-01", "2024-11-30", "ytd"),
    ("the first 11 months of 2023", "2023-01-01", "2023-11-30", "ytd"),
    ("H1 of 2019", "2019-01-01", "2019-06-30", "half"),
    ("the fourth quarter", "2024-10-01", "2024-12-31", "quarter"),
    ("at the end of 2025", "2025-12-31", "2025-12-31", "point"),
    ("last year", "2024-01-01", "2024-12-31", "year"),
    ("the 14th Five-Year Plan period", "2021-01-01", "2025-12-31", "other"),
])
def test_english_periods_resolve_like_the_chinese_ones(text: str, first: str, last: str,
                                                       kind: str) -> None:
    spec = english_period(text)
    assert isinstance(spec, PeriodSpec) and spec.kind == kind
    published = dt.date(2025, 2, 10) if spec.year is None else dt.date(2026, 3, 1)
    assert resolve(spec, published) == (dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def test_a_table_under_its_caption_is_read_cell_by_cell_with_its_locator() -> None:
    page = ("<p>Shenzhen NEV output, 2023-2024</p><table>"
            "<tr><th>Year</th><th>Output (million units)</th><th>YoY growth (%)</th>"
            "<th>Share of national total (%)</th></tr>"
            "<tr><td>2023</td><td>1.78</td><td>52.4</td><td>18.3</td></tr>"
            "<tr><td>2024</td><td>2.81</td><td>57.9</td><td>22.1</td></tr></table>")
    figures = read(page, PUBLISHED, html=True)
    assert [(f.region, f.measure, f.period_end.isoformat(), round(f.value, 4), f.cell)
            for f in figures] == [
        ("440300", "level", "2023-12-31", 1780000.0, "row 2, column 2"),
        ("440300", "yoy_pct", "2023-12-31", 52.4, "row 2, column 3"),
        ("440300", "share_national_pct", "2023-12-31", 18.3, "row 2, column 4"),
        ("440300", "level", "2024-12-31", 2810000.0, "row 3, column 2"),
        ("440300", "yoy_pct", "2024-12-31", 57.9, "row 3, column 3"),
        ("440300", "share_national_pct", "2024-12-31", 22.1, "row 3, column 4")]
    assert {f.rule for f in figures} == {"table"}


def test_a_headline_states_no_figure_of_its_own() -> None:
    text = ("Guangdong's GDP tops 14.6 trillion yuan\n\n"
            "Guangdong's GDP reached 14.62 trillion yuan in 2025.")
    assert [f.value for f in read(text, dt.date(2026, 1, 21))] == [14.62e12]


def test_a_change_of_method_said_after_the_figures_marks_them_as_a_break() -> None:
    text = ("Guangdong's automobile output stood at 3.1 million units in 2025. Statisticians "
            "said the figure is not comparable with earlier years.")
    assert [f.status for f in read(text, dt.date(2026, 1, 21))] == ["B"]


def test_a_share_said_as_n_in_every_m_and_a_first_place_said_as_the_largest() -> None:
    text = ("Guangdong remained the largest provincial economy in China in 2024. It made nearly "
            "four in every five service robots produced in China that year.")
    assert [(f.indicator, f.measure, round(f.value, 4), f.qualifier)
            for f in read(text, PUBLISHED)] == [
        ("gdp", "rank_national", 1.0, "exact"),
        ("service_robot_output", "share_national_pct", 80.0, "nearly")]


def test_an_appositive_between_commas_leaves_the_subject_in_force() -> None:
    text = ("In 2024, value added of major industrial firms, those with annual revenue of at "
            "least 20 million yuan, rose 4.4 percent.")
    assert _rows(text) == [("industrial_value_added", "440000", "yoy_pct", "2024-01-01",
                            "2024-12-31", 4.4, "exact", "A")]


def test_a_bare_count_with_no_verb_of_its_own_is_no_count_of_the_subject() -> None:
    text = ("At the end of 2024, high-tech enterprises in Guangdong numbered 75,000, "
            "and 1,200 of them are listed.")
    assert [(f.indicator, f.value) for f in read(text, PUBLISHED)] == [
        ("high_tech_enterprises", 75000.0)]


def test_a_list_opens_at_its_first_subject_when_the_name_before_it_is_no_item() -> None:
    text = ("In 2024, among major products, the output of new energy vehicles, industrial "
            "robots and 3D printing devices increased by 18.6 percent, 35.2 percent and "
            "40.3 percent, respectively.")
    assert [(f.indicator, f.value, f.rule) for f in read(text, PUBLISHED)] == [
        ("nev_output", 18.6, "list"), ("industrial_robot_output", 35.2, "list")]


def test_a_table_of_periods_as_columns_reads_what_each_row_names() -> None:
    page = ("<p>Shenzhen's economy at a glance</p><table>"
            "<tr><th>Indicator</th><th>2023</th><th>2024</th></tr>"
            "<tr><td>GDP growth (%)</td><td>6.0</td><td>5.8</td></tr>"
            "<tr><td>NEV output (million units)</td><td>1.78</td><td>2.81</td></tr>"
            "<tr><td>Exports (trillion yuan)</td><td>2.45</td><td>2.81</td></tr></table>")
    assert [(f.indicator, f.region, f.measure, f.period_end.isoformat(), round(f.value, 4))
            for f in read(page, PUBLISHED, html=True)] == [
        ("gdp", "440300", "yoy_pct", "2023-12-31", 6.0),
        ("gdp", "440300", "yoy_pct", "2024-12-31", 5.8),
        ("nev_output", "440300", "level", "2023-12-31", 1780000.0),
        ("nev_output", "440300", "level", "2024-12-31", 2810000.0)]


def test_an_english_menu_atop_a_chinese_page_does_not_make_it_english() -> None:
    menu = "Home | News | Business | Data Explorer | Culture | Travel | About us " * 80
    body = "2024年，全省地区生产总值14.16万亿元，同比增长3.5%。" * 300
    assert not is_english(f"<html><body><p>{menu}</p><p>{body}</p></body></html>", html=True)


def test_a_table_of_labels_and_values_under_a_dated_caption() -> None:
    page = ("<p>The 14th Five-Year Plan period (2021-2025) in brief</p><table>"
            "<tr><td>R&amp;D spending, five-year total</td><td>about 2.3 trillion yuan</td></tr>"
            "<tr><td>Exports, five-year total</td><td>28 trillion yuan</td></tr></table>")
    figures = read(page, dt.date(2026, 2, 1), html=True)
    assert [(f.indicator, f.period_start.isoformat(), f.period_end.isoformat(), f.value,
             f.qualifier, f.cell) for f in figures] == [
        ("rd_expenditure", "2021-01-01", "2025-12-31", 2.3e12, "about", "row 1, column 2")]


def test_a_flow_said_after_a_stock_date_is_of_the_year_to_that_date() -> None:
    text = ("By the end of 2025, Guangdong was home to 77,000 high-tech enterprises. Software "
            "business revenue came to 2.6 trillion yuan.")
    assert [(f.indicator, f.period_start.isoformat(), f.period_end.isoformat())
            for f in read(text, dt.date(2026, 1, 28))] == [
        ("high_tech_enterprises", "2025-12-31", "2025-12-31"),
        ("software_revenue", "2025-01-01", "2025-12-31")]
