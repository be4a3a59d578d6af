"""Names as people type them: every spelling of a code, and the closest ones on a miss.

Codes match in any case; so do the Chinese and English names and the aliases. A name is
compared without spaces, punctuation or width (NFKC), and the suffixes people drop are dropped
on both sides (深圳市 and 深圳, 汽车产业集群 and 汽车), so that 深圳, 深圳市, shenzhen and
Shenzhen all name 440300. tracker/catalog.py builds one index per kind and answers through it.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# Characters that never tell two names apart.
_NOISE = re.compile(r"[\s_\-·.,，、'\"()（）\[\]【】/]+")
# What people leave off a name, by kind of name.
SUFFIXES = {"region": ("省", "市", "city", "province"),
            "cluster": ("战略性产业集群", "产业集群", "集群", "cluster")}
_CODE_LIKE = re.compile(r"^[A-Za-z0-9_]+$")
_BRACKETED = re.compile(r"^(.*?)[(（]([^)）]*)[)）]")


def norm(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, without spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def forms(kind: str, names: Iterable[str]) -> set[str]:
    """Every normalized form of the given names, with the suffixes people drop dropped too."""
    found = set()
    for name in names:
        key = norm(name)
        if not key:
            continue
        found.add(key)
        # "Gross regional product (GDP)": the words before the brackets, and the abbreviation.
        if bracketed := _BRACKETED.match(name):
            found.update((norm(bracketed[1]), norm(bracketed[2])))
        for suffix in SUFFIXES.get(kind, ()):
            if key.endswith(suffix) and len(key) > len(suffix):
                found.add(key[: -len(suffix)])
    found.discard("")
    return found


def closest(got: str, valid: Sequence[str]) -> str | None:
    """The valid code most like `got`, or None when none is much like it.

    difflib's ratio ties often between codes (440001 is as "like" 442000 as 440000), so ties go
    to the longer shared prefix: codes are hierarchical, and a typo mostly keeps the start.
    """
    close = difflib.get_close_matches(got, list(valid), n=len(valid), cutoff=0.5)
    if not close:
        return None
    best = difflib.SequenceMatcher(None, got, close[0]).ratio()
    ties = [c for c in close if difflib.SequenceMatcher(None, got, c).ratio() == best]
    return max(ties, key=lambda c: _shared_start(got, c))


# Longer than any code, name or alias: a cell that ran on (a huge line), not a misspelling.
LONGEST_NAME = 200


def suggestions(got: str, index: dict[str, set[str]], codes: Sequence[str],
                n: int = 3) -> list[str]:
    """The codes most like `got`: the closest code for a mistyped code, else by name."""
    if len(got) > LONGEST_NAME:  # no name is this long, and likeness costs its length squared
        return []
    if _CODE_LIKE.match(got) and (near := closest(got, codes)):
        return [near]
    key = norm(got)
    ranked: list[str] = []
    if len(key) >= 2:  # a fragment of a name (机器人 in 工业机器人产量), shortest names first
        ranked += [c for k in sorted(index, key=len) if key in k for c in sorted(index[k])]
    # Like closest(): by likeness, ties to the longer shared start (佛州 is nearer 佛山 than 潮州).
    scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), _shared_start(key, k), k)
                     for k in index), reverse=True)
    ranked += [c for ratio, _, k in scored if ratio >= 0.5 for c in sorted(index[k])]
    return list(dict.fromkeys(ranked))[:n]


def _shared_start(a: str, b: str) -> int:
    return sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1],
                                              zip(a, b, strict=False)))
