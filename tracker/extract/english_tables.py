"""English tables: a header of columns over rows that open with their period.

    Guangdong industrial robot output, 2022-2024          <- the caption: subject and place
    Year | Output (sets) | YoY growth (%) | Share of national total (%)
    2022 | 161,900       | 20.3           | 36.5

A column is a growth ("growth", "YoY", "change"), a share of the national total ("share of
national total", "% of China"), else the level in the unit its brackets name ("(sets)",
"(billion yuan)"). What a column measures is the subject its header names, else the caption's.
Cells are HTML table cells (a tab in the analysis text) or a pipe table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.confidence import Evidence
from tracker.extract.english_grammar import OWN_CITY, OWN_PROVINCE, EnglishGrammar
from tracker.extract.english_numbers import parse_english_value, value_source
from tracker.extract.english_tokens import tokens
from tracker.extract.english_words import alternation, english_words
from tracker.extract.measures import Cues
from tracker.extract.numbers import Value
from tracker.extract.recorder import Recorder
from tracker.extract.state import Clause, merge
from tracker.periods import PeriodSpec, english_period, english_period_source

_CELL = re.compile(r"[^\t|]+")
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_WORDS = english_words()["tables"]
_GROWTH = re.compile(rf"(?<![a-z])(?:{alternation(_WORDS['growth'])})(?![a-z])", re.I)
_SHARE = re.compile(rf"(?<![a-z])(?:{alternation(_WORDS['share'])})(?![a-z])", re.I)
_UNIT = re.compile(r"\(([^()]*)\)")
_PERIOD = re.compile(english_period_source(), re.I)
_VALUE = re.compile(value_source(), re.I)
_SUBJECT_HEADS = frozenset(_WORDS["subject_heads"])
_PLACE_HEADS = frozenset(_WORDS["place_heads"])
_NOT_MEASURED = re.compile(rf"(?<![a-z])(?:{alternation(_WORDS['not_measured'])})(?![a-z])",
                           re.I)


def is_row(line: str) -> bool:
    """Whether a paragraph of the analysis text is a table row (cells by tab or pipe)."""
    return "\t" in line or (line.strip().startswith("|") and line.count("|") >= 3)


@dataclass(frozen=True)
class Column:
    """What one column of a table states."""

    entry: Entry | None
    measure: str  # level | yoy_pct | share_national_pct
    unit: str  # the unit of a level ("sets", "billion yuan"), "%" else


class TableReader:
    """Reads the English tables of one document into its recorder."""

    def __init__(self, text: str, grammar: EnglishGrammar, recorder: Recorder,
                 catalog: Catalog, own: str) -> None:
        self.text = text
        self.grammar = grammar
        self.recorder = recorder
        self.catalog = catalog
        self.own = own

    def read(self, rows: list[tuple[int, int]], caption: tuple[int, int] | None,
             context: PeriodSpec | None) -> None:
        """Record the figures of one table: `rows` are its lines (the header first) and
        `caption` the heading above it."""
        entry, region = self._caption(caption)
        if region is None:
            return
        header = self._cells(*rows[0])
        labels = [self.text[a:b].strip() for a, b in header]
        if len(header) == 2 and _VALUE.fullmatch(labels[1]) \
                and all(len(self._cells(a, b)) == 2 for a, b in rows):
            self._pairs(rows, caption, entry, region, context)
            return
        if len(labels) >= 2 and all(_PERIOD.fullmatch(label) for label in labels[1:]):
            self._by_period(rows, labels, entry, region, context)
            return
        if labels[0].lower() in _SUBJECT_HEADS and len(labels) >= 2:
            self._by_subject(rows, labels, caption, region, context)
            return
        if labels[0].lower() in _PLACE_HEADS and len(labels) >= 2:
            self._by_place(rows, labels, caption, entry, context)
            return
        columns = [self._column(label, entry) for label in labels[1:]]
        for r, (start, end) in enumerate(rows[1:], start=2):
            cells = self._cells(start, end)
            if not cells:
                continue
            label = self.text[cells[0][0]:cells[0][1]].strip()
            if _PERIOD.fullmatch(label) is None:
                continue
            period = merge(context, english_period(label))
            for c, (column, (a, b)) in enumerate(zip(columns, cells[1:], strict=False), start=2):
                self._cell(column, region, period, (start, b), (a, b), f"row {r}, column {c}")

    def _pairs(self, rows: list[tuple[int, int]], caption: tuple[int, int] | None,
               entry: Entry | None, region: str, context: PeriodSpec | None) -> None:
        """A table of label | value rows under a caption that dates them ("14th Five-Year Plan
        period (2021-2025) at a glance": "Industrial investment, five-year total | over 4.5
        trillion yuan")."""
        period = self._dated(caption, context)
        if period is None:
            return
        for r, (start, end) in enumerate(rows, start=1):
            (a, b), (c, d) = self._cells(start, end)
            column = self._column(self.text[a:b].strip(), entry)
            if column is None or column.entry is None or not _VALUE.fullmatch(self.text[c:d]
                                                                              .strip()):
                continue
            read = parse_english_value(self.text[c:d].strip())
            cues = Cues()
            if column.measure == "yoy_pct":
                cues.add("grow", "")
            self.recorder.record(column.entry, region, read.value, read.qualifier,
                                 Clause(start, cues=cues), "A", period, (start, d),
                                 Evidence("table"), f"row {r}, column 2")

    def _by_period(self, rows: list[tuple[int, int]], labels: list[str], entry: Entry | None,
                   region: str, context: PeriodSpec | None) -> None:
        """A table whose columns are periods (Indicator | 2023 | 2024) and whose rows each
        name what they measure ("NEV output (million units)", "GDP growth (%)")."""
        periods = [merge(context, english_period(label)) for label in labels[1:]]
        for r, (start, end) in enumerate(rows[1:], start=2):
            cells = self._cells(start, end)
            if not cells:
                continue
            column = self._column(self.text[cells[0][0]:cells[0][1]].strip(), entry)
            for c, (period, (a, b)) in enumerate(zip(periods, cells[1:], strict=False), start=2):
                self._cell(column, region, period, (start, b), (a, b), f"row {r}, column {c}")

    def _by_subject(self, rows: list[tuple[int, int]], labels: list[str],
                    caption: tuple[int, int] | None, region: str,
                    context: PeriodSpec | None) -> None:
        """A table whose rows each name a subject and whose columns say what the cells hold,
        the caption dating them ("Guangdong, Jan-Sep 2025" over "Indicator | Value | YoY":
        "Service robots | 11.56 million units | +15.9%")."""
        period = self._dated(caption, context)
        if period is None:
            return
        for r, (start, end) in enumerate(rows[1:], start=2):
            cells = self._cells(start, end)
            if len(cells) != len(labels):
                continue
            row = self._column(_UNIT.sub("", self.text[slice(*cells[0])]).strip(), None)
            if row is None or row.entry is None:
                continue
            for c, (label, (a, b)) in enumerate(zip(labels[1:], cells[1:], strict=True),
                                                start=2):
                column = self._column(label, row.entry)
                text = self.text[a:b].strip()
                if column is None:
                    continue
                if (number := _NUMBER.fullmatch(text.rstrip("%"))) is not None:
                    self._record(column, region, float(number.group().replace(",", "")),
                                 period, (start, b), f"row {r}, column {c}")
                elif column.measure == "level" and _VALUE.fullmatch(text):
                    read = parse_english_value(text)
                    self.recorder.record(row.entry, region, read.value, read.qualifier,
                                         Clause(start), "A", period, (start, b),
                                         Evidence("table"), f"row {r}, column {c}")

    def _by_place(self, rows: list[tuple[int, int]], labels: list[str],
                  caption: tuple[int, int] | None, entry: Entry | None,
                  context: PeriodSpec | None) -> None:
        """A table whose rows each name a place, the caption naming the subject and the
        period ("Industrial value added above designated size, H1 2021" over "City | Value
        added (billion yuan) | YoY change (%)": "Shenzhen | 473.2 | 18.6")."""
        period = self._dated(caption, context)
        if period is None or entry is None:
            return
        columns = [self._place_column(label, entry) for label in labels[1:]]
        for r, (start, end) in enumerate(rows[1:], start=2):
            cells = self._cells(start, end)
            region = self._place(*cells[0]) if len(cells) == len(labels) else None
            if region is None:
                continue
            for c, (column, (a, b)) in enumerate(zip(columns, cells[1:], strict=True), start=2):
                self._cell(column, region, period, (start, b), (a, b), f"row {r}, column {c}")

    def _place_column(self, label: str, entry: Entry) -> Column | None:
        """A column of a table of places: what its header says of the caption's subject
        ("Value added (billion yuan)": its level; "YoY change (%)": its growth)."""
        if _NOT_MEASURED.search(label):
            return None
        column = self._column(label, entry)
        if column is not None and column.entry is not None:
            return column
        # The header's words name the caption's subject in words of its own ("Value added",
        # "Output"): what the column holds is in its growth word or its unit.
        said = [m.group() for m in (pattern.search(label) for pattern in (_GROWTH, _SHARE, _UNIT))
                if m is not None]
        return self._column(" ".join(said), entry) if said else None

    def _place(self, start: int, end: int) -> str | None:
        """The region a row's first cell names ("Shenzhen", "Guangdong (province)")."""
        code = next((t.meaning.code for t in tokens(self.grammar, self.text, start, end)
                     if t.kind == "region" and t.meaning), None)
        if code == OWN_CITY:
            return self.own if self.catalog.regions[self.own].level == "city" else None
        if code == OWN_PROVINCE:
            own = self.catalog.regions[self.own]
            return self.own if own.level == "province" else own.parent
        return code

    def _dated(self, caption: tuple[int, int] | None, context: PeriodSpec | None
               ) -> PeriodSpec | None:
        """The period a table's caption names, else the one in force."""
        dated = _PERIOD.search(self.text, *caption) if caption else None
        return merge(context, english_period(dated.group())) if dated else context

    def _cell(self, column: Column | None, region: str, period: PeriodSpec,
              quote: tuple[int, int], cell: tuple[int, int], where: str) -> None:
        number = _NUMBER.fullmatch(self.text[cell[0]:cell[1]].strip())
        if column is None or column.entry is None or number is None:
            return
        self._record(column, region, float(number.group().replace(",", "").lstrip("+")),
                     period, quote, where)

    def _record(self, column: Column, region: str, number: float, period: PeriodSpec,
                quote: tuple[int, int], cell: str) -> None:
        assert column.entry is not None
        cues = Cues()
        if column.measure == "yoy_pct":
            cues.add("grow", "")
            value = Value(number, "%", "percent", False)
        elif column.measure == "share_national_pct":
            cues.seen.add("share")
            value = Value(number, "%", "percent", False)
        else:
            value = Value(number, column.unit, "percent" if column.unit == "%" else "amount",
                          False)
        self.recorder.record(column.entry, region, value, None, Clause(quote[0], cues=cues),
                             "A", period, quote, Evidence("table"), cell)

    def _cells(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _CELL.finditer(self.text, start, end)
                if m.group().strip()]

    def _caption(self, caption: tuple[int, int] | None) -> tuple[Entry | None, str | None]:
        """The subject and place a table's caption names (the release's own place if none)."""
        if caption is None:
            return None, self.own
        found = tokens(self.grammar, self.text, *caption)
        entry = next((t.meaning.entry for t in found if t.kind == "subject" and t.meaning
                      and t.meaning.entry and t.meaning.entry.indicator), None)
        codes = [t.meaning.code for t in found if t.kind == "region" and t.meaning]
        if not codes:
            return entry, self.own
        code = codes[0]
        if code in (OWN_PROVINCE, OWN_CITY):
            return entry, self.own
        return entry, code

    def _column(self, header: str, caption: Entry | None) -> Column | None:
        found = tokens(self.grammar, header, 0, len(header))
        entry = next((t.meaning.entry for t in found if t.kind == "subject" and t.meaning
                      and t.meaning.entry and t.meaning.entry.indicator), None)
        if entry is None and any(t.kind in ("other", "attribute") for t in found):
            return None  # "Exports (trillion yuan)": a row of something the catalog lacks
        entry = entry or caption
        if _SHARE.search(header):
            return Column(entry, "share_national_pct", "%")
        if _GROWTH.search(header):
            return Column(entry, "yoy_pct", "%")
        unit = _UNIT.search(header)
        if unit is None:
            return Column(entry, "level", "units")
        inner = unit.group(1).strip()
        if inner == "%":
            return Column(entry, "level", "%")
        parsed = parse_english_value(f"1 {inner}").value if inner else None
        if parsed is None or parsed.kind != "amount":
            return None
        return Column(entry, "level", parsed.unit)
