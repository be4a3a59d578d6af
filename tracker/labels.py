"""Words for people, in Chinese or English: statuses, comparators, target and series names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.catalog import catalog, display

LANGS = ("zh", "en")

STATUS_LABELS: dict[str, dict[str, str]] = {
    "zh": {"achieved": "已实现", "missed": "未实现", "on_track": "进度正常",
           "needs_acceleration": "需加快",
           "moving_away": "背离目标", "off_track": "进度滞后", "no_data": "无数据"},
    "en": {"achieved": "achieved", "missed": "missed", "on_track": "on track",
           "needs_acceleration": "needs acceleration",
           "moving_away": "moving away", "off_track": "off track", "no_data": "no data"},
}
# What `tracker.progress` flags a row with, as a reader sees it.
FLAG_LABELS: dict[str, dict[str, str]] = {
    "zh": {"single_point": "仅一个数据点", "break": "序列断点", "ytd": "年内累计",
           "estimate": "预计数", "draft": "征求意见稿", "superseded": "已被替代"},
    "en": {"single_point": "one point only", "break": "break in series", "ytd": "year to date",
           "estimate": "estimate", "draft": "draft", "superseded": "superseded"},
}

_COMPARATORS = {
    "zh": {"about": "约", "over": "超过", "at_least": "不低于", "at_most": "不高于"},
    "en": {"about": "about", "over": "over", "at_least": "at least", "at_most": "at most"},
}
_GROWTH = {"zh": {"avg_growth": "年均增长", "growth_in_year": "增长"},
           "en": {"avg_growth": "average growth", "growth_in_year": "growth"}}
_STATUS_MARKS = {"zh": {"E": "预计", "P": "初步", "F": "预测", "B": "新口径"},
                 "en": {"E": "estimate", "P": "provisional", "F": "forecast", "B": "new method"}}


def check_lang(lang: str) -> str:
    """`lang` itself when it is one we label in, else a ValueError naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def series_name(indicator: str, cluster: str | None, measure: str, lang: str = "zh") -> str:
    """An indicator's name, with its cluster when it is per-cluster and its measure if not level."""
    cat = catalog()
    ind = cat.indicator(indicator)
    name = ind.name_zh if lang == "zh" else ind.name_en
    if cluster and cluster in cat.clusters and ind.cluster in ("*", ""):
        cl = cat.clusters[cluster]
        name = f"{cl.name_zh}{name}" if lang == "zh" else f"{name}: {cl.name_en}"
    if measure != "level" and measure in cat.measures:
        m = cat.measures[measure]
        name = f"{name}·{m.name_zh}" if lang == "zh" else f"{name}, {m.name_en.lower()}"
    return name


def target_text(row: Mapping[str, Any], lang: str = "zh") -> str:
    """The target as a sentence fragment: 约14万亿元 (2025), average growth about 5% (2021-2025)."""
    comparator = _COMPARATORS[lang].get(row["comparator"], row["comparator"])
    value = display(row["target_value"] if "target_value" in row else row["value"],
                    row["unit"], lang)
    growth = _GROWTH[lang].get(row["kind"], "")
    sep = "" if lang == "zh" else " "
    text = sep.join(p for p in (growth, comparator, value) if p)
    start, end = row["period_start"].year, row["period_end"].year
    years = f"{end}" if row["kind"] != "avg_growth" else f"{start}-{end}"
    return f"{text} ({years})"


def status_mark(status: str | None, ytd: bool, lang: str = "zh") -> str:
    """A short flag for a figure that is not a plain final annual one: 预计, year to date, 新口径.

    新口径 / new method marks a figure with SDMX status B, the first after a break in the series.
    """
    marks = [_STATUS_MARKS[lang][status]] if status in _STATUS_MARKS[lang] else []
    if ytd:
        marks.append("年内累计" if lang == "zh" else "year to date")
    return ", ".join(marks)
