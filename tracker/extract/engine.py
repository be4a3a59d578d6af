"""The reading loop: paragraphs -> sentences -> tokens -> figures.

A number becomes a figure only when a catalog subject owns it: the subject named in its clause
(or earlier in the sentence, or the paragraph's previous sentence) with nothing unknown in
between, and no unknown words before the subject in its clause (which would make it someone
else's: a company's deliveries, a sub-industry's value added). Periods resolve against the
sentence, then the paragraph's opening period, then the document's running period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.figures import Figure
from tracker.extract.lists import each_takes, pair_up
from tracker.extract.measures import Cues, decide, signed
from tracker.extract.normalize import Clean
from tracker.extract.numbers import Value, number, parse_value
from tracker.extract.periods import PeriodSpec, parse_period, resolve, span
from tracker.extract.regions import NATION
from tracker.extract.shapes import listed_after, named_after, national_share, unnamed_items
from tracker.extract.tables import Layout, cells, header, product_row
from tracker.extract.tokens import POST_QUALIFIERS, PRE_QUALIFIERS, Grammar, Token, cue_kind

# A sentence runs to 。; its parts between semicolons are read one by one, but 预计 and a
# region named in one part (全国…；工业机器人产量…) speak for the whole sentence.
_SENTENCE = re.compile(r"[^。!?\n\t]+")
_PART = re.compile(r"[^;]+")
_WORTH_READING = re.compile(
    r"[0-9一二两三四五六七八九十]|全年|去年|今年|上年|半年|年末|年底|首位|榜首")
_FOOTNOTE = re.compile(r"\s*(?:附注|注释|注:)")
_VALUE_KINDS = ("value", "rank", "every")
# Tokens that only need to be known (so they are not unknown text): nothing to do for them.
_INERT = frozenset(("glue", "sep", "neutral", "aside", "heading", "date", "compare", "status",
                    "target"))


@dataclass
class _Subject:
    entries: list[Entry | None]  # None: a name the catalog does not know, holding its place
    regions: list[str | None]
    sentence: int  # start of the sentence it was named in
    clause: int  # start of its clause
    poisoned: bool  # unknown words before it in its clause: not a regional figure


@dataclass
class _Clause:
    start: int
    dirty: bool = False  # unknown words since the subject (or clause start)
    left_dirty: bool = False  # unknown words or numbers since the clause start
    regions: list[str | None] = field(default_factory=list)
    cues: Cues = field(default_factory=Cues)
    qualifier: str | None = None
    ordinal: bool = False
    each: bool = False  # 均: one value for every subject
    resume: tuple[PeriodSpec | None] | None = None  # the period to restore after 由…的 X



@dataclass
class _Sentence:
    start: int
    end: int
    status: str
    period: PeriodSpec | None
    leading: bool = True
    region: str | None = None  # a single region named for a subject: later subjects keep it
    named: list[str | None] = field(default_factory=list)  # every region named so far
    # The periods of a list (一季度、上半年…分别…): one for each value, none in force.
    periods: list[PeriodSpec | None] = field(default_factory=list)
    spanned: bool = False  # a multi-year span is named: only a change's end has a period


def merge(context: PeriodSpec | None, stated: PeriodSpec) -> PeriodSpec:
    """A stated period completed with the year of the period in force (1-10月 after 2024年)."""
    if stated.has_year or context is None or not context.has_year:
        return stated
    return stated.with_year(context.year, context.offset)


class Reader:
    """Reads one document's analysis text into figures."""

    def __init__(self, clean: Clean, published: dt.date, region: str, catalog: Catalog,
                 grammar: Grammar) -> None:
        self.clean = clean
        self.text = clean.text
        self.published = published
        self.own = region
        self.catalog = catalog
        self.grammar = grammar
        self.figures: list[Figure] = []
        self.seen: set[tuple[object, ...]] = set()
        self.city: str | None = None
        # The years of the multi-year span last named in the paragraph (“十四五”: 2020, 2025):
        # a change with no dates runs from the first to the second.
        self.span: tuple[PeriodSpec, PeriodSpec] | None = None

    def read(self) -> list[Figure]:
        """All figures, each once, in document order."""
        doc_period: PeriodSpec | None = None
        layout: Layout | None = None
        pos = 0
        for para in self.text.split("\n"):
            start, pos = pos, pos + len(para) + 1
            if _FOOTNOTE.match(para):
                break
            para_period = doc_period
            is_row = "\t" in para
            layout = self._table_row(start, pos - 1, layout, doc_period) if is_row else None
            carry: _Subject | None = None
            self.span = None
            index = 0
            for whole in _SENTENCE.finditer(self.text, start, start + len(para)):
                status = self.grammar.status(whole.group())
                region: str | None = None
                planned = False  # a target named: the rest of the sentence is the plan
                for m in _PART.finditer(self.text, whole.start(), whole.end()):
                    index += 1
                    if planned or not _WORTH_READING.search(m.group()):
                        continue
                    end = self._before_target(m.start(), m.end())
                    planned = end < m.end()
                    tokens = self.grammar.tokens(self.text, m.start(), end)
                    sentence = _Sentence(m.start(), end, status, para_period, region=region)
                    carry = self._sentence(tokens, sentence, carry)
                    if planned:
                        carry = None
                    region = sentence.region
                    para_period = sentence.period or para_period
                    if index == 1 and (para_period is None or para_period.kind != "point"):
                        # A stock date (截至9月末) opens its paragraph only, not the narrative.
                        doc_period = para_period
        return self.figures

    def _table_row(self, start: int, end: int, layout: Layout | None,
                   period: PeriodSpec | None) -> Layout | None:
        """Read one table row; returns the layout in force for the next row."""
        row = cells(self.text, start, end)
        found = None if layout is None else product_row(
            row, layout, self.grammar.lexicon, set(self.catalog.units))
        if layout is None or found is None:
            return header(row) or layout
        s = _Sentence(start, end, "A", merge(period, layout.period))
        for value, cues in ((found.level, Cues()), (found.growth, Cues(seen={"grow"}))):
            if value is not None and s.period is not None:
                clause = _Clause(start, cues=cues)
                self._figure(found.entry, self.own, value, None, clause, s, s.period,
                             (found.start, found.end))
        return layout

    def _before_target(self, start: int, end: int) -> int:
        """Where a sentence part stops stating figures: the clause that names a target.

        "去年新能源汽车产量36.8万辆，今年要力争突破50万辆": what comes before the clause with
        力争/目标/到2027年 is an outcome; from that clause on it is a plan.
        """
        m = next((m for m in self.grammar.target.finditer(self.text, start, end)
                  if m.lastgroup != "ref"), None)
        if m is None:
            return end
        cut = max(self.text.rfind(",", start, m.start()), self.text.rfind(":", start, m.start()))
        return max(cut, start)

    def _sentence(self, tokens: list[Token], s: _Sentence,
                  carry: _Subject | None) -> _Subject | None:
        subject = carry
        clause = _Clause(s.start)
        opening = s.period
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.kind
            if kind in _INERT:
                i += 1
                continue
            if kind == "clause":
                clause = _Clause(t.end)
            elif kind == "other":
                clause.dirty = clause.left_dirty = True
            elif kind == "lookback":
                s.leading = False
            elif kind == "multi":
                self.span = span(t.text, s.period) or self.span
                s.period = None
                s.spanned = True
            elif kind == "period":
                named = parse_period(t.text)
                if listed_after(tokens, i, "period") and s.periods:
                    s.periods.append(merge(s.periods[0], named))
                    s.period = None
                else:
                    s.period = merge(s.period, named)
                    s.periods = [s.period]
                opening = s.period if s.leading else opening
            elif kind == "origin":
                # The number after 由/从 is the level a change started from: it belongs to the
                # period named there (none named: to no period we know), and only it does.
                clause.resume = (s.period,)
                stated = t.text[1:].removesuffix("的")
                s.period = (merge(s.period, parse_period(stated)) if stated
                            else self.span[0] if self.span else None)
            elif kind == "region":
                code = self.grammar.regions.code(t.text, self.own, self.catalog, self.city)
                if code == NATION and national_share(tokens, i):
                    clause.cues.add("share", t.text)
                    i += 1
                    continue
                if code and self.catalog.regions[code].level == "city":
                    self.city = code
                if i and tokens[i - 1].kind == "region":
                    clause.regions.pop()  # 广东全省, 深圳全市: one region said twice
                clause.regions.append(code)
                s.named.append(code)
            elif kind == "subject":
                subject = self._subject(t, s, clause, unnamed_items(tokens, i))
            elif kind == "denominator":
                clause.cues.denominator = self.grammar.lexicon.denominators[t.group]
            elif kind == "anyshare":
                clause.cues.any_share = True
            elif kind in ("share", "avg"):
                clause.cues.add(kind, t.text)
            elif kind == "cue":
                clause.cues.add(cue_kind(t.text), t.text)
            elif kind == "qual" and t.text in PRE_QUALIFIERS:
                clause.qualifier = PRE_QUALIFIERS[t.text]
            elif kind == "ordinal":
                clause.ordinal = True
            elif kind == "each":
                clause.each = True
            elif kind == "value" and _counts_subject(t, tokens[i + 1:i + 2]):
                pass  # "20个战略性产业集群增加值…": the count is part of the subject's name
            elif kind in _VALUE_KINDS:
                s.leading = False
                later = named_after(tokens, i) if "share" in clause.cues.seen else None
                if later is not None:
                    # "(广东…)创造了全国约十分之一的经济总量": the share names its subject after
                    # it, and it is the share of the place the sentence is about (named first).
                    cues, qualifier = clause.cues, clause.qualifier
                    clause.regions = clause.regions or s.named[:1]
                    subject = self._subject(tokens[later], s, clause)
                    clause.cues, clause.qualifier = cues, qualifier
                elif clause.dirty:
                    # The number belongs to something unnamed (第三产业, 利润总额): later
                    # clauses must not hand their numbers to the earlier subject.
                    subject = _Subject([], [], s.start, clause.start, True)
                i = self._values(tokens, i, s, clause, subject)
                if clause.resume is not None:
                    s.period, clause.resume = clause.resume[0], None
                clause.left_dirty = True
                clause.cues, clause.qualifier, clause.ordinal = Cues(), None, False
                clause.each = False
                continue
            i += 1
        # Only a period that opens the sentence speaks for the sentences after it.
        s.period = opening
        return subject if subject is not None and not subject.poisoned else None

    def _subject(self, t: Token, s: _Sentence, clause: _Clause, unnamed: int = 0) -> _Subject:
        s.leading = False
        group = next(g for g in self.grammar.lexicon.groups if g.name == t.group)
        regions = clause.regions or [s.region or self.own]
        if len(clause.regions) == 1:
            s.region = clause.regions[0]
        entries: list[Entry | None] = [None] * unnamed
        entries += group.resolve(t.text)
        # The unknown names of a list opening the clause are its own items, not a poison.
        subject = _Subject(entries, regions, s.start, clause.start,
                           clause.left_dirty and not unnamed)
        clause.regions = []
        clause.dirty = False
        # 新增 before the subject ("新增…企业350家") still makes the number an increment.
        clause.cues = Cues(seen=clause.cues.seen & {"delta"})
        clause.qualifier = None
        return subject

    def _values(self, tokens: list[Token], i: int, s: _Sentence, clause: _Clause,
                subject: _Subject | None) -> int:
        kind = tokens[i].kind
        found: list[tuple[Value, str | None, Token]] = []
        j = i
        while j < len(tokens) and tokens[j].kind == kind:
            post = None
            k = j + 1
            while k < len(tokens) and tokens[k].kind in ("qual", "neutral"):
                post = POST_QUALIFIERS.get(tokens[k].text, post)
                k += 1
            found.append((self._value(tokens[j]), post, tokens[j]))
            j = k
            if j + 1 < len(tokens) and tokens[j].kind == "sep" and tokens[j + 1].kind == kind:
                j += 1
            else:
                break
        if kind == "every":
            subject = self._every_subject(tokens[i], subject, s, clause)
            clause.cues.add("share", "")
        # A list of periods (一季度、上半年…分别增长x、y) gives each value its own period.
        by_period = s.period is None and len(s.periods) == len(found) > 1
        periods = s.periods if by_period else [s.period] * len(found)
        if s.spanned and s.period is None and self.span and "to" in clause.cues.seen:
            periods = [self.span[1]] * len(found)  # "五年来…由8万辆跃升至50万辆"
        usable = (subject is not None and not subject.poisoned and not clause.dirty
                  and not clause.ordinal and None not in periods)
        if usable and subject is not None:
            regions = clause.regions or subject.regions
            quote_from = subject.clause if subject.sentence == s.start else clause.start
            quote_to = next((t.start for t in tokens[j:] if t.kind == "clause"), s.end)
            dated = [(value, post, period)
                     for (value, post, _), period in zip(found, periods, strict=True)]
            if by_period:
                pairs = pair_up(subject.entries, regions, dated[:1])
                pairs = [(entry, region, v) for entry, region, _ in pairs for v in dated]
            elif clause.each:
                pairs = each_takes(subject.entries, regions, dated)
            else:
                pairs = pair_up(subject.entries, regions, dated)
            for entry, region, (value, post, period) in pairs:
                if entry is not None and region is not None and period is not None:
                    self._figure(entry, region, value, post, clause, s, period,
                                 (quote_from, quote_to))
        return j

    def _value(self, t: Token) -> Value:
        if t.kind == "rank":
            digits = re.search(r"第(.+?)(?:位|名)?$", t.text)
            return Value(number(digits.group(1)) if digits else 1.0, "位", "rank", False)
        if t.kind == "every":
            m = self.grammar.every.fullmatch(t.text)
            assert m is not None
            return Value(100.0 * number(m.group("m")) / number(m.group("n")), "%", "percent", False)
        return parse_value(t.text)

    def _every_subject(self, t: Token, subject: _Subject | None, s: _Sentence,
                       clause: _Clause) -> _Subject | None:
        m = self.grammar.every.fullmatch(t.text)
        assert m is not None
        place = m.group("src") or m.group("made")
        region = (self.grammar.regions.code(place, self.own, self.catalog, self.city) if place
                  else s.region or self.own)
        product = m.group("prod")
        if not product:
            # "手机：全国每5部就有1部“东莞造”": the subject named before, in the place named.
            return replace(subject, regions=[region]) if subject and place else subject
        for pattern, entry in self.grammar.lexicon.product_entries:
            if pattern.fullmatch(product):
                return _Subject([entry], [region], s.start, clause.start, clause.left_dirty)
        return None

    def _figure(self, entry: Entry, region: str, value: Value, post: str | None, clause: _Clause,
                s: _Sentence, stated: PeriodSpec, quote: tuple[int, int]) -> None:
        decided = decide(entry, value, clause.cues, self.catalog)
        period = resolve(stated, self.published)
        if decided is None or period is None:
            return
        indicator, measure = decided
        if self.catalog.indicators[indicator].kind == "stock":
            period = (period[1], period[1])
        published_value = signed(value, clause.cues) if measure == "yoy_pct" else value.number
        unit = {"percent": "%", "times": "%", "rank": "位"}.get(value.kind, value.unit)
        if unit not in self.catalog.units:
            unit += "元"
        # 12 significant digits drop float noise (361.78 * 1e4) without touching real digits.
        base = float(f"{self.catalog.to_base(published_value, unit, indicator, measure):.12g}")
        qualifier = post or clause.qualifier or ("over" if value.approx else "exact")
        key = (indicator, region, entry.cluster, measure, period, round(base, 6), qualifier)
        if key in self.seen:
            return
        self.seen.add(key)
        start, end = _trim(self.text, *quote)
        o_start, o_end = self.clean.span(start, end)
        self.figures.append(Figure(
            indicator, region, entry.cluster, measure, period[0], period[1], base,
            self.catalog.base_unit(indicator, measure), published_value, unit, qualifier,
            s.status, self.clean.decoded[o_start:o_end], o_start, o_end))


def _counts_subject(t: Token, following: list[Token]) -> bool:
    """A count of things (20个) right before a subject names how many the subject groups."""
    return bool(following) and following[0].kind == "subject" and t.text.endswith("个")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,:、":
        start += 1
    while end > start and text[end - 1] in " ,:":
        end -= 1
    return start, end
