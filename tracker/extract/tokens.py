"""The tokenizer: one master pattern that labels every known word of a sentence.

Text that no pattern claims becomes an `other` token; the engine treats it as a sign that a
number belongs to something the catalog does not track (a company, a sub-industry, a fair).
Alternatives are tried in order at each position, so longer and more specific words come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from tracker.catalog import Catalog, catalog
from tracker.extract.aliases import Subjects, build_subjects
from tracker.extract.clean import WIDTH as _WIDTH
from tracker.extract.labels import ATTRIBUTE, Labels, build_labels
from tracker.extract.measures import CUES
from tracker.extract.numbers import CN_NUM, VALUE
from tracker.extract.regions import RegionWords, region_words
from tracker.extract.starts import first_chars
from tracker.extract.tables import header_cell
from tracker.lexicon import lexicon
from tracker.periods import MULTI, PERIOD, YEAR
from tracker.trie import trie

_LEX = lexicon()
_BREAK = re.compile(trie(_LEX.words("status_break")))
_COMPARED = tuple(_LEX.words("compare"))  # 比, 较…: what a status word after them is compared
_N = f"(?:\\d+|{CN_NUM})"
_CL = f"(?:{trie(_LEX.words('counted', 'shares.every'))})"
PRE_QUALIFIERS = _LEX.table("qualifiers.before")
POST_QUALIFIERS = _LEX.table("qualifiers.after")
# Qualifiers that also compare two figures ("高于全国2.68%的水平").
COMPARATIVES = frozenset(_LEX.words("comparatives", "qualifiers"))
# A plan named as the yardstick of an outcome ("超过年度计划13.6个百分点") states no target.
PLAN_REFERENCE = (trie(_LEX.words("plan_yardstick")) + f"(?:{trie(_LEX.words('plan_of'))})?"
                  + f"(?:{trie(_LEX.words('plan_noun'))})")
CUE_WORDS = tuple(w for k in ("grow", "fall", "rise", "to", "delta", "skip") for w in CUES[k])
WORDS = {
    # A dash (——, "-" after normalizing) opens an aside much as a comma does.
    # "约506万辆(其中新能源汽车产量253.2万辆…)": a bracket opening with 其中 is a clause.
    "clause": r"[,:]|-{2,}|\((?=其中)",
    # "到2027年" opens a plan, but "(提高)到2025年的4.5万亿元" is where a change ended.
    "target": trie(_LEX.words("target")) + r"|到(?:19|20)\d\d年(?![末底]?的)",
    # "分别居全国第三、第二": the ranks after the first of a list need no 全国 of their own.
    "rank": (f"(?:{trie(_LEX.words('verbs', 'ranks'))})?全国"
             f"(?:{trie(_LEX.words('among', 'ranks'))})?"
             f"(?:第{_N}(?:位|名)?|{trie(_LEX.words('first', 'ranks'))})"
             f"|(?<=[、和])第{_N}(?:位|名)?(?![\u4e00-\u9fff])"),
    "avg": trie(CUES["avg"]),
    "compare": f"(?:{trie(_LEX.words('compare'))})(?:{PERIOD})(?:同期)?",
    # The start of a change, "由2020年底的5.5万家(增加到…)", "由不足15万辆", or the base of a
    # comparison, "比2020年的11.37万亿元(增加3万多亿元)": its own period, for one number.
    "origin": (f"(?:(?:{trie(_LEX.words('origin'))})(?:{PERIOD})?的?"
               f"|(?:{trie(_LEX.words('versus'))})(?:{PERIOD})的)"
               f"(?=(?:{trie(PRE_QUALIFIERS)})?(?:\\d|{CN_NUM}))"),
    "date": f"(?:{YEAR})?(?:1[0-2]|0?[1-9])月\\d{{1,2}}日",
    # "GDP在4000亿元至5000亿元之间的城市": a range that picks things out, no figure.
    "range": f"在(?:{VALUE})(?:至|到|~|-)(?:{VALUE})(?:之间|以内)",
    "multi": MULTI + "|" + trie(_LEX.words("since", "periods.spans")),
    "period": PERIOD,
    "status": trie(_LEX.words("status")),
    "ordinal": f"第(?={_N})",
    "value": VALUE,
    "share": _LEX.text("shares", "national"),
    "cue": trie(CUE_WORDS),
    "qual": trie(list(PRE_QUALIFIERS) + list(POST_QUALIFIERS)),
    # A total: over a multi-year span (十四五期间累计完成…) it covers the span's years.
    "total": trie(_LEX.words("total")),
    # 就 (already) is glue, but not the first character of 就业.
    # 连续N年 / 连续多年 (for years running); a count of the places just listed, 深圳、广州两市.
    "othermeasure": trie(_LEX.words("other_measures", "subjects")),
    "glue": (trie(_LEX.words("glue")) + f"|连续第?(?:{_N}|多)年|就(?!业)"
             + "|[两三四五六七八九十]+(?:个)?(?:城市|地市|市|地|省)"
             # How a paragraph frames what follows: 从城市分布看, 分行业看, 分季度看.
             + r"|[从分][\u4e00-\u9fff]{1,6}?看(?=[,:])"),
    "lookback": trie(_LEX.words("lookback")),
    "cause": f"在[^,:;。\\d]{{1,20}}?(?:{trie(_LEX.words('cause_ends'))})",
    "sep": trie(_LEX.words("list_separators")),
    # "…、无人机等产品产量", "广州、惠州等地市…": the end of a list that goes on unnamed.
    "closer": trie(_LEX.words("list_closers")),
    # "佛山、东莞地区生产总值均超过1.2万亿元": one value for every subject of the list.
    "each": trie(_LEX.words("each")),
    "final": trie(_LEX.words("final")),
    "both": trie(_LEX.counts("both")),
    # "比全省GDP增速(6.2%)高…": what a figure is compared with, stated in passing.
    "versus": trie(_LEX.words("versus")),
    # Section numbers and the bullets of a list ("· 制造业增加值占GDP比重: …").
    "heading": (r"[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)"
                r"|[▶►▸·•●■◆▪]"),
    "neutral": r"[“”‘’「」『』\"'《》()\s]+",
    # A short bracketed gloss after a name, "单项冠军企业(产品)", qualifies nothing.
    # So does a ratio's gloss, "R&D经费投入强度(与地区生产总值之比)".
    # A bulletin's footnote mark, "地区生产总值[1]13375.60亿元", stands for nothing either.
    "aside": r"\([\u4e00-\u9fff]{1,4}\)|\(与[^()]{1,16}之比\)|\[\d{1,2}\]",
}
# Kinds of word whose running across a line break shows the break is inside it.
_WORDS_ACROSS = frozenset(("subject", "value", "cue", "denominator", "period", "region",
                           "rank", "share", "qual"))
_NAMED = frozenset(WORDS) | {"every", "anyshare", "region", "behind", "other", "label",
                              "attribute"}
_CUE_KIND = {w: k for k, words in CUES.items() for w in words}


class Token(NamedTuple):
    """A labelled span of a sentence (offsets into the analysis text)."""

    kind: str
    start: int
    end: int
    text: str
    group: str  # the master-pattern group that matched (subject and denominator groups)


@dataclass(frozen=True)
class Grammar:
    """The compiled master pattern and the vocabularies behind it."""

    pattern: re.Pattern[str]
    subjects: Subjects
    labels: Labels
    regions: RegionWords
    every: re.Pattern[str]
    kinds: dict[str, str]  # master group name -> token kind
    # A sentence that states a target (目标, 力争, 到2027年) is skipped; a match in the `ref`
    # group is a plan named as a yardstick, not a target.
    target: re.Pattern[str]
    status_words: re.Pattern[str]
    units: frozenset[str]  # the catalog's units as published (万辆, 亿元…)
    places: re.Pattern[str]  # the region words alone, to find the places a sentence names

    def status(self, sentence: str) -> str:
        """SDMX status of a sentence's figures: E after 预计/预估, P after 初步核算, B after a
        change of method (口径调整), else A."""
        return self.status_at(sentence)[0]

    def status_at(self, sentence: str) -> tuple[str, int]:
        """A sentence's status and where the words that give it stand (0 for A): an estimate
        or a preliminary figure holds from its word on ("去年全省规上工业增加值增长4.2%，工业总
        产值预计突破20万亿元": the growth is no estimate)."""
        if m := _BREAK.search(sentence):
            return "B", m.start()
        # "根据年度快报数据，预计…": an estimate made from flash data is still an estimate;
        # "修订为…，比快报数增加9.37亿元": flash data compared with is not the figure's status.
        words = [m for m in self.status_words.finditer(sentence)
                 if not sentence[:m.start()].endswith(_COMPARED)]
        if not words:
            return "A", 0
        return ("E" if any(w.group().startswith("预") for w in words) else "P"), words[0].start()

    def joins(self, before: str, after: str) -> bool:
        """Whether a word of these kinds runs across the junction of `before` and `after`
        ("研" + "发经费支出", "4600" + "亿元"): text broken apart by a line break inside it."""
        text = before.translate(_WIDTH) + after.translate(_WIDTH)
        at = len(before)
        for m in self.pattern.finditer(text):
            if m.start() >= at:
                return False  # the tokens after the junction cannot run across it
            if m.end() > at and m.lastgroup is not None \
                    and self.kinds[m.lastgroup] in _WORDS_ACROSS:
                return True
        return False

    def continues(self, line: str) -> bool:
        """Whether a line opens with a verb, a qualifier, a status word or a value: it goes on
        with the line before it (see lines.Continues)."""
        first = self.pattern.match(line.translate(_WIDTH))
        return first is not None and self.kinds.get(first.lastgroup or "") in _CONTINUING

    def header_cell(self, line: str) -> bool:
        """Whether a line alone is a table header's cell (see tables.header_cell)."""
        return header_cell(line, self.units)

    def tokens(self, text: str, start: int, end: int) -> list[Token]:
        """Label text[start:end]; stretches no pattern claims come out as `other`."""
        kinds, new = self.kinds, tuple.__new__
        # Every alternative is a named group, so `lastgroup` is never None. The tuples are
        # made directly (a NamedTuple's own constructor is a Python call per token, and the
        # tokenizer makes a token every few characters).
        return [new(Token, (kinds[group], *m.span(), m.group(), group))
                for m in self.pattern.finditer(text, start, end)
                if (group := m.lastgroup) is not None]



# Token kinds a line that goes on with the one before may open with.
_CONTINUING = frozenset(("glue", "cue", "qual", "status", "value", "total", "denominator",
                         "share"))


def _guarded(pattern: str) -> str:
    """`pattern` behind a lookahead for its possible first characters (when they are known)."""
    starts = first_chars(pattern)
    if not starts:
        return pattern
    return f"(?=[{''.join(re.escape(c) for c in sorted(starts))}]){pattern}"


def _grouped(parts: list[str], size: int = 4) -> str:
    """The alternation of `parts` in their order, each run of `size` behind one lookahead for
    the characters the run can start with: where none of them stands, `re` skips the run in
    one step instead of trying its alternatives one by one (about 40% of the tokenizer's time
    on the corpus)."""
    out: list[str] = []
    run: list[str] = []
    chars: set[str] = set()

    def close() -> None:
        if len(run) > 1:
            out.append(f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])"
                       f"(?:{'|'.join(run)})")
        else:
            out.extend(run)
        run.clear()
        chars.clear()

    for part in parts:
        starts = first_chars(part)
        if starts is None:  # any character may start it: it cannot share a guard
            close()
            out.append(part)
            continue
        run.append(part)
        chars.update(starts)
        if len(run) == size:
            close()
    close()
    return "|".join(out)


