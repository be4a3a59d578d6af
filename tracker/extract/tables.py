"""Tables: a header row says what each column holds, then one subject a row.

Headers name the row column (产品名称, 指标, 地区, 集群名称), an optional unit column (计量单位),
and value columns: a period ("8月", "1—8月", "1-6月(%)"), a growth with or without its period
("同比增长(%)", "1—8月同比增长(%)"), a measured attribute with its unit ("营业收入(亿元)") or a
plain level ("产量", "本月", "累计"). A growth column without a period is the growth of the level
column before it. Rows name a product (集成电路), a subject in full (规模以上工业增加值(亿元)), a
subject by its name and the header's attribute (高端装备制造 + 营业收入), or a region, when the
caption above the table names the subject (表2 分地区规模以上工业增加值增速). An empty cell
("—", "…", "-") has no figure.

The analysis text keeps a table row on one line with its cells separated by "\\t" (see
normalize.py, which also rebuilds tables flattened one cell a line).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from tracker.extract.clean import WIDTH
from tracker.extract.numbers import ARABIC, VALUE, Value, parse_value
from tracker.lexicon import lexicon
from tracker.periods import PERIOD, PeriodSpec, parse_period
from tracker.trie import trie

_LEX = lexicon()
_PERIOD = re.compile(PERIOD)
_NUMBER = re.compile(ARABIC)
_GROWTH = re.compile(trie(_LEX.words("growth", "tables")))
_GROWTH_NAMED = re.compile(f"(?:{trie(_LEX.words('growth_manner', 'tables'))})*"
                           f"(?:{trie(_LEX.words('growth', 'tables'))})+$")
_UNIT = re.compile(trie(_LEX.words("unit", "tables")))
_LEVEL = re.compile(trie(_LEX.words("level", "tables")))
_CUMULATIVE = re.compile(trie(_LEX.words("cumulative", "tables")))
_MONTH = re.compile(trie(_LEX.words("month", "tables")))
_PRIOR = frozenset(_LEX.words("prior_year", "tables"))
_EMPTY = frozenset(_LEX.words("empty", "tables"))
_REGION_HEADS = frozenset(_LEX.words("regions", "tables"))
_PROVINCE_HEADS = frozenset(_LEX.words("provinces", "tables"))
_RANK_HEADS = frozenset(_LEX.words("rank", "tables"))
_ROW_HEADS = frozenset(_LEX.words("indicator", "tables"))
_PERIOD_HEADS = frozenset(_LEX.words("periods", "tables"))
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}")  # a column named by a place alone, checked later
_BASE = re.compile(trie(_LEX.words("growth_base", "tables")))
_VALUE = re.compile(VALUE)
_POINTS = "百分点"
_IGNORED = "ignored"  # the unit of a column that states no figure (points, ranks among cities)
# An English gloss after a product's name, "新能源汽车(NEV)", names the same product.
_GLOSS = re.compile(r"\s*\([A-Za-z0-9][A-Za-z0-9 .&/+-]*\)$")
# What a header cell or a row's name says in brackets: its unit, "营业收入(亿元)", "8月(%)".
_BRACKETED = re.compile(r"^(?P<body>.*?)\s*\((?P<unit>[^()]+)\)$")
# Indentation and "其中:" before a sub-item's name ("其中:新能源汽车" under 汽车).
_LEAD = re.compile(r"^[\s\"“”#*]*(?:其中[:,]?)?")
_CHINESE = re.compile(r"[\u4e00-\u9fff]+")
# A header cell a page wrapped inside a word ("本月止 累计", "本月比 上年同月 增长(%)").
_WRAPPED = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff(（])")
# A subject's name in a header: Chinese, perhaps with a Latin abbreviation (R&D经费), or an
# abbreviation alone (GDP).
_NAMED = re.compile(r"[A-Za-z&]*[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z&]*|[A-Z][A-Za-z&]+")


@dataclass(frozen=True)
class Cell:
    """One cell's text (analysis text, trimmed) and its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Column:
    """A value column: where it is, its period (None: the table's), whether it holds growth
    rates, and the unit its header gives."""

    index: int
    period: PeriodSpec | None
    growth: bool
    unit: str = ""
    cumulative: bool = False  # 累计: the year to date of the table's month
    month: bool = False  # 本月: the last month of the table's year to date, alone
    prior: bool = False  # 去年同期: the months of the column before, a year earlier
    # What the column measures when its header names it ("R&D经费(亿元)", "投入强度(%)"): in
    # a table of places each column may hold another subject.
    attribute: str = ""
    place: str = ""  # in a table of periods, the place the column is of ("广东 | 全国")


