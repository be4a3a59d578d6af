"""The English reader: paragraphs -> sentences -> figures, recorded as the Chinese engine's are.

A number's subject is, in order: the subject right after it ("2,061 little giant firms", "a 21
percent jump in the manufacture of integrated circuits", "236.1 billion yuan on R&D"), the
subject its list maps it to ("A and B grew 5% and 6%, respectively"), else the subject in force
(named last in the sentence, or in the sentence before when this one opens with "This"/"It").
What follows a percentage says whether it is a share of the national total ("of the country's
total"), of a denominator ("of the province's GDP"), or a growth ("a 4.2 percent increase").
Periods resolve against the sentence, then the paragraph, then the story.
"""

from __future__ import annotations

import datetime as dt
import re

from tracker.catalog import Catalog
from tracker.extract.clean import Clean
from tracker.extract.english_grammar import OWN_CITY, OWN_PROVINCE, english_grammar
from tracker.extract.english_lists import lists
from tracker.extract.english_periods import ends_with, latest, looks_back
from tracker.extract.english_ranks import every, rank
from tracker.extract.english_shares import after
from tracker.extract.english_state import CLAUSE_MARK, Named, Walk
from tracker.extract.english_subjects import OF, anaphor, counted_subject, of_place
from tracker.extract.english_tables import TableReader, is_row
from tracker.extract.english_text import paragraphs, sentences
from tracker.extract.english_tokens import Token, tokens
from tracker.extract.english_values import names_other, post_subject, record_value
from tracker.extract.english_words import english_words
from tracker.extract.figures import Figure
from tracker.extract.recorder import Recorder
from tracker.extract.regions import NATION
from tracker.extract.state import merge
from tracker.periods import PeriodSpec, resolve

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_HEADING_MAX = 100  # characters: a line this short without a sentence end is a heading
# A list item, which states its figures without a full stop: a bullet ("- Smartphones: 655
# million units, down 2.3 percent"), or a label and its value ("Integrated circuits: 58.3
# billion units, up 18.7%", as a page's <li> gives it).
_ITEM = re.compile(r"\s*(?:[-–•·*▪►]\s+|[^\W\d][^:.!?]{1,60}:\s+(?:(?:about|around|roughly|nearly|"
                   r"over|up|down|some)\s+)*[$¥]?\d(?![\d,]{3}(?:\D|$)))", re.I)
_BY = re.compile(r"\s+(?:by|in\s+terms\s+of)\s+(?:its\s+|the\s+)?", re.I)
_TRAILING = re.compile(r"year[\s-]on[\s-]year|yoy|y-o-y", re.I)
_REVENUE_OF = frozenset(english_words()["attributes"]["revenue_of"])
# "0.1 percentage points slower than in the first half", "orders had picked up since the
# second quarter": the period compared with, or counted from, dates no figure of the sentence.
_THAN = re.compile(r"(?:than|compared\s+(?:with|to)|since)\s+(?:(?:in|during|for)\s+)?"
                   r"(?:that\s+of\s+)?\Z", re.I)
_NATION_TOTAL = re.compile(r"(?:the\s+)?(?:national|country's|nation's|china's)\s+total"
                           r"(?:\s+output)?\s+of\s+\Z", re.I)


