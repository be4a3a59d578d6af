"""Region words: 全省/全市 (the release's own region), 全国, province and city names, and places
outside the catalog (other provinces, 珠三角...) whose figures must not be filed under Guangdong.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.catalog import Catalog
from tracker.extract.starts import trie

NATION = "100000"
SELF_PROVINCE = ("全省", "我省", "本省")
SELF_CITY = ("全市", "我市", "本市")
# Places that are not catalog regions: a figure about them belongs to no tracked series.
ELSEWHERE = (
    "粤港澳大湾区", "大湾区", "珠三角", "珠江三角洲", "粤东西北", "粤东", "粤西", "粤北", "长三角",
    "京津冀", "港澳", "香港", "澳门", "台湾", "北京", "天津", "河北", "山西", "内蒙古", "辽宁",
    "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北",
    "湖南", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏",
    "新疆", "全球", "世界", "美国", "欧盟", "日本", "韩国",
)


@dataclass(frozen=True)
class RegionWords:
    """The region vocabulary: a regex source and the code each surface form stands for."""

    pattern: str
    codes: dict[str, str | None]  # surface -> code; None = outside the catalog; "" = self

    def code(self, surface: str, own: str, catalog: Catalog, city: str | None) -> str | None:
        """The region a word names in a release about `own` (`city`: a city named earlier)."""
        if surface in SELF_PROVINCE:
            region = catalog.regions[own]
            return own if region.level == "province" else region.parent
        if surface in SELF_CITY:
            return own if catalog.regions[own].level == "city" else city
        return self.codes.get(surface)


def region_words(catalog: Catalog) -> RegionWords:
    """Build the region vocabulary from the catalog's regions."""
    codes: dict[str, str | None] = {w: "" for w in SELF_PROVINCE + SELF_CITY}
    for region in catalog.regions.values():
        codes[region.name_zh] = region.code
        short = region.name_zh.removesuffix("市").removesuffix("省")
        if len(short) >= 2 and region.level != "country":
            codes[short] = region.code
    codes["全国"] = NATION
    for name in ELSEWHERE:
        codes.setdefault(name, None)
    for name in list(codes):
        if codes[name] is None:
            codes[name + "地区"] = None
    return RegionWords(trie(codes), codes)
