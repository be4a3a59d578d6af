"""Numbers -> figures: a run of values ("x%、y%、z%") paired with the subject in force.

The sentence reader (sentences.py) calls `ValueReader.read` at a value token with the state of
the walk; this module decides which subject, region and period each value of the run belongs
to (by position, 均 for all, a list of periods) and hands the figures to the recorder with the
rule that paired them (see confidence.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.confidence import Evidence
from tracker.extract.lists import each_takes, pair_up
from tracker.extract.measures import Cues
from tracker.extract.numbers import FRACTION, Value, number, parse_value
from tracker.extract.recorder import Recorder
from tracker.extract.shapes import in_brackets
from tracker.extract.state import Clause, Sentence, Subject
from tracker.extract.tokens import POST_QUALIFIERS, PRE_QUALIFIERS, Grammar, Token, cue_kind
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec, across

Found = tuple[Value, str | None, Token]
_FRACTION = re.compile(FRACTION)


class ValueReader:
    """Reads value runs and subjects of one document's sentences."""

    def __init__(self, own: str, catalog: Catalog, grammar: Grammar, recorder: Recorder) -> None:
        self.own = own
        self.catalog = catalog
        self.grammar = grammar
        self.recorder = recorder
        self.city: str | None = None  # the city last named: what a later 全市 means

    def subject(self, t: Token, s: Sentence, clause: Clause,
                unnamed: tuple[list[str], list[int]] = ([], []),
                next_item: bool = False,
                aside: bool = False) -> Subject:
        """The subject a subject token names; resets what its clause has said so far.
        `aside`: the subject stands in brackets, whose place stays inside them ("（同期全国
        …产量66.3万套）；服务机器人产量…" is Guangdong's again)."""
        s.leading = False
        group = next(g for g in self.grammar.subjects.groups if g.name == t.group)
        regions = clause.regions or [None if s.away else s.region or self.own]
        if len(clause.regions) == 1 and not aside:
            s.region = clause.regions[0]
            s.away = s.region is None
        items, joinable = unnamed
        # "新一代电子信息、智能家电、低空经济、新能源、智能机器人等产业集群营业收入": names the
        # subject's own heads read alone stay ours; the others keep their places unnamed.
        entries: list[Entry | None] = [group.named(item) for item in items]
        entries += group.resolve(t.text)
        # The unknown names of a list opening the clause are its own items, not a poison; nor
        # is the number of the previous "subject value" item of a list.
        subject = Subject(entries, regions, s.start, clause.start,
                          clause.left_dirty and not items and not next_item, joinable=joinable)
        clause.regions = []
        clause.dirty = False
        # 新增 before the subject ("新增…企业350家") still makes the number an increment.
        clause.cues = Cues(seen=clause.cues.seen & {"delta"})
        clause.qualifier = None
        return subject

    def read(self, tokens: list[Token], i: int, s: Sentence, clause: Clause,
             subject: Subject | None, span: tuple[PeriodSpec, PeriodSpec] | None
             ) -> tuple[int, bool]:
        """Record the figures of the value run starting at tokens[i]; returns the index after
        it, and whether the run is a gap in percentage points (said in passing: "高1.5个百分
        点"). `span` is the multi-year span in force (a change's end, a total over it)."""
        kind = tokens[i].kind
        aside = clause.versus and i > 0 and "(" in tokens[i - 1].text
        if ((aside or (clause.regions and subject is not None
                       and subject.clause != clause.start))
                and s.cues is not None and clause.cues == Cues()
                and clause.qualifier is None and self.value(tokens[i]).kind == "percent"):
            # A clause naming only another place and a rate ("A增长3.0%，全国为5.9%"), or a
            # rate compared with in brackets ("比8月当月(3.4%)"): the same measure.
            clause.cues = s.cues
        found, j = self._run(tokens, i)
        points = any(value.kind == "pp" for value, _, _ in found)
        _said_after(tokens, j, clause.cues)
        rule = "aside" if aside else "clause"
        if kind == "every":
            subject = self._every_subject(tokens[i], subject, s, clause)
            stated = self.grammar.every.fullmatch(tokens[i].text)
            if stated is not None and (word := stated.group("q") or stated.group("qb")
                                       or stated.group("qm")):
                clause.qualifier = PRE_QUALIFIERS[word]
            else:
                # "全国每4辆新能源汽车就有1辆是广东造" rounds the share: the spec's reference
                # figures read it as about 25%.
                clause.qualifier = clause.qualifier or "about"
            clause.cues.add("share", "")
            rule = "every"
        elif kind == "rank":
            rule = "rank"
        elif "share" in clause.cues.seen and _FRACTION.fullmatch(tokens[i].text):
            rule = "share_words"  # 占全国一半以上, 超七成, 四分之一
        elif subject is not None and subject.label:
            rule = "label"
        periods, by_period = self._periods(found, s, clause, span)
        usable = (subject is not None and not subject.poisoned and not clause.dirty
                  and not clause.ordinal and None not in periods and not _qualifies(tokens, j))
        if clause.cues.base_year is None:
            clause.cues.base_year = s.origin_year
        if not usable or subject is None:
            return j, points
        regions = clause.regions or subject.regions
        if len(clause.regions) == 1 and subject.clause != clause.start \
                and not (clause.versus or clause.compared) \
                and len(subject.entries) == 1 and subject.regions != clause.regions \
                and not in_brackets(tokens, i):
            # "新能源汽车方面，全国产量1652.8万辆，增长28.1%": the place named for the
            # subject in a later clause stays its place.
            subject.regions = list(clause.regions)
        entries = subject.entries
        if len(entries) - len(subject.joinable) == len(found) < len(entries):
            # "医疗仪器设备及器械、3D打印设备…": 及 joined one name, not two items.
            entries = [e for k, e in enumerate(entries) if k not in subject.joinable]
        elif len(entries) == 1 < len(found) == len(s.subjects) and len(regions) == 1:
            # "“小巨人”企业1528家、单项冠军企业132家，分别居全国第三、第二": one value
            # for each subject the part named, in order.
            entries = list(s.subjects)
        quote_from = subject.clause if subject.sentence == s.start else clause.start
        quote_to = next((t.start for t in tokens[j:] if t.kind == "clause"), s.end)
        dated = [(value, post, period)
                 for (value, post, _), period in zip(found, periods, strict=True)]
        if by_period:
            pairs = pair_up(entries, regions, dated[:1])
            pairs = [(entry, region, v) for entry, region, _ in pairs for v in dated]
            rule = "periods"
        elif clause.each:
            pairs = each_takes(entries, regions, dated)
            rule = "each"
        else:
            pairs = pair_up(entries, regions, dated)
            if len(pairs) > 1:
                rule = "list" if len(entries) > 1 else "regions"
        carried = subject.sentence != s.start
        if carried and rule == "clause":
            rule = "carried"
        for place, (entry, region, (value, post, period)) in enumerate(pairs):
            if entry is not None and region is not None and period is not None:
                evidence = Evidence(rule, place if len(pairs) > 1 else 0,
                                    not (s.dated or s.spanned), carried)
                self.recorder.record(entry, region, value, post, clause, s.status, period,
                                     (quote_from, quote_to), evidence)
        return j, points

    def _run(self, tokens: list[Token], i: int) -> tuple[list[Found], int]:
        """The values of one run ("x%、y%和z%"), each with the qualifier after it."""
        kind = tokens[i].kind
        found: list[Found] = []
        j = i
        while j < len(tokens) and tokens[j].kind == kind:
            post = None
            k = j + 1
            while k < len(tokens) and tokens[k].kind in ("qual", "neutral"):
                post = POST_QUALIFIERS.get(tokens[k].text, post)
                k += 1
            found.append((self.value(tokens[j]), post, tokens[j]))
            j = k
            if j + 1 < len(tokens) and tokens[j].kind == "sep" and tokens[j + 1].kind == kind:
                j += 1
            else:
                break
        return found, j

    def _periods(self, found: list[Found], s: Sentence, clause: Clause,
                 span: tuple[PeriodSpec, PeriodSpec] | None
                 ) -> tuple[list[PeriodSpec | None], bool]:
        """The period of each value, and whether they come from a list of periods."""
        # A list of periods (一季度、上半年…分别增长x、y) gives each value its own period.
        by_period = s.period is None and len(s.periods) == len(found) > 1
        periods = s.periods if by_period else [s.period] * len(found)
        if (s.spanned or not s.dated) and s.period is None and span and "to" in clause.cues.seen:
            # "五年来…由8万辆跃升至50万辆"; "回顾“十四五”：…；企业从1010家增加到1590家".
            periods = [span[1]] * len(found)
        elif span and clause.total and ((s.spanned and s.period is None)
                                        or (not s.dated and found[0][0].kind == "amount")):
            # "十四五期间累计完成工业投资超5000亿元; 技改投资累计超过600亿元": the span the
            # paragraph named, unless the part names its own period.
            periods = [across(span)] * len(found)
        return periods, by_period

    def value(self, t: Token) -> Value:
        """The value a value, rank or every token states."""
        if t.kind == "rank":
            digits = re.search(r"第(.+?)(?:位|名)?$", t.text)
            return Value(number(digits.group(1)) if digits else 1.0, "位", "rank", False)
        if t.kind == "every":
            m = self.grammar.every.fullmatch(t.text)
            assert m is not None
            return Value(100.0 * number(m.group("m")) / number(m.group("n")), "%", "percent",
                         False)
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
        for pattern, entry in self.grammar.subjects.product_entries:
            if pattern.fullmatch(product):
                return Subject([entry], [region], s.start, clause.start, clause.left_dirty)
        return None


_LEVEL_NOUNS = tuple(lexicon().words("level_nouns"))


def _qualifies(tokens: list[Token], j: int) -> bool:
    """Whether the value run ending before tokens[j] only describes a thing the catalog does
    not know ("R&D经费投入超过千亿元的地市有2个"): 的, then unknown words."""
    if not (j + 1 < len(tokens) and tokens[j].text == "的" and tokens[j + 1].kind == "other"):
        return False
    after = "".join(t.text for t in tokens[j + 1:j + 4])
    return not after.startswith(_LEVEL_NOUNS)  # "高于全国2.68%的水平": the figure itself


def _said_after(tokens: list[Token], j: int, cues: Cues) -> None:
    """A growth said after its rate: "产量保持18.4%的较快增长", "实现6%的增长"."""
    if j >= len(tokens) or tokens[j].text != "的" or cues.seen & {"grow", "fall", "rise"}:
        return
    k = j + 1
    while k < len(tokens) and tokens[k].kind == "glue":
        k += 1
    if k < len(tokens) and tokens[k].kind == "cue" and cue_kind(tokens[k].text) in ("grow",
                                                                                     "fall"):
        cues.add(cue_kind(tokens[k].text), tokens[k].text)