class EnglishReader:
    """Reads one English document's analysis text into figures."""

    def __init__(self, clean: Clean, published: dt.date, region: str, catalog: Catalog) -> None:
        self.text = clean.text
        self.published = published
        self.own = region
        self.catalog = catalog
        self.grammar = english_grammar()
        self.recorder = Recorder(clean, published, catalog)
        self.city: str | None = region if catalog.regions[region].level == "city" else None
        # The place a paragraph's figures are of when a sentence names none: the release's own,
        # or the city its first sentence spoke of ("Dongguan's GDP rose 4.1 percent. Industrial
        # value added above designated size grew 5.0 percent.").
        self.topic = region
        self.tables = TableReader(self.text, self.grammar, self.recorder, catalog, region)

    def read(self) -> list[Figure]:
        """All figures, each once, in document order."""
        story: PeriodSpec | None = None
        index = 0  # paragraphs read so far
        table: list[tuple[int, int]] = []  # the rows of the table being read
        caption: tuple[int, int] | None = None  # the last heading: what a table is of
        listed: PeriodSpec | None = None  # the period a heading gives the list items under it
        aims = False  # the heading over the list items names a plan
        for p_start, p_end in [*paragraphs(self.text), (len(self.text), len(self.text))]:
            if is_row(self.text[p_start:p_end]):
                table.append((p_start, p_end))
                continue
            if table:
                self.tables.read(table, caption, story)
                table = []
            if p_start == p_end:
                break
            period = story
            previous: Named | None = None
            opening: PeriodSpec | None = None
            if self._heading(p_start, p_end, index):
                caption = (p_start, p_end)
                # "Fact box: Guangdong, H1 2025" over its items: the period they are of.
                heading = self._walk(p_start, p_end, story)
                listed = heading.periods[-1][1] if heading and heading.periods else None
                # "What the province is aiming for in 2026": the items under it are plans.
                aims = self.grammar.targets.search(self.text, p_start, p_end) is not None
                continue
            if _ITEM.match(self.text, p_start, p_end):
                if aims:
                    continue
                period = listed or period
            else:
                listed, aims = None, False
            index += 1
            before = len(self.recorder.figures)  # the figures of the sentence before
            self.topic = self.own
            for n, (s_start, s_end) in enumerate(sentences(self.text, p_start, p_end)):
                walk = self._walk(s_start, s_end, period)
                if walk is None:
                    continue
                found = len(self.recorder.figures)
                previous = self._read(walk, previous) or previous
                places = {f.region for f in self.recorder.figures[found:]}
                if n == 0 and len(places) == 1 and (place := places.pop()) is not None \
                        and self.catalog.regions[place].level == "city":
                    self.topic = place
                if walk.status == "B" and len(self.recorder.figures) == found:
                    # "Statisticians cautioned that the figure is not comparable with previous
                    # years": the sentence before changed method.
                    self.recorder.restate(before, "B", lambda f: True)
                before = found
                if walk.periods:
                    last, base = walk.periods[-1][1], period or walk.periods[0][1]
                    # "…grew 2.4 percent, and 3.7 percent in June alone": a month inside the
                    # months in force dates its own number, not the sentences after it.
                    period = base if (last.kind == "month"
                                      and base.kind in ("ytd", "half", "quarter")) else last
                    opening = opening or latest(walk, self.published)
            if opening is not None and opening.kind not in ("point", "month") \
                    and not looks_back(opening, story, self.published):
                story = opening
        return self.recorder.figures

    def _heading(self, start: int, end: int, index: int) -> bool:
        """A title, a site's header line or a caption: no sentence ends in it, and it opens
        the document or is short. Its figures are the story's rounded ("tops 14.6 trillion")."""
        line = self.text[start:end].rstrip()
        if _SENTENCE_END.search(line) or _ITEM.match(line):
            return False
        return index == 0 or len(line) < _HEADING_MAX

    def _walk(self, start: int, end: int, context: PeriodSpec | None) -> Walk | None:
        """A sentence's tokens up to the clause that names a plan, its status and periods."""
        sentence = self.text[start:end]
        g = self.grammar
        status = "A"
        if g.method.search(sentence):
            status = "B"
        elif g.estimate.search(sentence) and not g.not_status.search(sentence):
            status = "E"
        elif g.preliminary.search(sentence):
            status = "P"
        if (m := g.targets.search(self.text, start, end)) is not None:
            end = self.clause_start(start, m.start())
        found = tokens(g, self.text, start, end)
        periods: list[tuple[int, PeriodSpec]] = []
        for i, t in enumerate(found):
            if t.kind != "period" or t.period is None:
                continue
            if ends_with(_THAN, self.text, start, t.start):
                continue
            spec = merge(context, t.period)
            if resolve(spec, self.published, estimate=status == "E") is None:
                # A period not over by publication ("by 2027", "this year" in March) is a plan's.
                cut = self.clause_start(start, t.start)
                found = [x for x in found[:i] if x.start < cut]
                break
            periods.append((t.start, spec))
        return Walk(start, end, status, found, periods, context)

    def clause_start(self, start: int, pos: int) -> int:
        marks = [m.end() for m in CLAUSE_MARK.finditer(self.text, start, pos)]
        return marks[-1] if marks else start

    def region(self, code: str | None) -> str | None:
        if code == OWN_PROVINCE:
            own = self.catalog.regions[self.own]
            return self.own if own.level == "province" else own.parent
        if code == OWN_CITY:
            return self.city
        return code

    def _read(self, walk: Walk, previous: Named | None) -> Named | None:
        """Record a sentence's figures; the subject it leaves in force."""
        toks = walk.tokens
        groups = lists(self.text, toks)
        pending: str | None = None  # the region named last, for subjects named after it
        subject: Named | None = None
        if toks and previous is not None and anaphor(self.text, walk):
            subject = Named(previous.entry, previous.region, previous.token, carried=True)
        anchor = walk.start
        said = walk.start  # the end of the words read after the last number ("of China's")
        for i, t in enumerate(toks):
            if t.kind == "region" and t.start < said:
                continue
            if t.kind == "region":
                code = self.region(t.meaning.code if t.meaning else None)
                if code and self.catalog.regions.get(code, None) and \
                        self.catalog.regions[code].level == "city":
                    self.city = code
                place = code if code is not None else ""  # "": a place outside the catalog
                if subject and not subject.carried and subject.token.end >= anchor \
                        and self._follows(subject.token, t):
                    subject.region = place  # "the number of high-tech enterprises in Guangdong"
                else:
                    pending = place
                    nxt = toks[i + 1] if i + 1 < len(toks) else None
                    if subject is not None and (nxt is None or nxt.kind != "subject"):
                        # "Shenzhen's value added grew 10 percent, while Jiangsu's rose 7
                        # percent": a place alone names the subject in force again.
                        subject = Named(subject.entry, place, t, subject.carried)
            elif t.kind == "compare" and "--" in self.text[anchor:t.start]:
                pending = None
            elif t.kind in ("subject", "denominator") and t.meaning and t.meaning.entry \
                    and i > 0 and toks[i - 1].kind == "other" \
                    and OF.fullmatch(self.text, toks[i - 1].end, t.start):
                subject = None  # "exports of new energy vehicles": the exports'
            elif t.kind in ("subject", "denominator") and t.meaning and t.meaning.entry:
                if subject is not None and subject.token is t:
                    continue  # named already, by the count before it
                entry = of_place(self.text, toks, i) or t.meaning.entry
                subject = Named(entry, self.topic if pending is None else pending, t)
                walk.named.append(subject)
            elif t.kind == "other" or (t.kind == "attribute" and not self._of_revenue(subject)):
                subject = None
            elif t.kind == "rank":
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if nxt is not None and nxt.kind == "subject" and nxt.meaning \
                        and nxt.meaning.entry and _BY.fullmatch(self.text, t.end, nxt.start):
                    # "ranked first in China by economic output": what is ranked said after.
                    subject = Named(nxt.meaning.entry, self.topic if pending is None else pending,
                                    nxt)
                    walk.named.append(subject)
                if t.meaning is not None and t.meaning.entry is not None:
                    # "the largest provincial economy in China": what is ranked is said in it.
                    subject = Named(t.meaning.entry, self.topic if pending is None else pending, t)
                    walk.named.append(subject)
                rank(self, walk, t, subject)
            elif t.kind == "every":
                every(self, walk, i, subject)
            elif t.kind == "value" and t.value is not None:
                if i in groups:
                    item = groups[i]
                    if item is not None and item.subject.meaning and item.subject.meaning.entry:
                        where = item.region
                        own = self.topic if pending is None else pending
                        region = self.region(where.meaning.code if where.meaning else None) \
                            if where else own
                        named = Named(item.subject.meaning.entry, region, item.subject)
                        rule = "regions" if where else "list"
                        record_value(self, walk, i, named, item.cues, rule, item.position,
                                     item.last)
                else:
                    post = post_subject(self, walk, i, pending)
                    if post is not None:
                        walk.named.append(post)
                        subject = post
                        record_value(self, walk, i, post, (anchor, t.start), "clause")
                    elif subject is None and (counted := counted_subject(self, walk, t, pending)):
                        walk.named.append(counted)
                        subject = counted
                        record_value(self, walk, i, counted, (anchor, t.start), "clause")
                    elif subject is not None and not names_other(self, walk, i):
                        gap = (max(anchor, subject.token.end), t.start)
                        named = subject
                        if ends_with(_NATION_TOTAL, self.text, anchor, t.start):
                            # "…accounting for over 40 percent of the national total of
                            # 369,316 sets": the total is the nation's.
                            named = Named(subject.entry, NATION, subject.token, subject.carried)
                        record_value(self, walk, i, named, gap,
                                     "carried" if subject.carried else "clause")
                anchor = t.end
                said = after(self.text, toks, i, walk.end).end
        return walk.named[-1] if walk.named else subject

    def trails(self, toks: list[Token], k: int) -> bool:
        """A "year on year" right after the number before, which it speaks of ("up 29.7
        percent year on year and representing more than 40 percent of…")."""
        return k > 0 and toks[k - 1].kind == "value" and _TRAILING.fullmatch(toks[k].text) \
            is not None and not self.text[toks[k - 1].end:toks[k].start].strip(" ,")

    def _of_revenue(self, subject: Named | None) -> bool:
        """Whether the subject in force is a revenue, which "revenue" goes on naming."""
        return subject is not None and subject.entry.indicator in _REVENUE_OF

    def _follows(self, subject: Token, region: Token) -> bool:
        """A region said right after its subject: "X in Guangdong", "X of Shenzhen"."""
        gap = self.text[subject.end:region.start]
        return re.fullmatch(r"\s+(?:in|of|from)\s+(?:south\s+|southern\s+)?", gap, re.I) is not None
