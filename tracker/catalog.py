"""The domain vocabulary: indicators, measures, regions, clusters, units and scale words.

Read from `tracker/data/catalog/*.csv` (copied from the shared spec, codes unchanged), with a
user's own rows from a folder beside the warehouse on top (tracker/catalog_files.py). Every
code a person gives goes through one resolver, `Catalog.resolve`: codes in any case, Chinese and
English names and aliases (tracker/catalog_names.py), the closest codes named on a miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from tracker import catalog_files
from tracker.catalog_names import closest, forms, norm, suggestions
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
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """One of Guangdong's 20 strategic industrial clusters."""

    code: str
    group: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """How a figure relates to its indicator (level, growth, share, rank)."""

    code: str
    name_zh: str
    name_en: str
    unit: str
    cues: tuple[str, ...]
    aliases: tuple[str, ...] = ()


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


KINDS = ("indicator", "region", "cluster", "measure")


def _split(*cells: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for cell in cells for a in cell.split("|") if a))


@dataclass(frozen=True)
class Catalog:
    """All codes the warehouse accepts, with lookups that suggest the closest code on a miss."""

    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    clusters: dict[str, Cluster]
    measures: dict[str, Measure]
    units: dict[str, Unit]

    @classmethod
    def load(cls, folder: Path | None = None, user: Path | None = None) -> Catalog:
        """Read the catalog CSVs from `folder` (default: tracker.paths.catalog_dir()), with a
        user folder's rows merged over them."""
        files = catalog_files.rows(folder or catalog_dir(), user)
        indicators = {
            r["code"]: Indicator(
                r["code"], r["name_zh"], r["name_en"], r["unit"], r["kind"], r.get("cluster", ""),
                _split(r.get("aliases_zh", ""), r.get("aliases", "")), r.get("notes", ""),
            )
            for r in files["indicators.csv"]
        }
        regions = {
            r["code"]: Region(r["code"], r["name_zh"], r["name_en"], r["level"],
                              r.get("parent", ""), _split(r.get("aliases", "")))
            for r in files["regions.csv"]
        }
        clusters = {
            r["code"]: Cluster(r["code"], r["group"], r["name_zh"], r["name_en"],
                               _split(r.get("aliases", "")))
            for r in files["clusters.csv"]
        }
        measures = {
            r["code"]: Measure(
                r["code"], r["name_zh"], r["name_en"], r["unit"],
                _split(r.get("cues_zh", "")), _split(r.get("aliases", "")),
            )
            for r in files["measures.csv"]
        }
        units = {
            r["unit_as_published"]: Unit(r["unit_as_published"], r["base_unit"], float(r["factor"]))
            for r in files["units.csv"]
        }
        return cls(indicators, regions, clusters, measures, units)

    def table(self, kind: str) -> dict[str, Any]:
        """The entries of one kind (indicator, region, cluster, measure) by code."""
        tables: dict[str, dict[str, Any]] = {
            "indicator": self.indicators, "region": self.regions, "cluster": self.clusters,
            "measure": self.measures}
        return tables[kind]

    @cached_property
    def _indexes(self) -> dict[str, dict[str, set[str]]]:
        """Per kind, every normalized name -> the codes it names."""
        indexes: dict[str, dict[str, set[str]]] = {}
        for kind in KINDS:
            index = indexes[kind] = {}
            for code, entry in self.table(kind).items():
                for key in forms(kind, [code, entry.name_zh, entry.name_en, *entry.aliases]):
                    index.setdefault(key, set()).add(code)
        return indexes

    def lookup(self, kind: str, text: str) -> str | None:
        """The code `text` names (a code in any case, a name, an alias), or None when it names
        none or more than one."""
        if text in self.table(kind):
            return text
        index = self._indexes[kind]
        found = next((index[k] for k in [norm(text), *forms(kind, [text])] if k in index), set())
        return next(iter(found)) if len(found) == 1 else None

    def resolve(self, kind: str, text: str) -> str:
        """The code `text` names, or a CatalogError naming the closest codes."""
        code = self.lookup(kind, text)
        if code is None:
            raise CatalogError(kind, text, self.suggest(kind, text))
        return code

    def suggest(self, kind: str, text: str) -> list[str]:
        """Up to three codes most like `text` (by code for a mistyped code, else by name)."""
        return suggestions(text, self._indexes[kind], list(self.table(kind)))

    def search(self, word: str) -> list[Indicator]:
        """Indicators whose code, names or aliases contain `word` (any case, no spaces)."""
        key = norm(word)
        return [ind for ind in self.indicators.values()
                if any(key in k for k in forms("indicator", _names(ind)))]

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

    def _get(self, kind: str, table: dict[str, T], code: str) -> T:
        return table[code] if code in table else table[self.resolve(kind, code)]


def _names(ind: Indicator) -> Iterable[str]:
    return [ind.code, ind.name_zh, ind.name_en, *ind.aliases]


@cache
def catalog(user: Path | None = None) -> Catalog:
    """The package's catalog (with a user folder's rows over it), loaded once per process."""
    return Catalog.load(user=user)


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
