"""The English vocabulary (tracker/extract/data/english.toml), read once, and its phrases as
regex sources.

A phrase is matched as whole words in any case: a space stands for any run of spaces, hyphens
or quotes ("new energy" matches new-energy and "new energy"), a hyphen for an optional one
(high-tech, high tech), `[a|b]` for optional words, and the last word may take a plural s.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

SEP = r"[\s\-“”\"'‘’]+"
_OPT_SEP = r"[\s\-]?"
# A phrase starts and ends at a word's edge.
BEFORE = r"(?<![A-Za-z0-9&])"
AFTER = r"(?![A-Za-z0-9&])"


@cache
def english_words() -> dict[str, Any]:
    """The parsed english.toml (once per process)."""
    raw = (Path(__file__).parent / "data" / "english.toml").read_text("utf-8")
    words = tomllib.loads(raw)
    words["qualifiers_by_word"] = {w: q for q, ws in words["qualifiers"].items() for w in ws}
    return words


def _word(word: str) -> str:
    return _OPT_SEP.join(re.escape(part) for part in word.split("-"))


def phrase(text: str, plural: bool = True) -> str:
    """The regex source of one phrase (see the module doc), without its word edges."""
    words = text.split()
    parts: list[str] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if word.startswith("["):
            alts = "|".join(_word(a) for a in word[1:-1].split("|"))
            parts.append(f"(?:{SEP}(?:{alts}))?" if last else f"(?:(?:{alts}){SEP})?")
            continue
        before_optional_end = i == len(words) - 2 and words[-1].startswith("[")
        body = _word(word)
        if plural and last and word[-1].isalpha():
            body += "s?"
        parts.append(body + ("" if last or before_optional_end else SEP))
    return "".join(parts)


def alternation(words: Iterable[str], plural: bool = False) -> str:
    """Phrases as one alternation, longest first, without word edges."""
    return "|".join(phrase(w, plural) if " " in w or "[" in w or plural
                    else re.escape(w).replace(r"\-", _OPT_SEP)
                    for w in sorted(words, key=len, reverse=True))
