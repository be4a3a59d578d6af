"""Region words: 全省/全市 (the release's own region), 全国, province and city names, and places
outside the catalog (other provinces, 珠三角...) whose figures must not be filed under Guangdong.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.catalog import Catalog
from tracker.lexicon import lexicon
from tracker.trie import trie

NATION = "100000"
_LEX = lexicon()
SELF_PROVINCE = _LEX.words("self_province", "regions")
SELF_CITY = _LEX.words("self_city", "regions")
LOCAL = _LEX.words("local", "regions")
# Places that are not catalog regions: a figure about them belongs to no tracked series.
ELSEWHERE = _LEX.words("elsewhere", "regions")


@dataclass(frozen=True)
class RegionWords:
    """The region vocabulary: a regex source and the code each surface form stands for."""

    pattern: str
    codes: dict[str, str | None]  # surface -> code; None = outside the catalog; "" = self

    @property
    def selves(self) -> frozenset[str]:
        """The words for the release's own region (全省, 全市, 我市…)."""
        return frozenset(SELF_PROVINCE + SELF_CITY)

    def code(self, surface: str, own: str, catalog: Catalog, city: str | None) -> str | None:
        """The region a word names in a release about `own` (`city`: a city named earlier)."""
        if surface in SELF_PROVINCE:
            region = catalog.regions[own]
            return own if region.level == "province" else region.parent
        if surface in SELF_CITY:
            return own if catalog.regions[own].level == "city" else city
        if surface in LOCAL:
            return city or (own if catalog.regions[own].level == "city" else None)
        return self.codes.get(surface)


def region_words(catalog: Catalog) -> RegionWords:
    """Build the region vocabulary from the catalog's regions."""
    codes: dict[str, str | None] = {w: "" for w in SELF_PROVINCE + SELF_CITY + LOCAL}
    for region in catalog.regions.values():
        codes[region.name_zh] = region.code
        short = region.name_zh.removesuffix("市").removesuffix("省")
        if len(short) >= 2 and region.level != "country":
            codes[short] = region.code
    for name in _LEX.words("nation", "regions"):
        codes[name] = NATION
    for name in ELSEWHERE:
        codes.setdefault(name, None)
    for name in list(codes):
        if codes[name] is None:
            codes[name + "地区"] = None
    return RegionWords(trie(codes), codes)
