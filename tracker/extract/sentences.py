"""The sentence reader: one sentence part's tokens -> figures, one small handler per token kind.

A number becomes a figure only when a catalog subject owns it: the subject named in its clause
(or earlier in the sentence, or the paragraph's previous sentence) with nothing unknown in
between, and no unknown words before the subject in its clause (which would make it someone
else's: a company's deliveries, a sub-industry's value added).

`SentenceReader.sentence` walks the tokens and hands each to the handler its kind selects in
`_HANDLERS`; a handler updates the walk's state (see state.py) and may consume more tokens.
The numbers themselves are read by values.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.measures import Cues
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
from tracker.extract.tokens import PRE_QUALIFIERS, Grammar, Token, compares, cue_kind
from tracker.extract.values import ValueReader
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec, parse_period, span


@dataclass
class Walk:
    """The state of one walk over a sentence part's tokens."""

    tokens: list[Token]
    i: int
    s: Sentence
    clause: Clause
    subject: Subject | None
    opening: PeriodSpec | None  # the period the part opens with: what later parts inherit
    month_of: PeriodSpec | None = None  # the year in force before a month a clause names
    # Index of the last token of the list the subject opens ("集成电路、无人机…"): names the
    # catalog does not know after it keep their places, as unnamed items.
    list_end: int | None = None
    named: list[Entry] = field(default_factory=list)  # the subjects the part has named

    @property
    def token(self) -> Token:
        return self.tokens[self.i]


