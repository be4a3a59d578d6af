"""The sentence reader: one sentence part's tokens -> figures.

A number becomes a figure only when a catalog subject owns it: the subject named in its clause
(or earlier in the sentence, or the paragraph's previous sentence) with nothing unknown in
between, and no unknown words before the subject in its clause (which would make it someone
else's: a company's deliveries, a sub-industry's value added).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.lists import each_takes, pair_up
from tracker.extract.measures import Cues
from tracker.extract.numbers import Value, number, parse_value
from tracker.extract.periods import PeriodSpec, across, parse_period, span
from tracker.extract.recorder import Recorder
from tracker.extract.regions import NATION
from tracker.extract.shapes import (
    after_listed_value,
    listed_after,
    named_after,
    national_share,
    unnamed_items,
)
from tracker.extract.state import Clause, Sentence, Subject, merge, within_year
from tracker.extract.tokens import (
    POST_QUALIFIERS,
    PRE_QUALIFIERS,
    Grammar,
    Token,
    compares,
    cue_kind,
)

_VALUE_KINDS = ("value", "rank", "every")
# Tokens that only need to be known (so they are not unknown text): nothing to do for them.
_INERT = frozenset(("glue", "sep", "neutral", "aside", "heading", "date", "status", "target",
                    "behind"))


class SentenceReader:
    """Reads sentence parts of one document into figures handed to its recorder."""

    def __init__(self, own: str, catalog: Catalog, grammar: Grammar, recorder: Recorder) -> None:
        self.own = own
        self.catalog = catalog
        self.grammar = grammar
        self.recorder = recorder
        self.city: str | None = None  # the city last named: what a later 全市 means
        # The years of the multi-year span last named in the paragraph (“十四五”: 2020, 2025):
        # a change with no dates runs from the first to the second.
        self.span: tuple[PeriodSpec, PeriodSpec] | None = None
        self.origin: PeriodSpec | None = None  # the dated start of the change being read

    def sentence(self, tokens: list[Token], s: Sentence,
                 carry: Subject | None) -> Subject | None:
        """Read one sentence part's tokens; returns the subject later parts may carry on."""
        subject = carry
        clause = Clause(s.start)
        opening = s.period
        month_of: PeriodSpec | None = None  # the year in force before a month a clause names
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.kind
            if kind in _INERT:
                i += 1
                continue
            if kind == "clause" and not _titled(tokens, i):
                clause = Clause(t.end)
                if month_of is not None:
                    s.period, month_of = month_of, None
            elif kind == "label":
                entry = self.grammar.labels.resolve(t.text)
                subject = Subject([entry], [s.region or self.own], s.start, t.start, False, True)
                clause = Clause(t.end)
            elif kind == "other" and not (subject is not None and subject.label
                                          and self.grammar.labels.attribute.fullmatch(t.text)):
                clause.dirty = clause.left_dirty = True
            elif kind == "lookback":
                s.leading = False
            elif kind == "multi":
                self.span = span(t.text, s.period) or self.span
                s.period = None
                s.spanned = True
            elif kind == "period":
                named = parse_period(t.text)
                s.dated = True
                if listed_after(tokens, i, "period") and s.periods:
                    s.periods.append(merge(s.periods[0], named))
                    s.period = None
                else:
                    if s.period is not None and within_year(named, s.period):
                        month_of = s.period  # "2025年…，其中12月…，": back to the year after
                    s.period = merge(s.period, named)
                    s.periods = [s.period]
                if self.origin is not None and s.period and "to" in clause.cues.seen:
                    # "从2020年的a提高到2025年的b": later bare "从c提高到d" run the same years.
                    self.span, self.origin = (self.origin, s.period), None
                opening = s.period if s.leading else opening
            elif kind == "origin":
                # The number after 由/从 is the level a change started from: it belongs to the
                # period named there (none named: to no period we know), and only it does.
                clause.resume = (s.period,)
                stated = t.text[1:].removesuffix("的")
                s.period = (merge(s.period, parse_period(stated)) if stated
                            else self.span[0] if self.span else None)
                if stated and s.period is not None:
                    s.origin_year = s.period.year
                    self.origin = s.period
            elif kind == "region":
                if compares(tokens, i):
                    clause.qualifier = None  # "高于全国2.68%的水平": the places compare
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
                subject = self._subject(t, s, clause, unnamed_items(tokens, i),
                                        after_listed_value(tokens, i))
            elif kind == "compare":
                clause.cues.base_year = parse_period(t.text).year
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
            elif kind == "total":
                clause.total = True
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
                    subject = Subject([], [], s.start, clause.start, True)
                i = self._values(tokens, i, s, clause, subject)
                s.cues = clause.cues
                clause.cues = Cues()
                if clause.resume is not None:
                    s.period, clause.resume = clause.resume[0], None
                    # "比重由a提高到b": the change's end is a share of the same whole.
                    clause.cues = Cues(s.cues.seen & {"share"}, s.cues.denominator,
                                       s.cues.any_share)
                clause.left_dirty = True
                clause.qualifier, clause.ordinal = None, False
                clause.each = False
                continue
            i += 1
        # Only a period that opens the sentence speaks for the sentences after it.
        s.period = opening
        return subject if subject is not None and not subject.poisoned else None

    def _subject(self, t: Token, s: Sentence, clause: Clause, unnamed: int = 0,
                 next_item: bool = False) -> Subject:
        s.leading = False
        group = next(g for g in self.grammar.lexicon.groups if g.name == t.group)
        regions = clause.regions or [s.region or self.own]
        if len(clause.regions) == 1:
            s.region = clause.regions[0]
        entries: list[Entry | None] = [None] * unnamed
        entries += group.resolve(t.text)
        # The unknown names of a list opening the clause are its own items, not a poison; nor
        # is the number of the previous "subject value" item of a list.
        subject = Subject(entries, regions, s.start, clause.start,
                           clause.left_dirty and not unnamed and not next_item)
        clause.regions = []
        clause.dirty = False
        # 新增 before the subject ("新增…企业350家") still makes the number an increment.
        clause.cues = Cues(seen=clause.cues.seen & {"delta"})
        clause.qualifier = None
        return subject

    def _values(self, tokens: list[Token], i: int, s: Sentence, clause: Clause,
                subject: Subject | None) -> int:
        kind = tokens[i].kind
        if (clause.regions and s.cues is not None and subject is not None
                and subject.clause != clause.start and clause.cues == Cues()
                and clause.qualifier is None and self._value(tokens[i]).kind == "percent"):
            # A clause naming only another place and a rate ("A增长3.0%，全国为5.9%"): the
            # same measure, elsewhere.
            clause.cues = s.cues
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
            stated = self.grammar.every.fullmatch(tokens[i].text)
            if stated is not None and (word := stated.group("q") or stated.group("qm")):
                clause.qualifier = PRE_QUALIFIERS[word]
            clause.cues.add("share", "")
        # A list of periods (一季度、上半年…分别增长x、y) gives each value its own period.
        by_period = s.period is None and len(s.periods) == len(found) > 1
        periods = s.periods if by_period else [s.period] * len(found)
        if s.spanned and s.period is None and self.span and "to" in clause.cues.seen:
            periods = [self.span[1]] * len(found)  # "五年来…由8万辆跃升至50万辆"
        elif self.span and clause.total and ((s.spanned and s.period is None)
                                             or (not s.dated and found[0][0].kind == "amount")):
            # "十四五期间累计完成工业投资超5000亿元; 技改投资累计超过600亿元": the span the
            # paragraph named, unless the part names its own period.
            periods = [across(self.span)] * len(found)
        usable = (subject is not None and not subject.poisoned and not clause.dirty
                  and not clause.ordinal and None not in periods)
        if clause.cues.base_year is None:
            clause.cues.base_year = s.origin_year
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
                    self.recorder.record(entry, region, value, post, clause, s.status, period,
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

    def _every_subject(self, t: Token, subject: Subject | None, s: Sentence,
                       clause: Clause) -> Subject | None:
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
                return Subject([entry], [region], s.start, clause.start, clause.left_dirty)
        return None


def _titled(tokens: list[Token], i: int) -> bool:
    """A colon right after a subject (and its share's denominator) titles what follows:
    "制造业增加值占GDP比重: 2024年为32.3%" is one clause."""
    return (tokens[i].text == ":" and i > 0
            and tokens[i - 1].kind in ("subject", "denominator"))


def _counts_subject(t: Token, following: list[Token]) -> bool:
    """A count of things (20个) right before a subject names how many the subject groups."""
    return bool(following) and following[0].kind == "subject" and t.text.endswith("个")