@dataclass(frozen=True)
class Layout:
    """What a table's columns hold, read from its header row."""

    width: int
    columns: tuple[Column, ...]
    unit: int | None  # the unit column
    attribute: str = ""  # what the rows' names are measured by (营业收入), from the header
    regions: bool = False  # the rows name regions; the caption names the subject
    name: int = 0  # the column that names the row
    # A rank column before the names of provinces ("排名 | 省份 | …"): each row's national rank.
    rank: int | None = None
    periods: bool = False  # the rows name periods (月份 | …): see tableperiods.py


def cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of the row text[start:end]."""
    out: list[Cell] = []
    pos = start
    for part in text[start:end].split("\t"):
        lead = _LEAD.match(part)
        skip = lead.end() if lead else 0
        body = part[skip:].strip().rstrip("|").rstrip()  # a cell line's border ("41.06 |")
        body = body[:gloss.start()] if (gloss := _GLOSS.search(body)) else body
        out.append(Cell(body, pos + skip, pos + skip + len(body)))
        pos += len(part) + 1
    return out


def header(row: list[Cell], units: AbstractSet[str]) -> Layout | None:
    """The layout a header row states, or None when the row is no header."""
    if len(row) < 2 or _NUMBER.fullmatch(row[0].text):
        return None
    ranked = len(row) > 2 and row[0].text in _RANK_HEADS and row[1].text in _PROVINCE_HEADS
    # "排名 | 城市 | …": a rank among the cities, before their names: no catalog figure.
    among_cities = len(row) > 2 and row[0].text in _RANK_HEADS and row[1].text in _REGION_HEADS
    name = 1 if ranked or among_cities else 0
    periods = row[name].text in _PERIOD_HEADS
    unit_col = next((i for i, c in enumerate(row) if i > name and _UNIT.search(c.text)), None)
    columns: list[Column] = []
    attribute = ""
    for i, c in enumerate(row):
        if i <= name or i == unit_col:
            continue
        column, attr = _column(i, _WRAPPED.sub("", c.text), units, columns)
        if column is None and periods and _PLACE.fullmatch(c.text):
            column = Column(i, None, False, place=c.text)  # "时间 | 广东 | 全国"
        if column is None:
            return None
        columns.append(column)
        attribute = attribute or attr
    if not columns:
        return None
    # The row column's header may carry a caption the layout joined to it ("表1 …情况地区").
    places = row[name].text.endswith(tuple(_REGION_HEADS | _PROVINCE_HEADS))
    return Layout(len(row), tuple(columns), unit_col, attribute, places, name,
                  0 if ranked else None, periods)


def _column(i: int, text: str, units: AbstractSet[str],
            before: list[Column]) -> tuple[Column | None, str]:
    """One header cell read as a value column (and the attribute it measures), or None."""
    if _POINTS in text or text.endswith(tuple(_RANK_HEADS)):
        # "比上年同期增减百分点": a change; "珠三角排名": a place among some cities: no figure.
        return Column(i, None, False, _IGNORED), ""
    if text in _PRIOR and (level := next((c for c in reversed(before) if not c.growth), None)):
        return replace(level, index=i, prior=True), ""
    unit = ""
    body = _BASE.sub("", text)  # "比上年同期增长": the base of a growth is no period
    if (m := _BRACKETED.match(body)) and (m.group("unit") in units or m.group("unit") == "%"):
        body, unit = m.group("body"), m.group("unit")
    stated = _PERIOD.search(body)
    period = parse_period(stated.group()) if stated else None
    rest = (body[:stated.start()] + body[stated.end():]).strip() if stated else body
    if _GROWTH.search(rest):
        # "本月比上年同月增长(%)", "累计比上年同期增长(%)": the growth of the month alone, or
        # of the year to date.
        said = _MONTH.match(rest)
        month = said is not None and not _CUMULATIVE.match(rest)
        cumulative = bool(_CUMULATIVE.match(rest)) and period is None
        if month and said is not None:
            rest = rest[said.end():]
        # A growth without its own period is that of the level column just before it (of
        # the year to date, if it says 累计: "1-11月累计 | 累计增长%").
        level = next((c for c in reversed(before) if not c.growth), None)
        if period is None and not month and level is not None and (not cumulative or (
                level.cumulative or (level.period is not None and level.period.kind == "ytd"))):
            period, month, cumulative = level.period, level.month, level.cumulative
        # "规上工业增加值增速(%)", "GDP实际增速(%)": in a table of places, the growth of the
        # subject the header names.
        named = _GROWTH_NAMED.sub("", rest).strip()
        return Column(i, period, True, "%", cumulative, month=month,
                      attribute=named if _NAMED.fullmatch(named) else ""), ""
    cumulative = bool(_CUMULATIVE.fullmatch(rest))
    if stated is not None and (not rest or cumulative or _LEVEL.fullmatch(rest)):
        return Column(i, period, unit == "%", unit), ""  # "8月", "1—8月", "1-6月(%)"
    if _MONTH.fullmatch(body):
        return Column(i, None, False, unit, month=True), ""  # "本月", "当月"
    if _LEVEL.fullmatch(body) or cumulative:
        return Column(i, None, False, unit, cumulative), ""  # "产量", "累计"
    if unit and unit != "%" and _CHINESE.fullmatch(body):
        return Column(i, None, False, unit, attribute=body), body  # "营业收入(亿元)"
    if unit and _NAMED.fullmatch(rest):
        # "2025年汽车产量(万辆)", "R&D经费(亿元)", "R&D经费投入强度(%)"
        return Column(i, period, False, unit, attribute=rest), rest if unit != "%" else ""
    return None, ""


def split_header(top: list[Cell], sub: list[Cell]) -> list[Cell] | None:
    """A header in two rows, each cell of the first spanning cells of the second: measures over
    periods ("指标 | 计量单位 | 绝对数 | 同比增长(%)" over "9月 | 1-9月 | 9月 | 1-9月") or
    periods over measures ("产品名称 | 计量单位 | 11月 | 1-11月" over "产量 | 比上年同月增长(%)
    | 累计产量 | 比上年同期增长(%)"), as one row of cells, the period first ("9月绝对数",
    "11月产量"…); None when the rows are not that."""
    if top and top[0].text in _PERIOD_HEADS and len(sub) > len(top) - 1 \
            and all(_PLACE.fullmatch(c.text) for c in sub):
        # "时间 | 同比增长(%)" over "广东 | 全国": the places a table of periods compares, what
        # they measure said by the caption.
        return top[:1] + sub
    if len(top) < 3 or top[0].text not in _ROW_HEADS or not sub:
        return None
    lead = 2 if _UNIT.search(top[1].text) else 1
    spans = top[lead:]
    if len(sub) % len(spans) or len(sub) == len(spans):
        return None
    width = len(sub) // len(spans)
    if all(_PERIOD.fullmatch(c.text) for c in sub):
        return top[:lead] + [Cell(c.text + spans[i // width].text, c.start, c.end)
                             for i, c in enumerate(sub)]
    if all(_PERIOD.fullmatch(c.text) for c in spans):
        return top[:lead] + [Cell(spans[i // width].text + c.text, c.start, c.end)
                             for i, c in enumerate(sub)]
    return None


def growth_of(name: str) -> str | None:
    """What a row named as a growth measures ("规模以上工业增加值增速" -> its subject), or None."""
    rest = _GROWTH_NAMED.sub("", name).strip()
    return rest if rest and rest != name else None


def row_period(name: str) -> tuple[str, PeriodSpec | None]:
    """A row's name without the period it gives in brackets ("…营业收入(1-8月)"), and that
    period: it holds for the row's cumulative cells instead of the column's."""
    m = _BRACKETED.match(name)
    if m and _PERIOD.fullmatch(m.group("unit")):
        return m.group("body"), parse_period(m.group("unit"))
    return name, None


def header_cell(text: str, units: AbstractSet[str]) -> bool:
    """Whether one cell, alone, reads as a header's value or unit column (单位, 1-6月,
    比上年增长(%), 营业收入(亿元)): how a table flattened one cell a line is found."""
    # A unit column's header is the word itself (单位, 计量单位), not a row's name holding it
    # (企业单位数).
    return bool(_UNIT.match(text) or text.endswith("单位")) or text in _PRIOR \
        or _column(1, _WRAPPED.sub("", text).translate(WIDTH), units, [])[0] is not None


def row_name(cell: Cell, units: AbstractSet[str]) -> tuple[str, str]:
    """A row's name and the unit it gives in brackets: "规模以上工业增加值(亿元)"."""
    m = _BRACKETED.match(cell.text)
    if m and m.group("unit") in units:
        return m.group("body"), m.group("unit")
    return cell.text, ""


def cell_value(cell: Cell, column: Column, unit: str, units: AbstractSet[str]) -> Value | None:
    """The value a cell holds under its column, or None (an empty marker, no usable unit)."""
    if column.unit == _IGNORED:
        return None
    text = cell.text.removesuffix("%").removeprefix("+")  # "+16.9%": a rise, signed
    if not text or text in _EMPTY:
        return None
    if column.growth or column.unit == "%":
        return Value(float(text.replace(",", "")), "%", "percent", False) \
            if _NUMBER.fullmatch(text) else None
    if _NUMBER.fullmatch(text):
        stated = column.unit or unit
        if stated == "%":  # a share under a level column, its unit "%" ("…比重 | % | 54.1")
            return Value(float(text.replace(",", "")), "%", "percent", False)
        return Value(float(text.replace(",", "")), stated, "amount", False) \
            if stated in units else None
    if not (column.unit or unit) and _VALUE.fullmatch(text):
        found = parse_value(text)
        return found if found.kind == "amount" else None
    return None
