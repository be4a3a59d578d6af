"""The domain vocabulary: indicators, measures, regions, clusters, units and scale words.

Read from `tracker/data/catalog/*.csv` (copied from the shared spec, codes unchanged).
"""

from __future__ import annotations

import csv
import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

from tracker.errors import CatalogError
from tracker.paths import catalog_dir

ANY_CLUSTER = "*"
T = TypeVar("T")


@dataclass(frozen=True)
class Indicator:
    """One tracked indicator; `cluster` is `*` when the series exists once per cluster."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    cluster: str
    aliases: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class Region:
    """A GB/T 2260 region: the country, the province or one of its cities."""

    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str


@dataclass(frozen=True)
class Cluster:
    """One of Guangdong's 20 strategic industrial clusters."""

    code: str
    group: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Measure:
    """How a figure relates to its indicator (level, growth, share, rank)."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A unit as published (亿元, 万辆, %, million units) and its factor to the base unit.

    English outlets write counts without saying what is counted ("2.53 million" NEVs, "683
    million units" of phones), so two generic bases stand for "whatever the indicator counts":
    `count` fits any counted base unit, `any` (a bare scale word) fits money too.
    """

    as_published: str
    base: str
    factor: float

    def fits(self, base_unit: str) -> bool:
        """Whether a value in this unit can be stored in `base_unit`."""
        if self.base == "count":
            return base_unit in COUNT_UNITS
        if self.base == "any":
            return base_unit in COUNT_UNITS or base_unit == "CNY"
        return self.base == base_unit


COUNT_UNITS = frozenset({"vehicle", "unit", "piece", "enterprise"})


def unit_key(as_published: str) -> str:
    """The spelling-insensitive key of a published unit: case, spaces and bracket widths ignored."""
    return (as_published.strip().lower().replace(" ", "").replace("(", "（")
            .replace(")", "）"))


