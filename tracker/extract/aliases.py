"""Subjects: the catalog's indicator aliases compiled into patterns that read real prose.

Each alias is split into a head and an attribute tail (规模以上工业 | 增加值, 新能源汽车 | 产量) so
that the patterns also match what releases do with it: a filler verb between the two
(规模以上工业完成增加值), several heads sharing one tail (工业机器人、集成电路产量), and the usual
variants of a term (规上 for 规模以上, 营收 for 营业收入). Ratio aliases "N占D比重" become a
numerator subject and a denominator phrase, so "先进制造业增加值增长5%，占规模以上工业增加值比重为
56.1%" reads as the ratio. Indicators kept per cluster (`*`) take the cluster names as heads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.catalog import ANY_CLUSTER, Catalog
from tracker.lexicon import lexicon
from tracker.numerals import CN_NUM
from tracker.trie import trie

_LEX = lexicon()
# Where an alias's subject ends and what is measured of it begins.
ATTRIBUTES = _LEX.words("attributes", "subjects")
# Surface variants of terms inside aliases (canonical -> pattern).


def latin_blind(literal: str) -> str:
    """A regex for a literal in which Latin letters match either case ("gdp" for GDP)."""
    return "".join(f"[{ch.upper()}{ch.lower()}]" if ch.isascii() and ch.isalpha()
                   else re.escape(ch) for ch in literal)


TERMS = (
    *((canon, "(?:" + "|".join(latin_blind(v) for v in sorted(variants, key=len, reverse=True))
       + ")") for canon, variants in _LEX.lists("subjects.terms").items()),
    ("“", "[“「\"']?"),
    ("”", "[”」\"']?"),
)
# An abbreviation in brackets may sit between head and tail: 研究与试验发展(R&D)经费支出.
FILLER = (r"(?:\([A-Za-z&]{1,6}\))?(?:分别)?"
          f"(?:{trie(_LEX.words('fillers', 'subjects'))})?")
LIST_SEP = f"(?:{trie(_LEX.words('list_separators'))})"
SCOPE = _LEX.text("subjects", "scope")
TAIL_FILLERS = _LEX.lists("subjects.tail_fillers")
# Extraction-only surface forms, each with the reason the catalog's aliases do not cover it
# (see the lexicon's [subjects.extra_aliases]).
EXTRA_ALIASES = _LEX.lists("subjects.extra_aliases")
_RATIOS = _LEX.lists("subjects.ratios")
_RATIO_SCOPE = f"(?:{trie(_RATIOS['scopes'])})?"
_RATIO = re.compile(f"^(.+?)(?:{trie(_RATIOS['joins'])}){_RATIO_SCOPE}(.+?)(?:的)?"
                    f"(?:{trie(_RATIOS['nouns'])})$")
# In text: "占全省规上工业增加值比重", "相当于地区生产总值的" (then the percentage).
_RATIO_IN_TEXT = (f"(?:(?:占){_RATIO_SCOPE}(?:{{0}})(?:的)?(?:{trie(_RATIOS['nouns'])})?"
                  f"|(?:{trie([j for j in _RATIOS['joins_in_text'] if j != '占'])})"
                  f"{_RATIO_SCOPE}(?:{{0}})的)")
_GROUPS = trie(_LEX.words("cluster_groups", "subjects"))
_CLUSTER_GROUP = re.compile(f"^战略性(?:{_GROUPS})产业集群")
_CLUSTER_MODIFIER = re.compile(f"^({'|'.join(_LEX.words('cluster_modifiers', 'subjects'))})")
# What must end a cluster's name for it to stand for the cluster's revenue on its own.
_CLUSTER_TAIL = f"(?:{trie(_LEX.words('cluster_tail', 'subjects'))})"
# "绿色石化、智能家电…5个集群营业收入", "…、汽车等四个集群": the list's last name may count
# the items before its suffix.
_CLUSTER_COUNT = (f"(?:(?:{trie(_LEX.words('cluster_count_lead', 'subjects'))})?"
                  f"(?:\\d{{1,2}}|{CN_NUM})(?:{trie(_LEX.words('cluster_count', 'subjects'))}))?")
# "…、新能源、智能机器人等产业集群": a list that goes on unnamed, then its suffix.
CLUSTER_SUFFIX = (f"(?:{trie(_LEX.words('cluster_count_lead', 'subjects'))})?"
                  f"{_CLUSTER_COUNT}(?:战略性)?(?:{_GROUPS})?"
                  f"(?:{trie(_LEX.words('cluster_suffix', 'subjects'))})")


@dataclass(frozen=True)
class Entry:
    """What one head (+ tail) names: an indicator (None for a bare numerator) and its ratios."""

    key: str
    indicator: str | None
    cluster: str | None
    ratios: dict[str, str] = field(default_factory=dict)  # denominator indicator -> ratio


@dataclass(frozen=True)
class SubjectGroup:
    """One master-pattern alternative: a list of heads sharing a tail."""

    name: str
    pattern: str
    tail: re.Pattern[str]
    heads: re.Pattern[str]
    entries: dict[str, Entry]

    def named(self, text: str) -> Entry | None:
        """The entry one of the group's heads names when it is all of `text`, else None."""
        m = self.heads.fullmatch(text)
        return self.entries[m.lastgroup or ""] if m is not None else None

    def resolve(self, text: str) -> list[Entry]:
        """The entries named, in order, in a subject matched by `pattern`."""
        cut = self.tail.search(text)
        part = text[:cut.start()] if cut else text
        return [self.entries[m.lastgroup or ""] for m in self.heads.finditer(part)]