class SentenceReader:
    """Reads sentence parts of one document into figures handed to its recorder."""

    def __init__(self, own: str, catalog: Catalog, grammar: Grammar, recorder: Recorder) -> None:
        self.own = own
        self.catalog = catalog
        self.grammar = grammar
        # The years of the multi-year span last named in the paragraph (“十四五”: 2020, 2025):
        # a change with no dates runs from the first to the second.
        self.span: tuple[PeriodSpec, PeriodSpec] | None = None
        self.origin: PeriodSpec | None = None  # the dated start of the change being read
        # The subjects named so far in the paragraph, latest last: what 两项指标 refers to.
        self.recent: list[Entry] = []
        self.values = ValueReader(own, catalog, grammar, recorder)

    def sentence(self, tokens: list[Token], s: Sentence,
                 carry: Subject | None) -> Subject | None:
        """Read one sentence part's tokens; returns the subject later parts may carry on."""
        w = Walk(tokens, 0, s, Clause(s.start), carry, s.period)
        count, handlers = len(tokens), _HANDLERS
        while w.i < count:
            handler = handlers.get(tokens[w.i].kind)
            if handler is None or handler(self, w) is not _CONSUMED:
                w.i += 1
        # Only a period that opens the sentence speaks for the sentences after it.
        s.period = w.opening
        subject = w.subject
        return subject if subject is not None and not subject.poisoned else None

    # Handlers: each reads the token at w.i. One that consumes tokens itself (and leaves w.i
    # at the next unread one) returns _CONSUMED.

    def _on_clause(self, w: Walk) -> object:
        if _titled(w.tokens, w.i):
            return None
        w.clause = Clause(w.token.end)
        if w.month_of is not None:
            w.s.period, w.month_of = w.month_of, None
        return None

    def _on_label(self, w: Walk) -> object:
        entry = self.grammar.labels.resolve(w.token.text)
        w.subject = Subject([entry], [w.s.region or self.own], w.s.start, w.token.start, False,
                            True)
        w.clause = Clause(w.token.end)
        return None

    def _on_other(self, w: Walk) -> object:
        subject = w.subject
        if subject is not None:
            if w.list_end is not None and self._lists_unnamed(w):
                return None
            if subject.label and self.grammar.labels.attribute.fullmatch(w.tokens[w.i].text):
                return None
        w.clause.dirty = w.clause.left_dirty = True
        return None

    def _lists_unnamed(self, w: Walk) -> bool:
        """An unknown name as an item of the subject's list ("集成电路、无人机等产品产量分别
        增长x、y"): it holds its place, so the values pair up by position."""
        if w.list_end is None or w.subject is None:
            return False
        before = _previous(w.tokens, w.i)
        if before == w.list_end and w.tokens[before].kind == "other":
            w.list_end = w.i  # the same unknown name goes on ("5G" + "手机产量")
            return True
        if (before is not None and before - 1 == w.list_end
                and w.tokens[before].kind == "sep"):
            if w.tokens[before].text != "、" and w.tokens[w.list_end].kind == "other":
                w.subject.joinable.append(len(w.subject.entries))
            w.subject.entries.append(None)
            w.list_end = w.i
            return True
        return False

    def _on_lookback(self, w: Walk) -> object:
        w.s.leading = False
        return None

    def _on_multi(self, w: Walk) -> object:
        self.span = span(w.token.text, w.s.period) or self.span
        w.s.period = None
        w.s.spanned = True
        return None

    def _on_period(self, w: Walk) -> object:
        s, named = w.s, parse_period(w.token.text)
        s.dated = True
        if listed_after(w.tokens, w.i, "period") and s.periods:
            s.periods.append(merge(s.periods[0], named))
            s.period = None
        else:
            if s.period is not None and within_year(named, s.period):
                w.month_of = s.period  # "2025年…，其中12月…，": back to the year after
            s.period = merge(s.period, named)
            s.periods = [s.period]
        if self.origin is not None and s.period and "to" in w.clause.cues.seen:
            # "从2020年的a提高到2025年的b": later bare "从c提高到d" run the same years.
            self.span, self.origin = (self.origin, s.period), None
        w.opening = s.period if s.leading else w.opening
        return None

    def _on_origin(self, w: Walk) -> object:
        # The number after 由/从 is the level a change started from: it belongs to the period
        # named there (none named: the span's start, else no period we know), and only it does.
        s = w.s
        w.clause.resume = (s.period,)
        stated = w.token.text[1:].removesuffix("的")
        s.period = (merge(s.period, parse_period(stated)) if stated
                    else self.span[0] if self.span else None)
        if stated and s.period is not None:
            s.origin_year = s.period.year
            self.origin = s.period
        return None

    def _on_region(self, w: Walk) -> object:
        clause, t = w.clause, w.token
        if compares(w.tokens, w.i):
            clause.qualifier = None  # "高于全国2.68%的水平": the places compare
        code = self.grammar.regions.code(t.text, self.own, self.catalog, self.values.city)
        if code == NATION and national_share(w.tokens, w.i):
            clause.cues.add("share", t.text)
            return None
        if code and self.catalog.regions[code].level == "city":
            self.values.city = code
        if w.i and w.tokens[w.i - 1].kind == "region" and clause.regions:
            if t.text in self.grammar.regions.selves:
                return None  # 江苏全省, 深圳全市: the place named first, said twice
            clause.regions.pop()
        clause.regions.append(code)
        w.s.named.append(code)
        return None

    def _on_subject(self, w: Walk) -> object:
        if "skip" in w.clause.cues.seen:
            return None  # "拉动全市规上工业增加值增长…": the whole it pulls, not a subject
        before = _previous(w.tokens, w.i)
        if before is not None and before == w.list_end and w.tokens[before].kind == "other":
            w.list_end = w.i
            return None  # a known name inside an unknown one ("5G手机"): not the subject
        joined = (w.subject is not None and w.list_end is not None and before is not None
                  and w.tokens[before].kind == "sep" and before - 1 == w.list_end)
        earlier = w.subject
        w.subject = self.values.subject(w.token, w.s, w.clause, unnamed_items(w.tokens, w.i),
                                        after_listed_value(w.tokens, w.i))
        if joined and earlier is not None:
            # "研发经费支出和研发投入强度两项指标均居全国第一": subjects of different
            # attributes joined into one list.
            w.subject.entries[:0] = earlier.entries
            w.subject.poisoned = earlier.poisoned
        w.list_end = w.i
        self.recent += [e for e in w.subject.entries if e is not None and e not in self.recent]
        w.named += [e for e in w.subject.entries if e is not None and e not in w.named]
        return None

    def _on_both(self, w: Walk) -> object:
        # "新能源汽车…；智能手机…，两项产品产量均居全国第一": the last N subjects, together.
        count = _BOTH[w.token.text]
        if len(self.recent) >= count:
            regions: list[str | None] = (list(w.subject.regions) if w.subject is not None
                                         else [w.s.region or self.own])
            entries: list[Entry | None] = list(self.recent[-count:])
            w.subject = Subject(entries, regions, w.s.start, w.clause.start, False)
            w.list_end = None
        return None

    def _on_compare(self, w: Walk) -> object:
        stated = parse_period(w.token.text)
        if not _aside_follows(w.tokens, w.i):
            w.clause.cues.base_year = stated.year
            return None
        # "比8月当月(3.4%)提高0.7个百分点": the bracketed rate is the one compared with, of
        # the period named there (the month alone), and only it is.
        w.clause.versus = True
        w.clause.resume = (w.s.period,)
        w.s.period = merge(w.s.period, stated)
        return None

    def _on_final(self, w: Walk) -> object:
        # "受下半年…拖累，中山…最终增长5.2%": the whole year in force.
        if w.s.period is not None and w.s.period.kind != "point":
            w.s.period = replace(w.s.period, first=1, last=12, kind="year")
        return None

    def _on_versus(self, w: Walk) -> object:
        w.clause.versus = True
        return None

    def _on_denominator(self, w: Walk) -> object:
        w.clause.cues.denominator = self.grammar.subjects.denominators[w.token.group]
        return None

    def _on_anyshare(self, w: Walk) -> object:
        w.clause.cues.any_share = True
        return None

    def _on_share(self, w: Walk) -> object:
        w.clause.cues.add(w.token.kind, w.token.text)
        return None

    def _on_cue(self, w: Walk) -> object:
        w.clause.cues.add(cue_kind(w.token.text), w.token.text)
        return None

    def _on_qual(self, w: Walk) -> object:
        if w.token.text in PRE_QUALIFIERS:
            w.clause.qualifier = PRE_QUALIFIERS[w.token.text]
        return None

    def _on_ordinal(self, w: Walk) -> object:
        w.clause.ordinal = True
        return None

    def _on_each(self, w: Walk) -> object:
        w.clause.each = True
        subject = w.subject
        if (subject is not None and subject.clause != w.clause.start
                and len(w.named) > len(subject.entries)):
            # "规模以上工业企业超7.1万家、高新技术企业超7.5万家，均居全国首位": every
            # subject the part has named.
            entries: list[Entry | None] = list(w.named)
            w.subject = replace(subject, entries=entries, joinable=[])
        return None

    def _on_total(self, w: Walk) -> object:
        w.clause.total = True
        return None

    def _on_value(self, w: Walk) -> object:
        s, clause = w.s, w.clause
        following = w.tokens[w.i + 1:w.i + 2]
        if w.token.kind == "value" and _counts_subject(w.token, following):
            return None  # "20个战略性产业集群增加值…": the count is part of the subject's name
        counted = _counted_after(w.tokens, w.i)
        if counted is False:
            # "7家制造业企业进入世界500强": a count of things the catalog does not track.
            clause.dirty = clause.left_dirty = True
            return None
        s.leading = False
        later = named_after(w.tokens, w.i) if "share" in clause.cues.seen else counted
        if later is not None:
            # "(广东…)创造了全国约十分之一的经济总量", "拥有7.5万家高新技术企业": the
            # value names its subject after it, in the place the sentence is about.
            cues, qualifier = clause.cues, clause.qualifier
            clause.regions = clause.regions or s.named[:1]
            w.subject = self.values.subject(w.tokens[later], s, clause)
            clause.cues, clause.qualifier = cues, qualifier
        elif clause.dirty:
            # The number belongs to something unnamed (第三产业, 利润总额): later clauses must
            # not hand their numbers to the earlier subject.
            w.subject = Subject([], [], s.start, clause.start, True)
        w.i, points = self.values.read(w.tokens, w.i, s, clause, w.subject, self.span)
        if counted is not None and w.i <= counted:
            w.i = counted + 1  # the subject after the count is read: it is not named anew
        if "avg" not in clause.cues.seen and not points:
            # What the sentence's figures measure, for a rate said of another place later
            # ("…高于全国(6%)和东部地区平均增速(4.9%)1.4个和2.5个百分点，高于全省(4.8%)"):
            # not an average or a gap in points said in passing.
            s.cues = clause.cues
        measured, clause.cues = clause.cues, Cues()
        if clause.resume is not None:
            s.period, clause.resume = clause.resume[0], None
            # "比重由a提高到b": the change's end is a share of the same whole.
            clause.cues = Cues(measured.seen & {"share"}, measured.denominator,
                               measured.any_share)
        clause.left_dirty = True
        clause.qualifier, clause.ordinal = None, False
        clause.each = False
        return _CONSUMED


