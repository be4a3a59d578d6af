"""Token shapes the reader looks for around a word: lists it sits in, what a number after it is.

Each function reads a sentence's tokens around position `i` and never changes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.extract.numbers import FRACTION
from tracker.extract.tokens import Token, cue_kind
from tracker.lexicon import lexicon
from tracker.periods import parse_period

_FRACTION = re.compile(FRACTION)
# What may open a clause before a list of names without making its numbers someone else's.
_OPENERS = frozenset(("period", "region", "glue", "total", "neutral", "heading", "status"))


def listed_after(tokens: Sequence[Token], i: int, kind: str) -> bool:
    """True when tokens[i] follows a token of `kind` and a list separator (一季度、上半年)."""
    return i >= 2 and tokens[i - 1].kind == "sep" and tokens[i - 2].kind == kind


def national_share(tokens: Sequence[Token], i: int) -> bool:
    """True when 全国 at tokens[i] is the whole a share is of, not the subject's region.

    "接近全国的四分之一", "全国约十分之一的经济总量": a fraction (or 全国的 and a percentage)
    follows 全国 directly, where a figure of the nation itself would name its subject first.
    """
    j = i + 1
    possessive = False
    while j < len(tokens) and (tokens[j].kind in ("qual", "neutral") or tokens[j].text == "的"):
        possessive = possessive or tokens[j].text == "的"
        j += 1
    if j == len(tokens) or tokens[j].kind != "value":
        return False
    text = tokens[j].text
    return bool(_FRACTION.fullmatch(text)) or (possessive and text.endswith("%"))


def named_after(tokens: Sequence[Token], i: int) -> int | None:
    """Index of the subject a value at tokens[i] is a part of, "十分之一的经济总量"; else None.

    The subject must end the phrase: in "四分之一的新能源汽车零部件企业" it only begins a name
    the catalog does not know.
    """
    k = i + 1
    while k < len(tokens) and tokens[k].kind == "qual":
        k += 1  # "全国十分之一以上的经济总量"
    if k + 1 >= len(tokens) or tokens[k].text != "的" or tokens[k + 1].kind != "subject":
        return None
    ends = k + 2 == len(tokens) or tokens[k + 2].kind in ("clause", "sep", "rank")
    return k + 1 if ends else None


def unnamed_items(tokens: Sequence[Token], i: int) -> tuple[list[str], list[int]]:
    """The names the catalog does not know that precede the subject at tokens[i] in its list,
    in list order (a cluster's name said without its suffix may be among them), and which of
    them (by place in the list) follow 和/及/与 after another unknown name.

    "3D打印设备、民用无人机、服务机器人产量分别增长52.3%、28.6%、19.4%": the two unknown
    products keep their places when the values are paired by position; in "医疗仪器设备及器械、…"
    the second name may be part of the first (see values.py). Counted only when the list opens
    its clause, so nothing else unknown stands before the subject.
    """
    soft_after: list[int] = []  # items (counted back from the subject) after a 和/及/与
    texts: list[str] = []
    k = i - 1
    while k >= 0 and tokens[k].kind == "sep":
        if tokens[k].text != "、" and texts:
            soft_after.append(len(texts))
        item_end = k - 1
        k = item_end
        while k >= 0 and tokens[k].kind in ("other", "neutral"):
            k -= 1
        if k == item_end:
            return [], []
        texts.append("".join(t.text for t in tokens[k + 1:item_end + 1]).strip())
    while k >= 0 and tokens[k].kind in _OPENERS:
        k -= 1
    if not (k < 0 or tokens[k].kind == "clause"):
        return [], []
    return texts[::-1], [len(texts) - back for back in soft_after]


def after_listed_value(tokens: Sequence[Token], i: int) -> bool:
    """True when the subject at tokens[i] opens the next item of a list of "subject value" pairs.

    "工业技改投资增长10.8%、工业设备更新投资增长21.4%": the number before the separator is
    the previous item's, so it does not make this subject someone else's.
    """
    k = i - 1
    while k >= 0 and tokens[k].kind in ("glue", "total", "neutral"):
        k -= 1
    if k < 1 or tokens[k].kind != "sep":
        return False
    k -= 1
    while k >= 0 and tokens[k].kind in ("qual", "neutral"):
        k -= 1
    return k >= 0 and tokens[k].kind == "value"


def previous(tokens: list[Token], i: int) -> int | None:
    """Index of the token before tokens[i], skipping brackets, quotes and spaces."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "neutral":
        k -= 1
    return k if k >= 0 else None


def titled(tokens: list[Token], i: int) -> bool:
    """A colon right after a subject (and its share's denominator) titles what follows:
    "制造业增加值占GDP比重: 2024年为32.3%" is one clause."""
    return (tokens[i].text == ":" and i > 0
            and tokens[i - 1].kind in ("subject", "denominator"))


# Classifiers a count of things ends in: "7家…企业", "3个…项目".
_CLASSIFIERS = frozenset(lexicon().words("classifiers", "numbers"))


def counted_after(tokens: list[Token], i: int) -> int | bool | None:
    """What a count at tokens[i] counts when its noun follows it ("7.5万家高新技术企业"):
    the index of that subject when it ends the phrase, False when the noun is one the
    catalog does not know ("7家制造业企业进入…"), None when no noun follows."""
    if tokens[i].kind != "value" or tokens[i].text[-1] not in _CLASSIFIERS:
        return None
    k = past_glue(tokens, i + 1)  # "1525家国家级专精特新“小巨人”企业"
    nxt = tokens[k] if k < len(tokens) else None
    if nxt is None or nxt.kind not in ("subject", "other"):
        return None
    if nxt.kind == "other":
        return False
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    return k if after is None or after.kind in ("clause", "sep") else False


def aside_follows(tokens: list[Token], i: int) -> bool:
    """A figure in brackets comes next, after glue (当月): "比8月当月(3.4%)", "比1—9月(修订后为
    3.0%)"."""
    k = past_glue(tokens, i + 1)
    if not (k < len(tokens) and tokens[k].kind == "neutral" and "(" in tokens[k].text):
        return False
    k = past_glue(tokens, k + 1)  # "(修订后为3.0%)"
    if k < len(tokens) and tokens[k].kind == "cue" and cue_kind(tokens[k].text) in _CHANGES:
        k = past_glue(tokens, k + 1)  # "比1—5月(下降7.1%)", "比一季度(增长3.6%)"
    return k < len(tokens) and tokens[k].kind == "value"


_YEAR_WRITTEN = re.compile(r"(?:19|20)\d\d")
_CHANGES = ("grow", "fall")


def bracket_aside(tokens: list[Token], i: int) -> str | None:
    """The same measure in another period or place, in brackets right after a figure: the
    kind of the token naming it ("period", "region"), else None. tokens[i] is the first token
    after the value run, which may have taken the bracket: "相当于地区生产总值的3.46%
    (2024年为3.37%)", "增长5.8%(全省为3.1%)". Only a year written out: "上年" there is
    relative to the figure's own year, not to the release's; a part of the year with no year
    of its own ("增长6.3%(一季度增长5.1%)") is of the figure's year."""
    if i < len(tokens) and tokens[i].kind == "neutral" and tokens[i].text.endswith("("):
        i += 1
    elif not (i > 0 and tokens[i - 1].kind == "neutral" and tokens[i - 1].text.endswith("(")):
        return None
    k = past_glue(tokens, i + 1)
    if k < len(tokens) and tokens[k].kind == "cue" and cue_kind(tokens[k].text) in _CHANGES:
        k += 1
    if not (i + 1 < k < len(tokens) and tokens[k].kind == "value"):
        return None
    named = tokens[i]
    if named.kind == "region" or (named.kind == "period" and (
            _YEAR_WRITTEN.match(named.text) or _part_of_year(named.text))):
        return named.kind
    return None


def _part_of_year(text: str) -> bool:
    """"一季度", "1-5月", "上半年": a part of a year with no year of its own, relative or not."""
    spec = parse_period(text)
    return spec.year is None and spec.offset is None and not spec.now \
        and spec.kind in ("quarter", "half", "ytd", "month")


def counts_subject(t: Token, following: list[Token]) -> bool:
    """A count of things (20个) right before a subject names how many the subject groups."""
    return bool(following) and following[0].kind == "subject" and t.text.endswith("个")


def verb_after_subject(tokens: list[Token], i: int) -> bool:
    """Whether the subject at tokens[i] follows another subject with only glue between."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "glue":
        k -= 1
    return k < i - 1 and k >= 0 and tokens[k].kind == "subject"


def in_brackets(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] stands inside brackets opened earlier in its part ("（同期全国…"):
    brackets open and close in the text of the tokens before it."""
    depth = 0
    for t in tokens[:i]:
        depth += t.text.count("(") - t.text.count(")")
    return depth > 0


def remark_end(tokens: list[Token], i: int) -> int | None:
    """Where a bracket opened at tokens[i] right after a subject closes, when it only remarks
    on the subject ("汽车（按生产地口径统计）产量9.41万辆", "(含新能源汽车)"): no figure,
    place or period inside. None when the bracket is not that."""
    if i == 0 or tokens[i - 1].kind != "subject" or not tokens[i].text.endswith("("):
        return None
    for k in range(i + 1, min(len(tokens), i + _REMARK)):
        if tokens[k].text.startswith(")"):
            return k
        if tokens[k].kind in _REMARK_STOPS or "(" in tokens[k].text:
            return None
    return None


_REMARK = 16  # tokens: the longest remark read as one
_REMARK_STOPS = frozenset(("subject", "value", "label", "every", "rank", "denominator", "share",
                           "anyshare", "period", "region", "multi", "clause", "status"))


def opens_statement(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i:] open with a place and a subject, after 同期 perhaps ("同期全国汽车
    产量…"): a statement of its own, not a figure compared in passing ("全省为3.1%")."""
    i = past_glue(tokens, i)
    return (i + 1 < len(tokens) and tokens[i].kind == "region"
            and tokens[i + 1].kind == "subject")


def subject_follows(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i:] open with a subject, after glue perhaps ("、国家级…“小巨人”企业")."""
    i = past_glue(tokens, i)
    return i < len(tokens) and tokens[i].kind == "subject"


def past_glue(tokens: Sequence[Token], i: int) -> int:
    """The index of the first token at or after i that is not glue."""
    while i < len(tokens) and tokens[i].kind == "glue":
        i += 1
    return i


def places_listed_before(tokens: list[Token], i: int) -> int:
    """How many places a list ending before tokens[i] names ("佛山、东莞、惠州"; "佛山、东莞分列
    第三、第四", their places in a ranking after them): places joined by 、/和, nothing else
    between; 0 when no place ends there."""
    k, said = i - 1, 0
    while k >= 0 and tokens[k].kind in _SAID_OF_PLACES and said < _SAID_MAX:
        k, said = k - 1, said + 1
    count = 0
    while k >= 0 and tokens[k].kind == "region":
        count += 1
        k -= 1
        if k >= 0 and tokens[k].kind == "sep":
            k -= 1
        else:
            break
    return count


_SAID_OF_PLACES = frozenset(("other", "ordinal", "heading", "rank", "glue"))
_SAID_MAX = 8  # tokens: what a list of places may have said of them before its clause ends
