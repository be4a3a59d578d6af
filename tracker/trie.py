"""Word lists as regexes that the `re` engine tries quickly: a trie, longest word first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def trie(words: Iterable[str]) -> str:
    """A regex matching any of the literal `words`, longest first, factored by shared prefixes.

    `re` tries the alternatives of `a|b|c` one by one; as a trie it checks one character per
    level, which matters at every position of the text.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie(root)


def _trie(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Longest first: the optional empty end comes after the longer continuations.
    return f"(?:{body})?" if ends else body
