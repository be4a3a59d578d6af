"""The English tokenizer: one master pattern over english.toml's words and the catalog's English
names, compiled once.

Tokens are tried in order at each position: dates and comparisons (which hold years that are
no period of a figure), runs of consecutive years, ranks, shares written as counts, periods,
fractions, values, then every phrase longest first (subjects, ratio numerators, denominators,
regions, cue words, and the things outside the catalog that end a subject's reach).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from tracker.catalog import ANY_CLUSTER, catalog
from tracker.extract.aliases import Entry
from tracker.extract.english_numbers import value_source
from tracker.extract.english_words import AFTER, BEFORE, alternation, english_words, phrase
from tracker.extract.regions import NATION
from tracker.periods import english_period_source
from tracker.trie import trie

OWN_PROVINCE, OWN_CITY = "@province", "@city"


@dataclass(frozen=True)
class Meaning:
    """What a phrase token stands for: its kind and, by kind, an Entry, a region code, a cue
    kind or a denominator code."""

    kind: str  # subject | denominator | region | cue | other | attribute | word
    entry: Entry | None = None
    code: str | None = None


@dataclass(frozen=True)
class EnglishGrammar:
    """The compiled master pattern and what each phrase group means."""

    master: re.Pattern[str]
    # first word -> one pattern of the phrases it opens (group r<i>) and their meanings
    phrases: dict[str, tuple[re.Pattern[str], list[Meaning]]]
    starts: frozenset[str]  # the words the master pattern's tokens can start with
    largest: dict[str, Entry]  # "the largest provincial economy" -> what it ranks first
    # Where a token can start: a digit, a currency sign, or a word that starts one.
    candidates: re.Pattern[str]
    targets: re.Pattern[str]
    estimate: re.Pattern[str]
    preliminary: re.Pattern[str]
    method: re.Pattern[str]  # a change of method (status B)
    not_status: re.Pattern[str]


def _phrases() -> list[tuple[str, Meaning]]:
    words = english_words()
    cat = catalog()
    ratio_rows = words["ratios"]
    found: list[tuple[str, Meaning]] = []
    for code, phrases in words["subjects"].items():
        indicator = cat.indicators[code]
        cluster = indicator.cluster if indicator.cluster not in ("", ANY_CLUSTER) else None
        entry = Entry(code, code, cluster, dict(ratio_rows.get(code, {})))
        found += [(p, Meaning("subject", entry)) for p in phrases]
    for key, ratios in ratio_rows.items():
        if key not in words["subjects"]:
            found.append((key, Meaning("subject", Entry(key, None, None, dict(ratios)))))
    for group in cat.clusters.values():
        entry = Entry(group.code, "cluster_revenue", group.code)
        names = [group.name_en.lower().replace(",", ""), *words["clusters"].get(group.code, [])]
        found += [(f"{name} {tail}", Meaning("subject", entry)) for name in names
                  for tail in ("industry cluster", "industrial cluster", "cluster")]
    for code, phrases in words["denominators"].items():
        found += [(p, Meaning("denominator", code=code)) for p in phrases]
    regions = words["regions"]
    for region in cat.regions.values():
        code = NATION if region.level == "country" else region.code
        found += [(region.name_en.lower(), Meaning("region", code=code)),
                  (f"{region.name_en.lower()}'s", Meaning("region", code=code))]
    found += [(w, Meaning("region", code=OWN_PROVINCE)) for w in regions["self_province"]]
    found += [(w, Meaning("region", code=OWN_CITY)) for w in regions["self_city"]]
    found += [(w, Meaning("region", code=NATION)) for w in regions["nation"]]
    found += [(w, Meaning("region", code=None)) for w in regions["elsewhere"]]
    found += [(w, Meaning("word")) for w in regions["not_nation"]]
    found += [(w, Meaning("word")) for w in words["shares"]["verbs"]]
    for kind, cues in words["cues"].items():
        found += [(w, Meaning("cue", code=kind)) for w in cues]
    found += [(w, Meaning("other")) for w in words["others"]["words"]]
    found += [(w, Meaning("attribute", code="revenue")) for w in words["attributes"]["revenue"]]
    return found


def _expand(text: str) -> list[str]:
    """A phrase opening with optional words, as the phrases with and without them."""
    if not text.startswith("["):
        return [text]
    head, _, rest = text.partition("] ")
    return [f"{alt} {rest}" for alt in head[1:].split("|")] + [rest]


def _phrase_table() -> dict[str, tuple[re.Pattern[str], list[Meaning]]]:
    """Every phrase by its first word, longest first, as one pattern per word: a word of the
    text is looked up, and only the phrases it can open are tried (one pattern over them all
    is far slower)."""
    rows: dict[str, list[tuple[str, Meaning, int]]] = defaultdict(list)
    seen: set[str] = set()
    for text, meaning in _phrases():
        for variant in _expand(text.lower()):
            first = _FIRST.match(variant)
            if variant in seen or first is None:
                continue
            seen.add(variant)
            plural = meaning.kind in ("subject", "other", "denominator")
            rows[first.group()].append((phrase(variant, plural), meaning, len(variant)))
    # "NEVs": a plural word opens the phrases of its singular too.
    for key in list(rows):
        if key[-1].isalpha():
            rows[key + "s"] = rows.get(key + "s", []) + rows[key]
    table: dict[str, tuple[re.Pattern[str], list[Meaning]]] = {}
    for key, found in rows.items():
        found.sort(key=lambda r: -r[2])
        source = "|".join(f"(?P<r{i}>{src})" for i, (src, _, _) in enumerate(found))
        table[key] = (re.compile(f"(?:{source}){AFTER}", re.I), [m for _, m, _ in found])
    return table


_FIRST = re.compile(r"[a-z0-9&]+")


def _largest() -> dict[str, Entry]:
    cat = catalog()
    return {w: Entry(code, code, None, dict(english_words()["ratios"].get(code, {})))
            for code, ws in english_words()["ranks"]["largest"].items() for w in ws
            if code in cat.indicators}


def _starts() -> frozenset[str]:
    """The first words of every master-pattern token (dates, periods, values, ranks…): the
    pattern is only tried where one of them, a digit or a currency sign starts."""
    words = english_words()
    periods = words["periods"]
    lists = [periods["words"]["months"], [m[:3] for m in periods["words"]["months"]],
             ["sept"], periods["words"]["compare"], periods["words"]["at"], list(periods["named"]),
             list(periods["years"]), ["over", "than", "compared", "from", "since", "for",
                                      "between", "the", "first", "respectively"],
             words["ranks"]["verbs"], words["ranks"]["lead"],
             list(words["numbers"]["fractions"]), list(words["numbers"]["words"]),
             [w for ws in words["ranks"]["largest"].values() for w in ws],
             words["numbers"]["yuan"], words["numbers"]["foreign"],
             [w for ws in words["qualifiers"].values() for w in ws]]
    return frozenset(m.group() for ws in lists for w in ws if (m := _FIRST.match(w.lower())))


def _rank_source() -> str:
    ranks = english_words()["ranks"]
    numbers = "|".join(english_words()["numbers"]["words"])
    ordinal = alternation(ranks["ordinals"])
    scope = alternation(ranks["scope"])
    runs = (rf"(?:\s*,?\s*(?:for|in)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)?|{numbers})\s+"
            rf"(?:consecutive|straight|successive)\s+years?"
            rf"|\s*,?\s*for\s+(?:\d+|{numbers})\s+years\s+in\s+a\s+row)?")
    largest = alternation(w for ws in ranks["largest"].values() for w in ws)
    return (rf"(?:(?:{alternation(ranks['verbs'])})\s+(?:(?:{alternation(ranks['places'])})\s+)?"
            rf"(?:as\s+|at\s+|in\s+)?(?:the\s+)?(?P<ord>{ordinal})(?:\s+place)?\s+(?:{scope})"
            rf"|(?P<largest>{largest})\s+(?:{scope}|in\s+china|in\s+the\s+country)"
            rf"|(?:(?:{alternation(ranks['verbs'])})\s+)?(?P<only>{alternation(ranks['only'])})"
            rf"\s+only\s+to(?:\s+\w+)?"
            rf"|(?P<lead>{alternation(ranks['lead'])})){runs}")


def _runs_source() -> str:
    numbers = "|".join(english_words()["numbers"]["words"])
    return (rf"for\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)?|{numbers})\s+(?:consecutive|straight"
            rf"|successive)\s+years?|for\s+(?:\d+|{numbers})\s+years\s+in\s+a\s+row"
            rf"|(?:\d+|{numbers})\s+(?:consecutive|straight)\s+years")


@cache
def english_grammar() -> EnglishGrammar:
    """The English grammar over the package catalog (built once per process)."""
    words = english_words()
    months = "|".join(f"{m}|{m[:3]}\\.?" for m in words["periods"]["words"]["months"])
    numbers = "|".join(words["numbers"]["words"])
    qualifiers = alternation(w for ws in words["qualifiers"].values() for w in ws)
    kinds = {
        "date": (rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}:\d{{2}}"
                 rf"|(?:{months}|sept\.?)\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,\s*\d{{4}})?"),
        "compare": alternation(words["periods"]["words"]["compare"]),
        "base": (r"(?:over|than|compared\s+with|from)\s+(?:in\s+)?"
                 r"(?P<baseyear>(?:19|20)\d{2})(?!\d)"),
        "origin": r"since\s+(?:the\s+end\s+of\s+)?(?:19|20)\d{2}",
        "rank": _rank_source(),
        "runs": _runs_source(),
        "every": (rf"(?:(?P<qevery>{qualifiers})\s+)?(?P<nfirst>\d+|{numbers})\s+"
                  rf"(?:{alternation(words['shares']['every'])})\s+"
                  rf"(?P<nevery>\d+|{numbers})(?![\d,.])"),
        "period": english_period_source(),
        "fraction": (rf"(?:(?:{qualifiers})\s+)?(?:{alternation(words['numbers']['fractions'])})"
                     r"(?=\s+of\b)"),
        "value": value_source(),
        "resp": r"respectively",
    }
    master = "|".join(f"(?P<{k}>{v})" for k, v in kinds.items())
    master = f"{BEFORE}(?:{master}){AFTER}"
    status = words["status"]
    phrases, starts = _phrase_table(), _starts()
    return EnglishGrammar(
        re.compile(master, re.I), phrases, starts, _largest(),
        re.compile(f"{BEFORE}(?:(?:{trie(sorted(set(phrases) | starts))}){AFTER}|[0-9$¥€])",
                   re.I),
        re.compile(f"{BEFORE}(?:{alternation(words['targets']['words'])}){AFTER}", re.I),
        re.compile(f"{BEFORE}(?:{alternation(status['E'])}){AFTER}", re.I),
        re.compile(f"{BEFORE}(?:{alternation(status['P'])}){AFTER}", re.I),
        re.compile(f"{BEFORE}(?:{alternation(status['B'])}){AFTER}", re.I),
        re.compile(f"{BEFORE}(?:{alternation(status['not_status'])}){AFTER}", re.I))