_CONSUMED = object()
_BOTH = lexicon().counts("both")
_Handler = Callable[[SentenceReader, Walk], object]
# Token kind -> handler. Kinds not listed (glue, separators, headings, dates, status words…)
# only need to be known, so they are not unknown text.
_HANDLERS: dict[str, _Handler] = {
    "clause": SentenceReader._on_clause,
    "label": SentenceReader._on_label,
    "other": SentenceReader._on_other,
    "lookback": SentenceReader._on_lookback,
    "multi": SentenceReader._on_multi,
    "period": SentenceReader._on_period,
    "origin": SentenceReader._on_origin,
    "region": SentenceReader._on_region,
    "subject": SentenceReader._on_subject,
    "compare": SentenceReader._on_compare,
    "versus": SentenceReader._on_versus,
    "final": SentenceReader._on_final,
    "both": SentenceReader._on_both,
    "denominator": SentenceReader._on_denominator,
    "anyshare": SentenceReader._on_anyshare,
    "share": SentenceReader._on_share,
    "avg": SentenceReader._on_share,
    "cue": SentenceReader._on_cue,
    "qual": SentenceReader._on_qual,
    "ordinal": SentenceReader._on_ordinal,
    "each": SentenceReader._on_each,
    "total": SentenceReader._on_total,
    "value": SentenceReader._on_value,
    "rank": SentenceReader._on_value,
    "every": SentenceReader._on_value,
}


