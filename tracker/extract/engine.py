"""The reading loop: paragraphs -> sentences (see sentences.py) and table rows -> figures.

Each paragraph is read sentence by sentence, each sentence part by part (between semicolons),
up to the clause that names a target. Periods resolve against the sentence, then the
paragraph's opening period, then the story's running period (story.py). Notes and changes of
method are read in notes.py.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.catalog import Catalog
from tracker.extract.clean import Clean
from tracker.extract.figures import Figure
from tracker.extract.notes import Notes, first_year_of, note_statuses, speaks_for_whole
from tracker.extract.recorder import Recorder
from tracker.extract.sentences import SentenceReader
from tracker.extract.state import Sentence, Subject, merge, projected
from tracker.extract.story import Story, carries
from tracker.extract.tablerows import TableReader
from tracker.extract.tokens import Grammar, Token
from tracker.lexicon import lexicon
from tracker.numerals import CN_NUM
from tracker.periods import DATE, PeriodSpec, parse_period
from tracker.trie import trie

# A sentence runs to 。; its parts between semicolons are read one by one, but 预计 and a
# region named in one part (全国…；工业机器人产量…) speak for the whole sentence.
_SENTENCE = re.compile(r"[^。!?\n\t]+")
_PART = re.compile(r"[^;]+")
# A part with no digit, no numeral and none of these words states no figure.
_WORTH_READING = re.compile(f"[0-9]|{CN_NUM}|{trie(lexicon().words('worth_reading'))}")
# A speaker's label opening a paragraph of a transcript: a name or title, then a colon.
_SPEAKER = re.compile(r"\s*[^,:;。!?\d\s]{2,24}:")
_HEADING_MAX = 30  # characters: a paragraph this short without a sentence end is a heading
_SENTENCE_END = re.compile(r"[。!?;]")
_TARGET_GAP = re.compile(trie(lexicon().words("target_gap")))
_ARTICLE_END = re.compile(rf"\s*(?:{trie(lexicon().words('article_ends'))})")
_NOTE_PART = re.compile(r"[^。;；]+")  # a note's sentences and the parts of its items
_DATE_ONLY = re.compile(DATE)
_ITEM_ENDS = ("；", ";", "，", ",", "、")  # a list item's end when the list goes on
# "截至2025年底，广东…；同期全国…": a part opening with 同期 is dated as the part before it.
_SAME_PERIOD = re.compile(rf"\s*(?:{trie(lexicon().words('same_period'))})")


class Reader:
    """Reads one document's analysis text into figures."""

    def __init__(self, clean: Clean, published: dt.date, region: str, catalog: Catalog,
                 grammar: Grammar) -> None:
        self.text = clean.text
        self.own = region
        self.catalog = catalog
        self.grammar = grammar
        self.recorder = Recorder(clean, published, catalog)
        self.sentences = SentenceReader(region, catalog, grammar, self.recorder)
        self.tables = TableReader(self.text, region, catalog, grammar, self.recorder)

    def read(self) -> list[Figure]:
        """All figures, each once, in document order."""
        story = Story(self.recorder.published)
        notes = Notes(self.text)
        pos = 0
        table_from = 0  # the first figure of the table read last
        after_table = 2  # paragraphs since the last table row (2: none near)
        in_plan = False  # the last paragraph was a heading naming a plan
        breaks: list[tuple[set[str | None], int]] = []  # method changes announced
        for para in self.text.split("\n"):
            start, pos = pos, pos + len(para) + 1
            if _ARTICLE_END.match(para):
                break
            if notes.take(para, start, pos - 1):
                self._note(notes.start or start, notes.end, table_from, notes.opened)
                continue
            if not para.strip():
                continue
            if _DATE_ONLY.fullmatch(para.strip()):
                continue  # "2025年4月" under a bulletin's title: the day it was signed
            if in_plan:
                # "【2026年主要预期目标】" then "地区生产总值增长5%左右；…": the paragraph under a
                # heading naming a plan is the plan, and so are the items after it, one a line
                # ("地区生产总值增长5%左右；" / "规模以上工业增加值增长7%以上；" / …).
                in_plan = para.rstrip().endswith(_ITEM_ENDS)
                continue
            heading = self._heading(para)
            # Lines with no sentence in them: a heading, or a page's navigation run together.
            unsentenced = not _SENTENCE_END.search(para)
            in_plan = (heading and self._names_target(start, pos - 1)
                       and not self._states_value(start, pos - 1))
            para_period = story.in_force
            first_dated: PeriodSpec | None = None  # the period of the first part with figures
            if "\t" in para:
                if after_table != 0:
                    table_from = len(self.recorder.figures)  # a table starts
                after_table = 0
                self.tables.row(start, pos - 1, story.period)
            else:
                self.tables.prose(start, pos - 1)
                if self.tables.layout is None:  # not a section's name inside the table
                    after_table += 1
                if after_table > 1:
                    # A note speaks for the table above it, even past one paragraph of comment
                    # under it ("简要分析：…" then "注：1.地区生产总值…为初步核算数"); otherwise
                    # for the figures after the last paragraph before it.
                    table_from = len(self.recorder.figures)
            carry: Subject | None = None
            self.sentences.span = self.sentences.origin = None
            self.sentences.recent = []
            index = 0  # parts read so far: the first opens the paragraph
            provisional = False  # a sentence of the paragraph said 初步核算
            topic: str | None = None  # the city a paragraph's opening sentence is about
            # "规划与产业政策处负责人：上半年，…": who speaks names no plan.
            said = _SPEAKER.match(self.text, start, pos - 1)
            speaker = said.end() if said else start
            for whole in _SENTENCE.finditer(self.text, start, start + len(para)):
                status, said_at = self.grammar.status_at(whole.group())
                said_at += whole.start()  # where the words giving the status stand
                # "预计全年地区生产总值…；规模以上工业增加值…": a status word before the first
                # subject speaks for the whole sentence; one after it ("研发投入强度预计达2.9%；
                # 国家高新技术企业达2612家") for its own part only.
                opening = status not in ("E", "P") or not any(
                    t.kind == "subject" for t in self.grammar.tokens(self.text, whole.start(),
                                                                     said_at))
                region: str | None = topic
                found = self.recorder.sentence = len(self.recorder.figures)
                planned = False  # a target named: the rest of the sentence is the plan
                # The period of the sentence's part read last: what a later part's 同期 means
                # (a sentence opening with 同期 is back to the paragraph's period).
                previous = para_period
                # A speaker's greeting does not open the paragraph's story.
                opens = not self._exclaims(whole)
                if index == 0 and not opens and not _WORTH_READING.search(whole.group()):
                    continue
                for m in _PART.finditer(self.text, whole.start(), whole.end()):
                    index += 1 if opens or index else 0
                    if planned or not _WORTH_READING.search(m.group()):
                        continue
                    before = len(self.recorder.figures)
                    end, planned = self._before_target(max(m.start(), speaker), m.end())
                    tokens = self.grammar.tokens(self.text, m.start(), end)
                    stated = previous if _SAME_PERIOD.match(m.group()) else para_period
                    stated = story.year_end(stated, tokens)
                    if status == "E" and not any(t.kind in ("period", "multi") for t in tokens):
                        stated = projected(stated)
                    sentence = Sentence(m.start(), end, status, stated, region=region)
                    if status == "B" and not m.start() <= said_at < m.end():
                        # "汽车产量214.86万辆（…与上年不可比）；新能源汽车产量增长19.6%": the
                        # change of method is said of its own part.
                        sentence.status = "A"
                    elif status in ("E", "P") and (said_at >= end or (
                            not opening and said_at < m.start())):
                        # Its status word is in a later part, or an earlier one it did not open.
                        sentence.status = "A"
                    elif status in ("E", "P") and said_at > m.start():
                        # An estimate or a preliminary figure from its status word on.
                        sentence.status, sentence.pending = "A", status
                    carry = self.sentences.sentence(tokens, sentence, carry)
                    previous = sentence.period
                    if first_dated is None and len(self.recorder.figures) > before:
                        first_dated = sentence.period
                    if planned:
                        carry = None
                    region = sentence.region
                    if carries(sentence.period, para_period, index > 1):
                        para_period = sentence.period or para_period
                    if planned:
                        para_period = self._plan_period(end, m.end(), para_period)
                    stated_any = len(self.recorder.figures) > before
                    if index == 1 and not planned and not (
                            unsentenced and not stated_any and _relative(para_period)) and not (
                            not stated_any and para.rstrip().endswith("?")
                            and story.unfinished(para_period)):
                        # Lines dated only by 今年/去年 that state nothing are another story's
                        # headline in the page's navigation ("横琴合作区今年再推新政"); a
                        # question of a period not over that states nothing ("2025年又要怎么
                        # 干？") asks of plans, and dates none of the figures after it.
                        story.opened(para_period, sentence, stated_any, self._annual())
                if status == "B" and len(self.recorder.figures) == found:
                    # "国家统计局自2025年起将汽车（含新能源汽车）产量统一按生产地口径统计": the
                    # story's figures of those subjects in that year are a break. A change
                    # that names no year (a headline's 统计口径调整) dates none.
                    named, since = self._method_change(whole.start(), whole.end())
                    if since is not None:
                        breaks.append((named, since))
                if provisional and status == "A":
                    # "初步核算，上半年…地区生产总值…。分季度看，一季度增长4.0%…": what a later
                    # sentence says of the subject the preliminary account named is as firm.
                    self.recorder.restate(found, "P", lambda f: f.rule == "carried")
                provisional = provisional or status == "P"
                if whole.start() == start and len(self.recorder.figures) == found:
                    # "广州的情况要复杂一些。虽然新能源汽车产量达到54.6万辆…": a first
                    # sentence with no figure, about one city, names the paragraph's place.
                    topic = self._topic(whole.start(), whole.end())
            story.dated_late(first_dated)
        for named, since in breaks:
            self.recorder.restate(0, "B", first_year_of(named, since))
        return self.recorder.figures

    def _heading(self, para: str) -> bool:
        """Whether a paragraph is a heading: short, with no sentence in it."""
        body = para.strip()
        return 0 < len(body) <= _HEADING_MAX and not _SENTENCE_END.search(body)

    def _states_value(self, start: int, end: int) -> bool:
        """Whether text states a number: a headline's deck ("今年目标增长四点五至五%") sums
        up the story under it; a plan's section heading ("【2026年主要预期目标】") names none."""
        return any(t.kind == "value" for t in self.grammar.tokens(self.text, start, end))

    def _names_target(self, start: int, end: int) -> bool:
        """Whether text names a target (目标, 力争…), not a plan named as a yardstick."""
        return any(m.lastgroup != "ref"
                   for m in self.grammar.target.finditer(self.text, start, end))

    def _exclaims(self, sentence: re.Match[str]) -> bool:
        """A sentence that ends in !: a speaker's greeting ("陈立新：各位媒体朋友，下午好！")."""
        return self.text[sentence.end():sentence.end() + 1] == "!"

    def _method_change(self, start: int, end: int) -> tuple[set[str | None], int | None]:
        """The subjects a sentence announcing a change of method names, and the first year
        it names (自2025年起), if any."""
        tokens = self.grammar.tokens(self.text, start, end)
        years = [p.year for t in tokens if t.kind == "period"
                 and (p := parse_period(t.text)).year is not None]
        return self._named(tokens), years[0] if years else None

    def _named(self, tokens: list[Token]) -> set[str | None]:
        """The indicators the subject tokens of a stretch name."""
        return {entry.indicator for t in tokens if t.kind == "subject"
                for g in self.grammar.subjects.groups if g.name == t.group
                for entry in g.resolve(t.text)}

    def _note(self, start: int, end: int, table_from: int, opened: int) -> None:
        """Restate the figures a note speaks for (notes.py note_statuses)."""
        since = 0 if speaks_for_whole(self.text, opened, end) else table_from
        parts = [(part.group(), self._named(self.grammar.tokens(self.text, *part.span())))
                 for part in _NOTE_PART.finditer(self.text, start, end)]
        for status, which in note_statuses(parts, self.grammar.status, self.catalog,
                                           self.own).items():
            self.recorder.restate(since, status, which)

    def _topic(self, start: int, end: int) -> str | None:
        """The one city a sentence names, if it names exactly one place."""
        codes = {self.grammar.regions.code(m.group(), self.own, self.catalog, None)
                 for m in self.grammar.places.finditer(self.text, start, end)}
        code = codes.pop() if len(codes) == 1 else None
        return code if code and self.catalog.regions[code].level == "city" else None

    def _annual(self) -> bool:
        """Whether the story so far has stated figures of a whole year: then a paragraph
        about part of that year is a digression (see story.narrows)."""
        return any(f.period_start.month == 1 and f.period_end.month == 12
                   and f.period_start.year == f.period_end.year
                   for f in self.recorder.figures)

    def _before_target(self, start: int, end: int) -> tuple[int, bool]:
        """Where a sentence part stops stating figures, the clause that names a target, and
        whether the rest of the sentence is the plan.

        "去年新能源汽车产量36.8万辆，今年要力争突破50万辆": what comes before the clause with
        力争/目标/到2027年 is an outcome; from that clause on it is a plan. A target named as
        the distance still to go ("距离…突破4000亿元目标仍有差距") is no plan: its clause
        states no figure, but the next part of the sentence speaks for itself again.
        """
        m = next((m for m in self.grammar.target.finditer(self.text, start, end)
                  if m.lastgroup != "ref"), None)
        if m is None:
            return end, False
        cut = max(self.text.rfind(",", start, m.start()), self.text.rfind(":", start, m.start()))
        cut = max(cut, start)
        return cut, _TARGET_GAP.search(self.text, cut, m.start()) is None

    def _plan_period(self, start: int, end: int, period: PeriodSpec | None) -> PeriodSpec | None:
        """The period in force after a plan clause: the last one it names, else `period`.

        "在去年新增…的基础上，今年力争新增500家以上。全年工业投资增长10%以上": the plan is for
        this year, and so is the 全年 that follows it.
        """
        named = [t.text for t in self.grammar.tokens(self.text, start, end) if t.kind == "period"]
        return merge(period, parse_period(named[-1])) if named else period


def _relative(period: PeriodSpec | None) -> bool:
    """Whether a period is dated only by a word relative to publication (今年, 去年)."""
    return period is not None and period.year is None and period.offset is not None