MEASURE_UNITS = {"yoy_pct": "percent", "share_national_pct": "percent", "rank_national": "rank"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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
    return max(ties, key=lambda c: sum(1 for _ in itertools.takewhile(
        lambda pair: pair[0] == pair[1], zip(got, c, strict=False))))


@dataclass(frozen=True)
class Catalog:
    """All codes the warehouse accepts, with lookups that suggest the closest code on a miss."""

    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    clusters: dict[str, Cluster]
    measures: dict[str, Measure]
    units: dict[str, Unit]

    @classmethod
    def load(cls, folder: Path | None = None) -> Catalog:
        """Read the catalog CSVs from `folder` (default: tracker.paths.catalog_dir())."""
        folder = folder or catalog_dir()
        indicators = {
            r["code"]: Indicator(
                r["code"], r["name_zh"], r["name_en"], r["unit"], r["kind"], r["cluster"],
                tuple(a for a in r["aliases_zh"].split("|") if a), r["notes"],
            )
            for r in _read(folder / "indicators.csv")
        }
        regions = {
            r["code"]: Region(r["code"], r["name_zh"], r["name_en"], r["level"], r["parent"])
            for r in _read(folder / "regions.csv")
        }
        clusters = {
            r["code"]: Cluster(r["code"], r["group"], r["name_zh"], r["name_en"])
            for r in _read(folder / "clusters.csv")
        }
        measures = {
            r["code"]: Measure(
                r["code"], r["name_zh"], r["name_en"], r["unit"],
                tuple(c for c in r["cues_zh"].split("|") if c),
            )
            for r in _read(folder / "measures.csv")
        }
        units = {
            r["unit_as_published"]: Unit(r["unit_as_published"], r["base_unit"], float(r["factor"]))
            for r in _read(folder / "units.csv")
        }
        return cls(indicators, regions, clusters, measures, units)

    def indicator(self, code: str) -> Indicator:
        """The indicator `code`, or a CatalogError naming the closest code."""
        return self._get("indicator", self.indicators, code)

    def region(self, code: str) -> Region:
        """The region `code`, or a CatalogError naming the closest code."""
        return self._get("region", self.regions, code)

    def cluster(self, code: str) -> Cluster:
        """The cluster `code`, or a CatalogError naming the closest code."""
        return self._get("cluster", self.clusters, code)

    def measure(self, code: str) -> Measure:
        """The measure `code`, or a CatalogError naming the closest code."""
        return self._get("measure", self.measures, code)

    def unit(self, as_published: str) -> Unit:
        """The unit as published (case, spaces and bracket widths ignored), or a CatalogError."""
        found = self.units.get(as_published) or self._unit_keys.get(unit_key(as_published))
        if found is None:
            raise CatalogError("unit", as_published, closest(as_published, list(self.units)))
        return found

    @cached_property
    def _unit_keys(self) -> dict[str, Unit]:
        return {unit_key(k): u for k, u in self.units.items()}

    def base_unit(self, indicator: str, measure: str) -> str:
        """The unit a value of `indicator` in `measure` is stored in."""
        return MEASURE_UNITS.get(measure) or self.indicator(indicator).unit

    def to_base(self, value: float, unit_as_published: str, indicator: str, measure: str) -> float:
        """Convert a published value to the base unit; a unit that does not fit raises."""
        unit = self.unit(unit_as_published)
        expected = self.base_unit(indicator, measure)
        if not unit.fits(expected):
            raise CatalogError(
                f"unit for {indicator}/{measure} (needs a {expected} unit)", unit_as_published
            )
        return value * unit.factor

    @staticmethod
    def _get(kind: str, table: dict[str, T], code: str) -> T:
        try:
            return table[code]
        except KeyError:
            raise CatalogError(kind, code, closest(code, list(table))) from None


@cache
def catalog() -> Catalog:
    """The repository's catalog, loaded once per process."""
    return Catalog.load()


_SCALES_ZH = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_SCALES_EN = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
_BASE_ZH = {"CNY": "元", "vehicle": "辆", "unit": "台", "piece": "块", "enterprise": "家"}
_BASE_EN = {"CNY": "yuan", "vehicle": "vehicles", "unit": "units", "piece": "pieces",
            "enterprise": "enterprises"}


def display(value: float, unit: str, lang: str = "zh", digits: int = 2) -> str:
    """A value in its base unit as a person reads it: 14.58万亿元, 3.62 million vehicles, 3.5%."""
    if unit == "percent":
        return f"{value:.{digits}g}%" if abs(value) >= 100 else f"{value:g}%"
    if unit == "rank":
        return f"第{value:g}" if lang == "zh" else f"#{value:g}"
    scales = _SCALES_ZH if lang == "zh" else _SCALES_EN
    words = _BASE_ZH if lang == "zh" else _BASE_EN
    for factor, word in scales:
        if abs(value) >= factor:
            number = f"{value / factor:.{digits}f}".rstrip("0").rstrip(".")
            if lang == "zh":
                return f"{number}{word}{words.get(unit, unit)}"
            return f"{number} {word} {words.get(unit, unit)}"
    sep = "" if lang == "zh" else " "
    return f"{value:g}{sep}{words.get(unit, unit)}"


def scale_for(unit: str, values: list[float], lang: str = "zh") -> tuple[float, str]:
    """One divisor and label for a whole axis (e.g. 1e8 and 亿元) chosen from the largest value."""
    top = max((abs(v) for v in values), default=0.0)
    words = _BASE_ZH if lang == "zh" else _BASE_EN
    if unit in ("percent", "rank"):
        return 1.0, "%" if unit == "percent" else ("名次" if lang == "zh" else "rank")
    scales = _SCALES_ZH if lang == "zh" else _SCALES_EN
    for factor, word in scales:
        if top >= factor:
            name = words.get(unit, unit)
            return factor, f"{word}{name}" if lang == "zh" else f"{word} {name}"
    return 1.0, words.get(unit, unit)
