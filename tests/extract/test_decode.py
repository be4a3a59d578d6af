"""Decoding and clean-up: encodings, bad input, and offsets that index the decoded text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import InputError
from tracker.extract import decode, extract_figures
from tracker.extract.normalize import normalize

SENTENCE = "2024年，全省规模以上工业增加值增长4.2%，新能源汽车产量253.18万辆。"
PUBLISHED = dt.date(2025, 1, 20)


def test_utf8_gbk_and_bom_decode_to_the_same_text() -> None:
    for data, encoding in [(SENTENCE.encode(), "utf-8"), (SENTENCE.encode("gbk"), "gb18030"),
                           (b"\xef\xbb\xbf" + SENTENCE.encode(), "utf-8")]:
        decoded = decode(data)
        assert (decoded.text, decoded.encoding, decoded.is_html) == (SENTENCE, encoding, False)


@pytest.mark.parametrize(("data", "got"), [
    (b"", "an empty file"),
    (b"  \n\r\n ", "an empty file"),
    (bytes(range(256)) * 8, "neither"),
    ("正文".encode("utf-16"), "UTF-16"),
    (b"\x00\x01\x02abc" * 200, "binary data"),
])
def test_bad_input_raises_input_error(data: bytes, got: str) -> None:
    with pytest.raises(InputError) as info:
        extract_figures(data, PUBLISHED)
    assert got in info.value.got
    assert info.value.expected and info.value.fix


def test_big5_text_is_refused_not_misread() -> None:
    traditional = ("過去一年，面對外部壓力加大、內部困難增多的複雜嚴峻形勢，全省上下堅持穩中求進，"
                   "初步核算，全省地區生產總值14.16萬億元，同比增長3.5%。")
    with pytest.raises(InputError, match="Big5"):
        decode(traditional.encode("big5"))


def test_html_quote_is_the_exact_markup_span() -> None:
    page = ("<html><head><title>快讯</title></head><body><div>首页 &gt; 统计快讯</div>"
            "<p>&nbsp;&nbsp;上半年，全省规模以上工业增加值<b>2.01万亿元</b>，同比增长4.3%。</p>"
            "</body></html>")
    data = page.encode("gb18030")
    figures = extract_figures(data, dt.date(2025, 7, 18))
    text = decode(data).text
    assert [f.value for f in figures] == [2.01e12, 4.3]
    assert all(text[f.start:f.end] == f.quote for f in figures)
    # The quote runs from the clause's first character to its last, inline markup included.
    assert figures[0].quote == "全省规模以上工业增加值<b>2.01万亿元"


def test_full_width_and_crlf() -> None:
    data = "２０２４年，全省规模以上工业增加值增长４．２％。\r\n\r\n".encode()
    (figure,) = extract_figures(data, PUBLISHED)
    assert (figure.value, figure.period_start) == (4.2, dt.date(2024, 1, 1))
    assert decode(data).text[figure.start:figure.end] == figure.quote


def test_ocr_breaks_join_words_but_headings_stay_apart() -> None:
    clean = normalize(decode("一、工业\n全省规\n\n模以上工业增加值\n  增长4.2%。\n下一段".encode()))
    assert clean.text == "一、工业\n全省规模以上工业增加值增长4.2%。\n下一段"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\n\n", "　", "<span>", "</span>", "&nbsp;"]),
                min_size=len(SENTENCE), max_size=len(SENTENCE)))
def test_quotes_index_the_decoded_text_whatever_the_noise(noise: list[str]) -> None:
    body = "".join(ch + gap for ch, gap in zip(SENTENCE, noise, strict=True))
    for data in (body.replace("<span>", "").replace("</span>", "").replace("&nbsp;", " ")
                 .encode(), f"<html><body><p>{body}</p></body></html>".encode("gb18030")):
        text = decode(data).text
        for f in extract_figures(data, PUBLISHED):
            assert text[f.start:f.end] == f.quote
