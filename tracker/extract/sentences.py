"""The sentence reader: one sentence part's tokens -> figures, one small handler per token kind.

A number becomes a figure only when a catalog subject owns it: the subject named in its clause
(or earlier in the sentence, or the paragraph's previous sentence) with nothing unknown in
between, and no unknown words before the subject in its clause (which would make it someone
else's: a company's deliveries, a sub-industry's value added).

`SentenceReader.sentence` walks the tokens and hands each to the function its kind selects:
words that only mark their clause (cues, qualifiers, comparisons) to marks.py, the others to the
handlers here and in sentence_periods.py and sentence_values.py (`_HANDLERS`). A handler
updates the walk's state (see state.py) and may consume more tokens. The numbers themselves are
read by values.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.marks import MARKS
from tracker.extract.recorder import Recorder
from tracker.extract.regions import NATION
from tracker.extract.sentence_periods import PeriodHandlers
from tracker.extract.sentence_values import ValueHandlers
from tracker.extract.shapes import (
    after_listed_value,
    in_brackets,
    national_share,
    opens_statement,
    places_listed_before,
    previous,
    remark_end,
    titled,
    unnamed_items,
    verb_after_subject,
)
from tracker.extract.state import CONSUMED, Clause, Sentence, Subject, Walk
from tracker.extract.tokens import Grammar, Token, compares
from tracker.extract.values import ValueReader
from tracker.lexicon import lexicon


class SentenceReader(PeriodHandlers, ValueHandlers):
    """Reads sentence parts of one document into figures handed to its recorder."""

    def __init__(self, own: str, catalog: Catalog, grammar: Grammar, recorder: Recorder) -> None:
        super().__init__(recorder.published)
        self.own = own
        self.catalog = catalog
        self.grammar = grammar
        # The subjects named so far in the paragraph, latest last: what 两项指标 refers to.
        self.recent: list[Entry] = []
        self.values = ValueReader(own, catalog, grammar, recorder)

    def sentence(self, tokens: list[Token], s: Sentence,
                 carry: Subject | None) -> Subject | None:
        """Read one sentence part's tokens; returns the subject later parts may carry on."""
        w = Walk(tokens, 0, s, Clause(s.start), carry, s.period)
        count, handlers = len(tokens), _HANDLERS
        while w.i < count:
            kind = tokens[w.i].kind
            mark = MARKS.get(kind)
            if mark is not None:
                mark(w)
                w.i += 1
                continue
            handler = handlers.get(kind)
            if handler is None or handler(self, w) is not CONSUMED:
                w.i += 1
        # Only a period that opens the sentence speaks for the sentences after it.
        s.period = w.opening
        subject = w.subject
        return subject if subject is not None and not subject.poisoned else None

    # Handlers: each reads the token at w.i. One that consumes tokens itself (and leaves w.i
    # at the next unread one) returns CONSUMED.

    def _on_clause(self, w: Walk) -> object:
        if titled(w.tokens, w.i):
            return None
        if w.s.region is None and w.clause.start == w.s.start:
            # "深圳表现尤为抢眼，前三季度新能源汽车产量达到137.6万辆": an opening clause
            # about one city, with no figure, names the place of the sentence's figures.
            w.s.region = self._topic_city(w.tokens[:w.i])
        total = w.clause.total
        if w.clause.outer is not None:
            # "…增长2.8%，比全部规上工业高1.4个百分点，占规上工业比重为30.6%": what was
            # compared with speaks for its clause only.
            w.subject = w.clause.outer
        if w.token.text == ":" and w.displaced is not None:
            w.subject, w.displaced = w.displaced, None
        listed = (w.clause.regions if (w.subject is None or not w.subject.entries)
                  and places_listed_before(w.tokens, w.i) == len(w.clause.regions) > 1 else [])
        w.clause = Clause(w.token.end)
        # "…依次是佛山、东莞、惠州，GDP分别为a、b和c": places listed in a clause of their own
        # are the places of the subject the next clause names.
        w.clause.regions = list(listed)
        if total and w.i + 1 < len(w.tokens) and w.tokens[w.i + 1].text in _PART_OF:
            w.clause.total = True  # "五年累计完成投资4863亿元，其中工业投资2210亿元"
        if w.month_of is not None:
            w.s.period, w.month_of = w.month_of, None
        return None

    def _topic_city(self, tokens: list[Token]) -> str | None:
        """The one city some tokens name, if they state no figure and name no subject."""
        if any(t.kind in _FIGURE_KINDS for t in tokens):
            return None
        places = [t for t in tokens if t.kind == "region"]
        if len(places) != 1:
            return None
        code = self.grammar.regions.code(places[0].text, self.own, self.catalog, self.values.city)
        return code if code and self.catalog.regions[code].level == "city" else None

    def _on_label(self, w: Walk) -> object:
        entry = self.grammar.labels.resolve(w.token.text)
        w.subject = Subject([entry], [w.s.region or self.own], w.s.start, w.token.start, False,
                            True)
        w.clause = Clause(w.token.end)
        return None

    def _on_other(self, w: Walk) -> object:
        if w.subject is not None and w.list_end is not None and self._lists_unnamed(w):
            return None
        w.clause.dirty = w.clause.left_dirty = True
        return None

    def _on_neutral(self, w: Walk) -> object:
        # "…275.38万辆(同期全国汽车产量3152.7万辆)": a bracket that names its own place and
        # subject states a figure of its own; it opens a clause, as a comma would.
        if w.token.text.endswith("(") and opens_statement(w.tokens, w.i + 1):
            w.clause = Clause(w.token.end)
        elif (end := remark_end(w.tokens, w.i)) is not None:
            w.i = end + 1  # a remark on the subject: read on as if it were not there
            return CONSUMED
        return None

    def _on_other_measure(self, w: Walk) -> object:
        # "全国汽车销量…达3412.9万辆": the product's sales, not its output; after anything
        # but a subject it is a word the catalog does not know.
        if w.subject is not None and w.i and w.tokens[w.i - 1].kind == "subject":
            w.subject.poisoned = True
        return self._on_other(w)

    def _on_attribute(self, w: Walk) -> object:
        # "1. 新能源：2024年营收11163亿元": what the label's cluster is measured by; after
        # anything else it is a word the catalog does not know.
        return None if w.subject is not None and w.subject.label else self._on_other(w)

    def _lists_unnamed(self, w: Walk) -> bool:
        """An unknown name as an item of the subject's list ("集成电路、无人机等产品产量分别
        增长x、y"): it holds its place, so the values pair up by position."""
        if w.list_end is None or w.subject is None:
            return False
        before = previous(w.tokens, w.i)
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

    def _on_region(self, w: Walk) -> object:
        clause, t = w.clause, w.token
        if compares(w.tokens, w.i):
            clause.qualifier = None  # "高于全国2.68%的水平": the places compare
            clause.compared = True
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
        before = previous(w.tokens, w.i)
        if before is not None and before == w.list_end and w.tokens[before].kind == "other":
            w.list_end = w.i
            return None  # a known name inside an unknown one ("5G手机"): not the subject
        joined = (w.subject is not None and w.list_end is not None and before is not None
                  and w.tokens[before].kind == "sep" and before - 1 == w.list_end)
        earlier = w.subject
        if w.clause.versus and w.clause.outer is None and earlier is not None:
            w.clause.outer = earlier
        # "占全国R&D经费的比重为14.0%": the whole a share is of, named after 占全国.
        of_share = before is not None and w.tokens[before].kind == "share"
        cues, qualifier = w.clause.cues, w.clause.qualifier
        w.subject = self.values.subject(w.token, w.s, w.clause, unnamed_items(w.tokens, w.i),
                                        after_listed_value(w.tokens, w.i),
                                        in_brackets(w.tokens, w.i))
        if of_share:
            # "约占全国经济总量的十分之一": the qualifier before 占 still speaks for the share.
            w.clause.cues, w.clause.qualifier = cues, qualifier
        if (earlier is not None and before is not None and w.tokens[before].kind == "subject"
                and earlier.clause == w.subject.clause):
            # "全国规模以上工业企业工业机器人产量66.3万套": the place named for the first
            # subject is the one of the subject that follows it.
            w.subject.regions = earlier.regions
        if joined and earlier is not None:
            # "研发经费支出和研发投入强度两项指标均居全国第一": subjects of different
            # attributes joined into one list.
            w.subject.entries[:0] = earlier.entries
            w.subject.poisoned = earlier.poisoned
        elif verb_after_subject(w.tokens, w.i):
            # "汽车制造业实现工业增加值207.63亿元": the value added of the industry named
            # first, not of all industry.
            w.subject.poisoned = True
        w.list_end = w.i
        self.recent += [e for e in w.subject.entries if e is not None and e not in self.recent]
        w.s.subjects += [e for e in w.subject.entries
                         if e is not None and e not in w.s.subjects]
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

    def _on_denominator(self, w: Walk) -> object:
        w.clause.cues.denominator = self.grammar.subjects.denominators[w.token.group]
        return None

    def _on_each(self, w: Walk) -> object:
        w.clause.each = True
        subject = w.subject
        if (subject is not None and subject.clause != w.clause.start
                and len(w.s.subjects) > len(subject.entries)):
            # "规模以上工业企业超7.1万家、高新技术企业超7.5万家，均居全国首位": every
            # subject the part has named.
            entries: list[Entry | None] = list(w.s.subjects)
            w.subject = replace(subject, entries=entries, joinable=[])
        return None


