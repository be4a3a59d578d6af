"""The characters a regex can start a match with, so a tokenizer can skip the rest in one step.

Python's `re` tries every alternative of a pattern at every position; for a long alternation over
Chinese text, where most characters start nothing, that dominates the cost. `first_chars` walks
the parsed pattern and returns the set of possible first characters (None if it cannot tell, e.g.
`.` or a negated class), so `[^...]+` can consume the stretches no alternative can start in.
"""

from __future__ import annotations

import re._constants as sre
import re._parser as sre_parse
import string
from typing import Any

_CATEGORIES = {sre.CATEGORY_DIGIT: string.digits, sre.CATEGORY_SPACE: string.whitespace}
_TRANSPARENT = (sre.ASSERT_NOT, sre.ASSERT, sre.AT)


def first_chars(pattern: str) -> set[str] | None:
    """Possible first characters of a match of `pattern`; None when any character might be."""
    chars: set[str] = set()
    nullable = _seq(list(sre_parse.parse(pattern)), chars)
    return None if nullable is None or nullable else chars


def _seq(items: list[tuple[Any, Any]], out: set[str]) -> bool | None:
    """Add the first characters of a sequence; True if it can match empty, None if unknown."""
    for op, av in items:
        if op in _TRANSPARENT:
            continue
        if op is sre.LITERAL:
            out.add(chr(av))
            return False
        if op is sre.IN:
            if not _charset(av, out):
                return None
            return False
        if op is sre.SUBPATTERN:
            nullable = _seq(list(av[3]), out)
        elif op is sre.BRANCH:
            results = [_seq(list(alt), out) for alt in av[1]]
            nullable = None if None in results else any(results)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            nullable = _seq(list(av[2]), out)
            nullable = None if nullable is None else (nullable or av[0] == 0)
        else:
            return None
        if nullable is None:
            return None
        if not nullable:
            return False
    return True


def _charset(items: list[tuple[Any, Any]], out: set[str]) -> bool:
    for op, av in items:
        if op is sre.LITERAL:
            out.add(chr(av))
        elif op is sre.RANGE:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.update(_CATEGORIES[av])
        else:
            return False
    return True
