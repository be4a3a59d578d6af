"""The vocabulary of Chinese releases, read once from the data file
`tracker/extract/data/lexicon.toml`.

Modules ask for a word class by name (`lexicon().words("glue")`) instead of holding their own
literals, so the words of every rule are in one place anyone can read and extend. It lives at
the top of the package because the period grammar (tracker/periods/) reads it too, and must
not import the extraction engine to do so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Vocabulary:
    """The parsed lexicon file."""

    data: dict[str, Any]

    def words(self, name: str, section: str = "words") -> tuple[str, ...]:
        """A list of words: `[section] name = [...]`, dotted sections allowed."""
        return self.lists(section)[name]

    def table(self, section: str) -> dict[str, str]:
        """A table of word -> meaning (`[qualifiers.before]`), dotted sections allowed."""
        node: dict[str, Any] = self.data
        for part in section.split("."):
            node = node[part]
        return {k: v for k, v in node.items() if isinstance(v, str)}

    def counts(self, section: str) -> dict[str, int]:
        """A table of word -> number (`[both] "两项指标" = 2`), dotted sections allowed."""
        node: dict[str, Any] = self.data
        for part in section.split("."):
            node = node[part]
        return {k: int(v) for k, v in node.items()}

    def lists(self, section: str) -> dict[str, tuple[str, ...]]:
        """Every list of a section: `[cues] grow = [...]` -> {"grow": (...)}."""
        node: dict[str, Any] = self.data
        for part in section.split("."):
            node = node[part]
        return {k: tuple(v) for k, v in node.items() if isinstance(v, list)}

    def text(self, section: str, name: str) -> str:
        """One string value (`[shares] national = "..."`)."""
        value = self.data[section][name]
        assert isinstance(value, str)
        return value

    @property
    def confidence(self) -> dict[str, float]:
        """The weights of the doubts about a figure (see confidence.py)."""
        return {k: float(v) for k, v in self.data["confidence"].items()}

    def rule_base(self, rule: str) -> float:
        """The confidence of a rule's figure when nothing else is in doubt."""
        return float(self.data["rules"][rule])


@cache
def lexicon() -> Vocabulary:
    """The lexicon shipped with the package (parsed once per process)."""
    raw = (Path(__file__).parent / "extract" / "data" / "lexicon.toml").read_text("utf-8")
    return Vocabulary(tomllib.loads(raw))