def compares(tokens: list[Token], i: int) -> bool:
    """A comparative (高于, 低于) right before a place compares another figure with that
    place's: the place's own figure, after it, is as stated."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "neutral":
        k -= 1
    return k >= 0 and tokens[k].kind == "qual" and tokens[k].text in COMPARATIVES


def cue_kind(word: str) -> str:
    """The CUES key of a cue word."""
    return _CUE_KIND[word]


@cache
def grammar() -> Grammar:
    """The master pattern built from the repository's catalog (compiled once per process)."""
    return build_grammar(catalog())


def build_grammar(cat: Catalog) -> Grammar:
    """Compile the master pattern for a catalog."""
    lex = build_subjects(cat)
    labels = build_labels(cat, trie(PRE_QUALIFIERS))
    regions = region_words(cat)
    # "…就有1部“东莞造”" / "…就有1部产自东莞": the share is the place's named after it.
    # "全国约每4部…" / "…就有超2辆": a qualifier before either count qualifies the share.
    quals = trie(PRE_QUALIFIERS)
    words = _LEX.lists("shares.every")
    every = (f"全国(?P<q>{quals})?每(?P<n>{_N}){_CL}(?P<prod>{lex.products})?(?:中)?,?"
             f"(?P<qb>{quals})?(?:就)?有(?P<qm>{quals})?(?P<m>{_N}){_CL}(?:是|为)?"
             f"(?:(?:{trie(words['from'])})(?P<src>{regions.pattern})"
             f"|[“\"](?P<made>{regions.pattern})(?:{trie(words['made'])})[”\"])?")
    # A list line's label goes first: its name would otherwise read as a product (汽车).
    parts = [f"(?P<label>{labels.pattern})", f"(?P<clause>{WORDS['clause']})",
             f"(?P<target>{WORDS['target']})",
             "(?P<every>" + re.sub(r"\(\?P<\w+>", "(?:", every) + ")"]
    # Frequent kinds that never begin a subject go before the long subject alternation;
    # glue comes after it because subjects begin with glue words (规模以上, 十大...).
    for kind in ("rank", "avg", "origin", "compare", "date", "range", "multi", "period", "value",
                 "cue", "sep"):
        parts.append(f"(?P<{kind}>{_guarded(WORDS[kind])})")
    # "仅次于江苏居全国第二": the place a rank trails is not the subject's region.
    parts.append(f"(?P<behind>(?:{trie(_LEX.words('behind', 'regions'))})"
                 f"(?:{regions.pattern}))")
    parts.append(f"(?P<region>{regions.pattern})")
    parts += [f"(?P<{name}>{_guarded(pattern)})"
              for name, pattern in lex.denominator_patterns.items()]
    parts.append(f"(?P<anyshare>{trie(_LEX.words('any', 'shares'))})")
    parts.append(f"(?P<share>{WORDS['share']})")
    # Each subject group is an alternation of many heads that `re` tries one by one; a
    # lookahead for the characters they can start with fails most positions in one step.
    parts += [f"(?P<{g.name}>{_guarded(g.pattern)})" for g in lex.groups]
    # What a list line's label measures ("1. 新能源：2024年营收…"), when no subject took it.
    parts.append(f"(?P<attribute>{_guarded(ATTRIBUTE)})")
    # Qualifiers after subjects: 超 must not take the first character of 超高清视频显示.
    for kind in ("qual", "status", "ordinal", "lookback", "cause", "closer", "final", "both",
                 "othermeasure", "glue",
                 "total",
                 "each", "versus", "heading",
                 "aside", "neutral"):
        parts.append(f"(?P<{kind}>{WORDS[kind]})")
    body = _grouped(parts)
    starts = first_chars(body)
    if starts:
        # Stretches no token can start in are claimed in one step (see starts.py).
        body = f"(?P<other>[^{''.join(re.escape(c) for c in sorted(starts))}]+)|{body}"
    # Anything else is one character of unknown text: every position yields a token.
    body += "|(?P<lone>.)"
    pattern = re.compile(body, re.S)
    kinds = {name: name if name in _NAMED else "subject" if name[0] == "s" else "denominator"
             for name in pattern.groupindex}
    kinds["lone"] = "other"
    return Grammar(pattern, lex, labels, regions, re.compile(every), kinds,
                   re.compile(f"(?P<ref>{PLAN_REFERENCE})|{WORDS['target']}"),
                   re.compile(WORDS["status"]), frozenset(cat.units),
                   re.compile(regions.pattern))