@dataclass(frozen=True)
class Subjects:
    """Subjects, denominators of shares and product nouns, ready for the tokenizer."""

    groups: list[SubjectGroup]
    denominators: dict[str, str]  # master group name -> denominator indicator
    denominator_patterns: dict[str, str]
    products: str  # pattern of product nouns (新能源汽车, 手机...) for 全国每N部X就有1部
    product_entries: list[tuple[re.Pattern[str], Entry]]


def compile_term(text: str) -> str:
    """A regex for an alias fragment, with term variants."""
    out: list[str] = []
    i = 0
    while i < len(text):
        for canon, pattern in TERMS:
            if text.startswith(canon, i):
                out.append(pattern)
                i += len(canon)
                break
        else:
            out.append(latin_blind(text[i]))
            i += 1
    return "".join(out)


def split_alias(alias: str) -> tuple[str, str]:
    """Head and attribute tail of an alias: 规模以上工业增加值 -> (规模以上工业, 增加值)."""
    best: tuple[int, int] | None = None
    for attr in ATTRIBUTES:
        pos = alias.find(attr, 1)
        if pos > 0 and (best is None or (pos, -len(attr)) < (best[0], -best[1])):
            best = (pos, len(attr))
    if best is None:
        return alias, ""
    return alias[:best[0]], alias[best[0]:]


def _surfaces(ind_code: str, catalog: Catalog) -> list[str]:
    ind = catalog.indicators[ind_code]
    names = list(ind.aliases) + list(EXTRA_ALIASES.get(ind_code, ()))
    if ind.cluster != ANY_CLUSTER:
        names.append(ind.name_zh.removesuffix("数"))
    # Bulletins name the statistical scope before an industry-wide total (规模以上工业总产值);
    # the scope does not change what is measured.
    names += [SCOPE + name for name in names if split_alias(name)[0] == "工业"]
    # The groups of clusters go by shorter names too: 战略性支柱产业集群 is 支柱产业集群.
    names += [name.removeprefix("战略性") for name in names
              if _CLUSTER_GROUP.match(name)]
    return list(dict.fromkeys(names))


def cluster_head(name: str) -> str:
    head = compile_term(name).replace("与", "(?:与|及|和)")
    if m := _CLUSTER_MODIFIER.match(name):
        head = f"(?:{m.group(1)})?" + head[len(m.group(1)):]
    # In a list only the last name may carry the suffix: "高端装备制造、智能机器人产业集群".
    return f"{head}(?:{CLUSTER_SUFFIX})?"


