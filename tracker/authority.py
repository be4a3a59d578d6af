"""Source authority: which publisher answers first when sources disagree.

The rules are data (`tracker/data/source_rankings.toml`, or a warehouse's own copy loaded with
`tracker rankings --load`); this module reads them and ranks one release description. The store
keeps each release's rank beside it and the vintage order (tracker/store/vintage.py) puts rank
first, so a later repost never replaces the statistics bureau's figure.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tracker.errors import InputError
from tracker.paths import RANKINGS_FILE

DEFAULT_RULES = RANKINGS_FILE


@dataclass(frozen=True)
class Tier:
    """One rung of the ladder: a rank and the patterns a release must match to stand on it."""

    rank: int
    name: str
    label_zh: str
    label_en: str
    publisher: re.Pattern[str] | None
    title: re.Pattern[str] | None

    def matches(self, publisher: str, title: str) -> bool:
        """Whether a release with this publisher and title stands on this tier."""
        if self.publisher is not None and not self.publisher.search(publisher):
            return False
        return self.title is None or bool(self.title.search(title))


@dataclass(frozen=True)
class Rankings:
    """The tiers in rank order, the caps by grade, and what an unmatched release gets."""

    tiers: tuple[Tier, ...]
    grade_floor: dict[str, int]
    default_rank: int
    default_tier: str
    origin: str

    def rank(self, publisher: str, title: str, grade: str) -> tuple[int, str]:
        """(rank, tier name) of one release; a lower rank answers first."""
        rank, tier = self.default_rank, self.default_tier
        for candidate in self.tiers:
            if candidate.matches(publisher, title):
                rank, tier = candidate.rank, candidate.name
                break
        floor = self.grade_floor.get(grade, self.default_rank)
        if floor > rank:
            return floor, "repost" if grade != "C" else "weak_copy"
        return rank, tier


def _pattern(where: str, text: Any) -> re.Pattern[str] | None:
    if text is None or text == "":
        return None
    try:
        return re.compile(str(text))
    except re.error as exc:
        raise InputError(where, "a regular expression", repr(text),
                         f"Fix the pattern ({exc}).") from None


def parse(spec: dict[str, Any], origin: str) -> Rankings:
    """Rankings from the parsed TOML (or its JSON copy in a warehouse)."""
    tiers = []
    for i, row in enumerate(spec.get("tier", [])):
        where = f"{origin}: tier {i + 1}"
        if not isinstance(row.get("rank"), int) or not row.get("name"):
            raise InputError(where, "an integer `rank` and a `name`", repr(row),
                             "Give every [[tier]] a rank (1 answers first) and a name.")
        if not row.get("publisher") and not row.get("title"):
            raise InputError(where, "a `publisher` or `title` pattern", repr(row),
                             "A tier without patterns would match every release.")
        tiers.append(Tier(row["rank"], row["name"], row.get("label_zh", row["name"]),
                          row.get("label_en", row["name"]), _pattern(where, row.get("publisher")),
                          _pattern(where, row.get("title"))))
    floors = {str(k): int(v) for k, v in spec.get("grade_floor", {}).items()}
    return Rankings(tuple(sorted(tiers, key=lambda t: t.rank)), floors,
                    int(spec.get("default_rank", 5)), str(spec.get("default_tier", "repost")),
                    origin)


def read_file(path: Path) -> dict[str, Any]:
    """The TOML rules file as a plain dict, or an InputError that says how to fix it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "a source rankings TOML file", "no such file",
                         f"Copy {DEFAULT_RULES} and edit it.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), "valid UTF-8 TOML", str(exc),
                         "Fix the file's syntax.") from None


@cache
def default() -> Rankings:
    """The repository's rankings."""
    return parse(read_file(DEFAULT_RULES), str(DEFAULT_RULES))
