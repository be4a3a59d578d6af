"""How a number relates to its subject: level, year-on-year growth, national share or rank.

Cue words between the subject and the number decide it. Growth is only year-on-year when said
plainly (增长, 同比增长, 增速, 下降...); 两年平均增长 / 年均增长, 拉动, 新增 and percentage-point
changes are other quantities and yield nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.numbers import Value
from tracker.lexicon import lexicon

# The cue words of each kind (grow, fall, rise, to, delta, avg, skip), from the lexicon.
CUES = lexicon().lists("cues")
_TO_BEFORE = lexicon().table("cues.to_implies")


@dataclass
class Cues:
    """Cue words seen since the subject (or the clause start), reset after each number."""

    seen: set[str] = field(default_factory=set)
    denominator: str | None = None  # after 占…比重
    any_share: bool = False  # after 占比
    base_year: int | None = None  # the year a change is measured from (比2020年增长)

    def add(self, kind: str, word: str) -> None:
        """Record a cue word of `kind` (a CUES key)."""
        if kind == "to" and word in _TO_BEFORE:
            self.seen.add(_TO_BEFORE[word])
        self.seen.add(kind)


def decide(entry: Entry, value: Value, cues: Cues, catalog: Catalog) -> tuple[str, str] | None:
    """The (indicator, measure) a value states about `entry`, or None when it is no figure."""
    seen = cues.seen
    changed = bool(seen & {"grow", "fall", "rise"})
    if seen & {"avg", "delta", "skip"} or value.kind == "pp":
        return None
    if cues.denominator or cues.any_share:
        ratio = entry.ratios.get(cues.denominator or "")
        if ratio is None and cues.any_share and len(entry.ratios) == 1:
            ratio = next(iter(entry.ratios.values()))
        ok = value.kind == "percent" and (not changed or "to" in seen)
        return (ratio, "level") if ratio and ok else None
    if entry.indicator is None:
        return None
    indicator = catalog.indicators[entry.indicator]
    if value.kind == "rank":
        return entry.indicator, "rank_national"
    if "share" in seen:
        ok = value.kind == "percent" and (not changed or "to" in seen)
        return (entry.indicator, "share_national_pct") if ok else None
    if indicator.unit == "percent":
        ok = value.kind == "percent" and (not changed or "to" in seen)
        return (entry.indicator, "level") if ok else None
    if value.kind in ("percent", "times"):
        plain_growth = bool(seen & {"grow", "fall"})
        return (entry.indicator, "yoy_pct") if plain_growth else None
    if changed and "to" not in seen:
        return None
    unit = catalog.units.get(value.unit) or catalog.units.get(value.unit + "元")
    if unit is None or not unit.fits(indicator.unit):  # English "million units" fit any count
        return None
    return entry.indicator, "level"


def signed(value: Value, cues: Cues) -> float:
    """The growth rate with its sign: 下降3.1% is -3.1, but 增速回落至3.5% is +3.5."""
    number = value.number * 100 if value.kind == "times" else value.number
    if "fall" in cues.seen and "to" not in cues.seen:
        return -abs(number)
    return number
