"""Finding a figure in its raw bytes: text offsets, table cells by either row convention, JSON
paths, long texts shown as a window, payloads that are not text."""

from __future__ import annotations

import json

from tracker.serve.document import MAX_CHARS, Segment, show

CSV = "indicator,value_as_published,quote\ngdp,9.73,达9.73万亿元\nrd,2500,超过2500亿元\n".encode()


def marked(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments if s.mark]


def test_a_quote_is_marked_at_its_offsets_of_the_decoded_text() -> None:
    text = "\ufeff标题\r\n2023年广东地区生产总值为13.57万亿元，增长4.8%。"
    start = text.lstrip("\ufeff").index("2023")
    doc = show(text.encode("utf-8"), "text/plain", "chars", [(start, start + 22, "7")], "7")
    assert doc.kind == "text" and doc.encoding == "utf-8"
    assert marked(doc.segments) == ["2023年广东地区生产总值为13.57万亿元"]
    assert "".join(s.text for s in doc.segments) == text.lstrip("\ufeff")
    assert [s.current for s in doc.segments if s.mark] == [True]


def test_gb18030_text_keeps_the_same_offsets() -> None:
    text = "全省规模以上工业增加值增长4.4%。"
    end = text.index("。")
    doc = show(text.encode("gb18030"), "text/plain", None, [(0, end, "1")], "1")
    assert doc.encoding == "gb18030" and marked(doc.segments) == ["全省规模以上工业增加值增长4.4%"]


def test_overlapping_quotes_keep_the_first() -> None:
    doc = show("甲乙丙丁戊".encode(), "text/plain", None, [(0, 3, "1"), (1, 4, "2"), (3, 5, "3")])
    assert marked(doc.segments) == ["甲乙丙", "丁戊"]


def test_a_long_text_is_shown_as_a_window_around_the_quote() -> None:
    text = "啊" * MAX_CHARS + "GDP为14万亿元" + "啊" * 1000
    doc = show(text.encode(), "text/plain", None, [(MAX_CHARS, MAX_CHARS + 9, "1")], "1")
    assert marked(doc.segments) == ["GDP为14万亿元"] and doc.offset > 0
    assert sum(len(s.text) for s in doc.segments) < len(text) and "shown" in doc.note


def test_a_table_row_counts_data_rows_without_a_column() -> None:
    doc = show(CSV, "csv", "figures.csv row 2", [])
    assert doc.kind == "table" and doc.mark_row == 1
    assert doc.mark_column is not None and doc.body[1][doc.mark_column] == "2500"


def test_a_table_row_with_a_column_counts_spreadsheet_rows() -> None:
    doc = show(CSV, "csv", "drop.csv row 2 column quote", [])
    assert doc.mark_row == 0 and doc.mark_column == 2 and doc.body[0][2] == "达9.73万亿元"


def test_a_row_beyond_the_table_says_so() -> None:
    doc = show(CSV, "csv", "figures.csv row 9", [])
    assert doc.mark_row is None and "names no row" in doc.note


def test_a_json_path_marks_its_node() -> None:
    payload = {"success": True, "data": [{"code": "202411MM", "values": ["1.5", {"value": "4.3"}]}]}
    doc = show(json.dumps(payload).encode(), "json", "$.data[0].values[1]", [])
    assert doc.kind == "json"
    assert [json.loads(t) for t in marked(doc.segments)] == [{"value": "4.3"}]
    assert json.loads("".join(s.text for s in doc.segments)) == payload


def test_a_json_path_not_in_the_document_says_so() -> None:
    doc = show(b'{"data": []}', "json", "$.data[3]", [])
    assert marked(doc.segments) == [] and "not in this document" in doc.note


def test_bytes_that_are_not_text_are_not_shown() -> None:
    doc = show(b"PK\x03\x04" + bytes(range(256)) * 4, "xlsx", "sheet row 2", [])
    assert doc.kind == "binary" and "xlsx" in doc.note
    assert show(None, "csv", "row 1", []).kind == "missing"


def test_a_table_without_a_row_locator_is_shown_as_a_table() -> None:
    doc = show(CSV, "csv", None, [])
    assert doc.kind == "table" and doc.mark_row is None and len(doc.body) == 2