_PART_OF = frozenset(lexicon().words("part_of"))  # 其中: what follows is part of the whole before
# Kinds of token that name a subject or state a figure.
_FIGURE_KINDS = frozenset(("subject", "value", "label", "every", "rank", "denominator",
                           "share", "anyshare"))
_BOTH = lexicon().counts("both")
_Handler = Callable[[SentenceReader, Walk], object]
# Token kind -> handler. Kinds not listed (glue, separators, headings, dates, status words…)
# only need to be known, so they are not unknown text.
_HANDLERS: dict[str, _Handler] = {
    "clause": SentenceReader._on_clause,
    "label": SentenceReader._on_label,
    "other": SentenceReader._on_other,
    "neutral": SentenceReader._on_neutral,
    "range": SentenceReader._on_other,
    "attribute": SentenceReader._on_attribute,
    "othermeasure": SentenceReader._on_other_measure,
    "multi": SentenceReader._on_multi,
    "period": SentenceReader._on_period,
    "origin": SentenceReader._on_origin,
    "region": SentenceReader._on_region,
    "subject": SentenceReader._on_subject,
    "both": SentenceReader._on_both,
    "denominator": SentenceReader._on_denominator,
    "each": SentenceReader._on_each,
    "value": SentenceReader._on_value,
    "rank": SentenceReader._on_value,
    "every": SentenceReader._on_value,
}