def _previous(tokens: list[Token], i: int) -> int | None:
    """Index of the token before tokens[i], skipping brackets, quotes and spaces."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "neutral":
        k -= 1
    return k if k >= 0 else None


def _titled(tokens: list[Token], i: int) -> bool:
    """A colon right after a subject (and its share's denominator) titles what follows:
    "制造业增加值占GDP比重: 2024年为32.3%" is one clause."""
    return (tokens[i].text == ":" and i > 0
            and tokens[i - 1].kind in ("subject", "denominator"))


# Classifiers a count of things ends in: "7家…企业", "3个…项目".
_CLASSIFIERS = frozenset(lexicon().words("classifiers", "numbers"))


def _counted_after(tokens: list[Token], i: int) -> int | bool | None:
    """What a count at tokens[i] counts when its noun follows it ("7.5万家高新技术企业"):
    the index of that subject when it ends the phrase, False when the noun is one the
    catalog does not know ("7家制造业企业进入…"), None when no noun follows."""
    if tokens[i].kind != "value" or tokens[i].text[-1] not in _CLASSIFIERS:
        return None
    k = i + 1
    while k < len(tokens) and tokens[k].kind == "glue":
        k += 1  # "1525家国家级专精特新“小巨人”企业"
    nxt = tokens[k] if k < len(tokens) else None
    if nxt is None or nxt.kind not in ("subject", "other"):
        return None
    if nxt.kind == "other":
        return False
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    return k if after is None or after.kind in ("clause", "sep") else False


def _aside_follows(tokens: list[Token], i: int) -> bool:
    """A figure in brackets comes next, after glue (当月): "比8月当月(3.4%)"."""
    k = i + 1
    while k < len(tokens) and tokens[k].kind == "glue":
        k += 1
    return (k + 1 < len(tokens) and tokens[k].kind == "neutral" and "(" in tokens[k].text
            and tokens[k + 1].kind == "value")


def _counts_subject(t: Token, following: list[Token]) -> bool:
    """A count of things (20个) right before a subject names how many the subject groups."""
    return bool(following) and following[0].kind == "subject" and t.text.endswith("个")
