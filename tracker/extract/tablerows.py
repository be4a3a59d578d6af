"""Table rows -> figures: each value cell under the header that says what it holds.

The engine hands every table row (a line with "\\t" between cells) to `TableReader.row`, and
every other paragraph to `TableReader.prose`, which remembers a short one as the caption of a
table that may follow (表2 分地区规模以上工业增加值增速: the subject of a table of places).
Each figure's quote runs from the row's name to its cell, and its cell locator says where the
cell is ("row 3, column 5", counted from the header).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.confidence import Evidence
from tracker.extract.measures import Cues
from tracker.extract.numbers import Value
from tracker.extract.recorder import Recorder
from tracker.extract.state import Clause, merge
from tracker.extract.tableperiods import period_row, period_strip, strip_row
from tracker.extract.tables import (
    Cell,
    Column,
    Layout,
    cell_value,
    cells,
    growth_of,
    header,
    row_name,
    row_period,
    split_header,
)
from tracker.extract.tokens import Grammar
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec
from tracker.trie import trie

_NUMBER = re.compile(r"\d{1,3}")

_CATEGORY_HEADS = frozenset(lexicon().words("categories", "tables"))
# "计量单位:亿元" between a caption and its table: the unit of the table's cells.
_UNIT_LINE = re.compile(rf"\s*(?:{trie(lexicon().words('unit_line', 'tables'))})\s*:\s*"
                        r"(?P<unit>[^\s:]+)\s*")
# "…工业增加值(亿元)": a caption ending with the unit of the table's cells.
_CAPTION_UNIT = re.compile(r".*\((?P<unit>[^()%]+)\)\s*")
# "全省总计": a row naming a place's total.
_PLACE_TOTAL = re.compile(rf"(?P<place>.+?)(?:{trie(lexicon().words('place_total', 'tables'))})")
_CAPTION = 60  # characters: a paragraph this short right before a table may be its caption
_CAPTIONS = 3  # short paragraphs kept: the caption and the lines under it
_SECTION = 16  # characters: a section's name between a table's rows
_DIGIT = re.compile(r"\d")


class TableReader:
    """Reads one document's table rows, header by header."""

    def __init__(self, text: str, own: str, catalog: Catalog, grammar: Grammar,
                 recorder: Recorder) -> None:
        self.text = text
        self.own = own
        self.catalog = catalog
        self.grammar = grammar
        self.recorder = recorder
        self.units = grammar.units
        self.layout: Layout | None = None
        self.rows = 0  # rows read since the header
        # The short paragraphs right before the table, the last last: its caption may stand
        # above a line of furniture ("2025年1-9月规模以上工业增加值" / "发布日期：…").
        self.captions: list[tuple[int, int]] = []
        self.subject: Entry | None = None  # the subject the caption names
        self.top: list[Cell] | None = None  # the row before: a header's first, if it has two
        self.grouped = False  # the table's first column groups its rows (类别)
        self.unit = ""  # the unit a line or the caption gives the table's cells
        self.strip: list[Cell] | None = None  # a row of periods alone, over a row of values
        self.named_in_caption = ""  # the words the caption names its subject with

    def prose(self, start: int, end: int) -> None:
        """A paragraph that is no table row: it ends the table, and may caption the next; a
        short line with no number inside a table ("主要工业产品产量") only heads its next rows."""
        if (m := _UNIT_LINE.fullmatch(self.text, start, end)) and m.group("unit") in self.units:
            self.unit = m.group("unit")  # the caption, above, still names the table
            return
        if not (self.layout is not None and end - start <= _SECTION
                and not _DIGIT.search(self.text, start, end)):
            if self.layout is not None:
                self.captions = []  # the table ended: what stood above it captions no other
            self.layout = None
            self.grouped = False
            self.unit = ""
        self.captions = [*self.captions, (start, end)][-_CAPTIONS:] \
            if end - start <= _CAPTION else []
        if self.captions and (m := _CAPTION_UNIT.fullmatch(self.text, start, end)) \
                and m.group("unit") in self.units:
            self.unit = m.group("unit")

    def row(self, start: int, end: int, period: PeriodSpec | None) -> None:
        """Read one table row: figures under the layout in force, or a new header."""
        row = cells(self.text, start, end)
        if row and row[0].text in _CATEGORY_HEADS and len(row) > 2:
            # "类别 | 产品名称 | 计量单位 | …": a first column grouping the rows (交通运输设备,
            # 智能装备) in cells spanning several rows; what each row states starts after it.
            self.grouped = True
            row = row[1:]
        elif self.grouped and self.layout is not None and len(row) == self.layout.width + 1:
            row = row[1:]  # the row that opens a group carries the group's name first
        strip, self.strip = self.strip, None
        if strip is not None and strip_row(self, strip, row, period):
            return
        if self.layout is None and period_strip(row):
            self.strip, self.subject = row, self._captioned()
            return
        top, self.top = self.top, None
        if top is not None and (joined := split_header(top, row)) is not None \
                and (two := header(joined, self.units)) is not None:
            self.layout, self.rows = two, 0  # the header's second row, of periods
            return
        if self.layout is not None and (
                period_row(self, row, self.layout, period) if self.layout.periods
                else self._data(row, self.layout, period)):
            self.rows += 1
            return
        found = header(row, self.units)
        self.top = row  # a header's first row, perhaps
        if found is not None:
            self.layout, self.rows = found, 0
            self.subject = self._captioned()
        elif self.layout is not None:
            self.rows += 1  # a row of no catalog subject ("3D打印设备"), or furniture (|---|)

    def _data(self, row: list[Cell], layout: Layout, period: PeriodSpec | None) -> bool:
        """Record a data row's figures; False when the row names no subject we read."""
        if len(row) != layout.width:
            return False
        first = row[min(layout.name, layout.rank or 0)]
        name, unit = row_name(row[layout.name], self.units)
        name, own = row_period(name)
        region: str | None = self.own
        if layout.regions:
            entry = self.subject or self._named(layout.attribute, "")
            region = self.grammar.regions.code(name, self.own, self.catalog, None)
        else:
            entry = self._named(name, layout.attribute)
        if entry is None and not layout.regions and self.subject is not None \
                and (place := self._place(name)) is not None:
            # "指标名称 | 本月 | …" over rows of places ("全省总计", "广州市") under a caption
            # naming the subject: the table is of places after all.
            entry, region = self.subject, place
        if entry is None and not layout.regions and self.named_in_caption:
            # "规模以上工业企业主要指标" over "营业收入", "企业单位数": the row's name completes
            # the subject the caption names.
            entry = self._named(_joined(self.named_in_caption, name), "")
        if entry is None and not layout.regions:
            entry = self._share_of(name)
        if entry is None and not layout.regions and (grown := growth_of(name)):
            entry = self._named(grown, layout.attribute)  # "工业投资增速 | % | 1.8": its growth
        columns = [(column, self._column_entry(column, entry, layout))
                   for column in layout.columns]
        if region is None or not any(e is not None and e.indicator for _, e in columns):
            return False
        if layout.unit is not None:
            unit = row[layout.unit].text
        unit = unit or self.unit
        for column, named in columns:
            value = cell_value(row[column.index], column, unit, self.units)
            stated = _period(column, period)
            if own is not None and stated is not None:
                # "…营业收入(1-8月)" in a table of 1-9月: the row's own period, for its
                # cumulative cells; it has no month's.
                stated = None if stated.kind == "month" else merge(period, own)
                stated = stated.year_earlier() if stated and column.prior else stated
            if value is None or stated is None or named is None or named.indicator is None:
                continue
            self.record_cell(named, region, value, stated, first, row[column.index], column)
        entry = columns[0][1]
        if layout.rank is not None and entry is not None \
                and _NUMBER.fullmatch(row[layout.rank].text):
            # "| 2 | 广东 | 348.30 |": the province's rank in the nation, for the period of
            # the first value column.
            stated = _period(layout.columns[0], period)
            rank = Value(float(row[layout.rank].text), "位", "rank", False)
            if stated is not None:
                self.recorder.record(entry, region, rank, None, Clause(first.start), "A", stated,
                                     (first.start, row[layout.name].end), Evidence("table"),
                                     f"row {self.rows + 1}, column {layout.rank + 1}")
        return True

    def _column_entry(self, column: Column, entry: Entry | None, layout: Layout
                      ) -> Entry | None:
        """The subject a column's cells are figures of: in a table of places, the one its
        header names (R&D经费(亿元), 投入强度(%)), none when it names another thing than the
        table's first column does ("名义增量(亿元)" beside "GDP(亿元)"), else the row's."""
        if layout.regions and column.attribute:
            own = self._named(column.attribute, "")
            if own is not None or column.attribute != layout.attribute:
                return own
        return entry

    def _place(self, name: str) -> str | None:
        """The region a row names alone, or its total ("全省总计"), or None."""
        total = _PLACE_TOTAL.fullmatch(name)
        return self.grammar.regions.code(total.group("place") if total else name, self.own,
                                         self.catalog, None) or None

    def _captioned(self) -> Entry | None:
        """The subject the caption names last (表2 分地区规模以上工业增加值增速): the nearest
        short paragraph above the table that names one."""
        self.named_in_caption = ""
        for start, end in reversed(self.captions):
            subjects = [t for t in self.grammar.tokens(self.text, start, end)
                        if t.kind == "subject"]
            if subjects:
                self.named_in_caption = subjects[-1].text
                return self._entry(subjects[-1].text, subjects[-1].group)
        return None

    def _named(self, name: str, attribute: str) -> Entry | None:
        """The catalog subject a row names: a product alone (集成电路), a subject in full
        (规模以上工业增加值), or its name and the column's attribute together naming one
        subject (高端装备制造 + 营业收入)."""
        text = name + attribute
        tokens = self.grammar.tokens(text, 0, len(text))
        named = (self._entry(text, tokens[0].group)
                 if len(tokens) == 1 and tokens[0].kind == "subject" else None)
        if attribute and named is not None:
            return named  # "汽车" under 营业收入(亿元): the cluster's revenue, not car output
        product = next((e for pattern, e in self.grammar.subjects.product_entries
                        if pattern.fullmatch(name)), None)
        return product or named

    def record_cell(self, entry: Entry, region: str, value: Value, stated: PeriodSpec,
                    first: Cell, cell: Cell, column: Column) -> None:
        """Record the figure a cell holds, quoted from the row's first cell to it and located
        by row and column; a percentage of something not itself a percentage is its growth."""
        assert entry.indicator is not None
        ratio = self.catalog.indicators[entry.indicator].unit == "percent"
        grows = value.kind == "percent" and not ratio
        clause = Clause(first.start, cues=Cues(seen={"grow"}) if grows else Cues())
        self.recorder.record(entry, region, value, None, clause, "A", stated,
                             (first.start, cell.end), Evidence("table"),
                             f"row {self.rows + 1}, column {column.index + 1}")

    def named(self, attribute: str) -> Entry | None:
        """The catalog subject a column's header names ("规模以上工业增加值")."""
        return self._named(attribute, "")

    def caption_in_percent(self) -> bool:
        """Whether the caption gives the table's unit as % ("…增长速度(%)")."""
        return bool(self.captions) and "(%)" in self.text[slice(*self.captions[-1])]

    def _share_of(self, name: str) -> Entry | None:
        """A row naming a share by its part and whole ("先进制造业增加值占规上工业比重"): the
        share's subject, as a sentence's 占…比重 names it."""
        tokens = self.grammar.tokens(name, 0, len(name))
        if [t.kind for t in tokens] != ["subject", "denominator"]:
            return None
        part = self._entry(tokens[0].text, tokens[0].group)
        share = part.ratios.get(self.grammar.subjects.denominators[tokens[1].group]) \
            if part is not None else None
        return replace(part, indicator=share, ratios={}) if part and share else None

    def _entry(self, text: str, group_name: str) -> Entry | None:
        group = next(g for g in self.grammar.subjects.groups if g.name == group_name)
        entries = group.resolve(text)
        return entries[0] if len(entries) == 1 else None


def _period(column: Column, period: PeriodSpec | None) -> PeriodSpec | None:
    """A column's period: its own (with the year in force), else the table's; 累计 is the
    year to date of the table's month."""
    if column.prior:
        stated = _period(replace(column, prior=False), period)
        return stated.year_earlier() if stated is not None else None
    if column.period is not None:
        return merge(period, column.period)
    if column.cumulative and period is not None and period.kind == "month":
        return replace(period, first=1, kind="ytd")
    if column.month and period is not None and period.kind == "ytd":
        return replace(period, first=period.last, kind="month")
    return period


def _joined(head: str, name: str) -> str:
    """A caption's subject and a row's name as one name, the words they share said once
    ("规模以上工业企业" + "企业单位数" -> "规模以上工业企业单位数")."""
    for k in range(min(len(head), len(name)), 0, -1):
        if head.endswith(name[:k]):
            return head + name[k:]
    return head + name