def build_subjects(catalog: Catalog) -> Subjects:
    """Compile the catalog's aliases into subject groups and share denominators."""
    plain: dict[str, list[str]] = {}
    ratios: list[tuple[str, str, str]] = []  # (ratio indicator, numerator text, denom text)
    for code in catalog.indicators:
        for alias in _surfaces(code, catalog):
            m = _RATIO.match(alias)
            if m and catalog.indicators[code].unit == "percent":
                ratios.append((code, m.group(1), m.group(2)))
            else:
                plain.setdefault(code, []).append(alias)

    def denotes(text: str) -> str | None:
        for code, aliases in plain.items():
            if any(re.fullmatch(_full(a), text) for a in aliases):
                return code
        return None

    ratio_of: dict[str, dict[str, str]] = {}  # numerator (indicator or text) -> {denom: ratio}
    for ratio, num, den in ratios:
        # "占规上工业比重" of a value added means the industry's value added.
        den_code = denotes(den) or (denotes(den + "增加值") if num.endswith("增加值") else None)
        if den_code is not None:
            ratio_of.setdefault(denotes(num) or num, {})[den_code] = ratio

    heads_by_tail: dict[str, dict[str, Entry]] = {}

    def add(alias: str, entry: Entry, head_pattern: str | None = None) -> None:
        # A per-cluster alias (营业收入) is all tail: the cluster name is its head.
        head, tail = ("", alias) if head_pattern else split_alias(alias)
        heads_by_tail.setdefault(compile_term(tail), {}).setdefault(
            head_pattern or compile_term(head), entry)

    for code, aliases in plain.items():
        ind = catalog.indicators[code]
        for alias in aliases:
            if ind.cluster == ANY_CLUSTER:
                for cl in catalog.clusters.values():
                    entry = Entry(cl.name_zh + alias, code, cl.code)
                    add(alias, entry, cluster_head(cl.name_zh))
                    if ind.unit == "CNY":
                        # "超高清视频显示、生物医药与健康集群分别增长6.2%和5.5%": a cluster
                        # named as a cluster, with no attribute, is measured by its revenue.
                        heads_by_tail.setdefault(_CLUSTER_TAIL, {}).setdefault(
                            cluster_head(cl.name_zh), entry)
            else:
                add(alias, Entry(alias, code, ind.cluster or None, ratio_of.get(code, {})))
    for num, dens in ratio_of.items():
        if num not in catalog.indicators:
            add(num, Entry(num, None, None, dens))
            # "先进制造业和高技术制造业分别占规上工业增加值比重为…": the share's numerator
            # named without its attribute, the denominator saying what is measured.
            head, tail = split_alias(num)
            if tail == "增加值":
                heads_by_tail.setdefault("", {}).setdefault(compile_term(head),
                                                              Entry(num, None, None, dens))
    # "汽车503.26万辆": an output alias's product noun alone names the output.
    for head, entry in list(heads_by_tail.get(compile_term("产量"), {}).items()):
        heads_by_tail.setdefault("", {}).setdefault(head, entry)

    groups = [_group(f"s{i}", tail, heads)
              for i, (tail, heads) in enumerate(sorted(
                  heads_by_tail.items(), key=lambda kv: (kv[0] == "", -len(kv[0]))))]
    den_patterns: dict[str, str] = {}
    den_codes: dict[str, str] = {}
    for i, den_code in enumerate(sorted({d for v in ratio_of.values() for d in v})):
        alts = {compile_term(a.removesuffix("增加值")) + ("(?:增加值)?" if a.endswith("增加值")
                else "") for a in plain[den_code]}
        name = f"d{i}"
        den_codes[name] = den_code
        ordered = "|".join(sorted(alts, key=len, reverse=True))
        den_patterns[name] = _RATIO_IN_TEXT.format(ordered)
    products = _products(catalog, heads_by_tail)
    pattern = "(?:" + "|".join(p for p, _ in products) + ")"
    return Subjects(groups, den_codes, den_patterns, pattern,
                   [(re.compile(p), e) for p, e in products])


def _filler(tail: str) -> str:
    """What may stand between a head and `tail` (a compiled tail)."""
    extra = TAIL_FILLERS.get(tail)
    return (f"(?:{trie(extra)})?" if extra else "") + FILLER


def _full(alias: str) -> str:
    head, tail = split_alias(alias)
    compiled = compile_term(tail)
    return compile_term(head) + (_filler(compiled) + compiled if tail else "")


def _group(name: str, tail: str, heads: dict[str, Entry]) -> SubjectGroup:
    ordered = sorted(heads, key=len, reverse=True)
    alt = "(?:" + "|".join(ordered) + ")"
    pattern = f"{alt}(?:{LIST_SEP}{alt})*" + (_filler(tail) + tail if tail else "")
    finder = re.compile("|".join(f"(?P<h{i}>{p})" for i, p in enumerate(ordered)))
    entries = {f"h{i}": heads[p] for i, p in enumerate(ordered)}
    return SubjectGroup(name, pattern, re.compile(_filler(tail) + tail + "$"), finder, entries)


def _products(catalog: Catalog,
              heads_by_tail: dict[str, dict[str, Entry]]) -> list[tuple[str, Entry]]:
    """Nouns for counted products (汽车, 手机...): heads of 产量 and bare product aliases."""
    out: list[tuple[str, Entry]] = []
    for tail in (compile_term("产量"), ""):
        for head, entry in heads_by_tail.get(tail, {}).items():
            ind = catalog.indicators.get(entry.indicator or "")
            if ind and ind.unit in ("vehicle", "unit", "piece"):
                out.append((head, entry))
    return sorted(out, key=lambda pe: len(pe[0]), reverse=True)
