"""The sentence reader's handler of numbers: a value, a rank or a 全国每N…就有1 share, read
into figures of the subject in force (values.py pairs each number of the run with its subject,
region and period).

`SentenceReader` (sentences.py) inherits it and lists it in its handler table.
"""

from __future__ import annotations

from tracker.extract.aliases import Entry
from tracker.extract.measures import Cues
from tracker.extract.shapes import (
    bracket_aside,
    counted_after,
    counts_subject,
    named_after,
    opens_statement,
    places_listed_before,
    subject_follows,
)
from tracker.extract.state import CONSUMED, Clause, Subject, Walk
from tracker.extract.tokens import Token
from tracker.extract.values import ValueReader
from tracker.periods import PeriodSpec


class ValueHandlers:
    """Handlers of the token kinds that state a number."""

    values: ValueReader
    span: tuple[PeriodSpec, PeriodSpec] | None
    recent: list[Entry]  # the subjects the paragraph has named, latest last

    def _gap(self, t: Token) -> bool:
        """Whether a value token is a gap in percentage points."""
        return t.kind == "value" and self.values.value(t).kind == "pp"

    def _on_value(self, w: Walk) -> object:
        s, clause = w.s, w.clause
        following = w.tokens[w.i + 1:w.i + 2]
        if w.token.kind == "value" and counts_subject(w.token, following):
            return None  # "20个战略性产业集群增加值…": the count is part of the subject's name
        counted = counted_after(w.tokens, w.i)
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
        elif (w.subject is None and len(clause.regions) > 1 and self.recent
              and not clause.dirty and places_listed_before(w.tokens, w.i) == 0
              and "each" not in clause.cues.seen):
            # "有17个市规上工业增加值实现正增长。深圳、佛山、惠州、东莞分别增长7.1%、…": places
            # listed with 分别 and no subject of their own are the places of the paragraph's
            # subject said last.
            w.subject = Subject([self.recent[-1]], list(clause.regions), s.start, clause.start,
                                False)
        elif clause.dirty and not self._gap(w.token):
            # The number belongs to something unnamed (第三产业, 利润总额): later clauses must
            # not hand their numbers to the earlier subject. A gap in points compared with
            # something unnamed ("比工业整体增速高2.2个百分点") is still about the subject.
            w.displaced = w.subject if w.subject is not None and w.subject.entries else None
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
        if ("delta" in measured.seen and w.i + 1 < len(w.tokens) and w.tokens[w.i].kind == "sep"
                and subject_follows(w.tokens, w.i + 1)):
            # "新培育单项冠军企业47家、“小巨人”企业688家": every item of the list is new ones
            # (but "新增…42家、累计达210家" goes on to the total).
            clause.cues = Cues(seen={"delta"})
        if clause.resume is not None:
            (s.period, s.status), clause.resume = clause.resume, None
            # "比重由a提高到b": the change's end is a share of the same whole.
            clause.cues = Cues(measured.seen & {"share"}, measured.denominator,
                               measured.any_share)
        elif (aside := bracket_aside(w.tokens, w.i)) is not None:
            # "…的3.46%(2024年为3.37%)", "增长5.8%(全省为3.1%)": the bracket measures the same
            # in its own period (stated: an earlier year is no estimate) or place; then the
            # sentence goes on as before.
            clause.cues, clause.resume = measured, (s.period, s.status)
            if aside == "period":
                s.status = "A"
        clause.left_dirty = True
        clause.qualifier, clause.ordinal = None, False
        clause.each = False
        if w.i > 0 and w.tokens[w.i - 1].text.endswith("(") \
                and opens_statement(w.tokens, w.i):
            w.clause = Clause(w.tokens[w.i - 1].end)  # the run took the bracket: as _on_neutral
        return CONSUMED
