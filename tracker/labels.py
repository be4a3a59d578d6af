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


# Every other word a chart or the report page shows, both languages side by side. The views
# and the report take their words from here (tests/views/test_words.py holds them to it).
WORDS: dict[str, tuple[str, str]] = {
    # actual against target
    "avt.title": ("{name}：实际与目标", "{name}: actual against target"),
    "avt.title_actuals": ("{name}：历年实际（未设目标）", "{name}: actuals (no target set)"),
    "avt.required": ("目标所需路径", "path the target required"),
    "avt.projected": ("按当前速度", "at the current pace"),
    "avt.average": ("实际年均增速", "observed average growth"),
    # revisions
    "revisions.title": ("{name}：各期数据的历次发布", "{name}: each period across its vintages"),
    "revisions.x": ("发布日期", "date published"),
    "revisions.period": ("时期", "period"),
    "revisions.steps": ("阶梯线：各日序列采用的数据（排名最高的来源）",
                        "steps: the figure the series answered with each day"),
    "revisions.points": ("圆点：每次发布；线外的点来自排名较低的来源",
                         "points: every publication (off the line: a lower-ranked source)"),
    # conflicts
    "conflicts.title": ("发布者之间不一致的数据", "Figures on which publishers disagree"),
    "conflicts.x": ("与各方均值之差（%）", "difference from the mean of the publishers (%)"),
    "conflicts.none": ("没有发布者之间不一致的数据", "no disagreement between publishers"),
    "conflicts.shown": ("序列采用的数据（来源排名最高）", "the figure series() answers with"),
    "conflicts.other": ("其他发布者的数据", "another publisher's figure"),
    # clusters
    "clusters.title": ("二十个战略性产业集群：营业收入与目标",
                       "The 20 clusters: revenue and targets"),
    "clusters.pillar": ("支柱", "pillar"),
    "clusters.emerging": ("新兴", "emerging"),
    "clusters.x": ("营业收入", "revenue"),
    "clusters.latest": ("最新年度实际", "latest annual actual"),
    "clusters.hollow": ("◇ 空心：已被替代或征求意见稿的目标（不计入汇总）",
                        "◇ hollow: a superseded or draft target (outside the headline counts)"),
    # progress board
    "board.title": ("{region}：目标完成进度", "{region}: progress towards the targets"),
    "board.axis": ("完成进度（%，100 = 达到目标；仅一个数据点时为实际占目标之比）",
                   "share of the way to the target (%; one point only: the actual over the "
                   "target)"),
    "board.beyond": ("{share}，超出图幅", "{share}, beyond the scale"),
    "board.capped": ("▶ 超出图幅的进度画到 {high}%（或 {low}%）为止，并标出实际数值",
                     "▶ a share beyond the scale is drawn to {high}% (or {low}%) and its "
                     "figure written beside it"),
    # parts of a label
    "avt.single": ("◆ {target}：{note}", "◆ {target}: {note}"),
    "period.months": ("{year}年{first}-{last}月", "{year} {first}-{last}"),
    # breaks in a series
    "break.text": ("{year}年起统计口径变化，前后不可比",
                   "method changed in {year}: not comparable with earlier years"),
    "break.label": ("口径变化", "new method"),
}


def word(key: str, lang: str, **values: Any) -> str:
    """The words for `key` in `lang`, with `values` filled in."""
    zh, en = WORDS[key]
    text = zh if check_lang(lang) == "zh" else en
    return text.format(**values) if values else text


# What kind of figure a point is (its SDMX status), as a chart's legend says it.
FIGURE_KINDS = {
    "zh": {"A": "公布数", "P": "初步核算数", "E": "预计数", "F": "预测数", "B": "新口径（断点）"},
    "en": {"A": "published", "P": "provisional", "E": "estimate", "F": "forecast",
           "B": "new method (break)"},
}
QUALIFIERS = {"zh": {"about": "约", "over": "超", "at_least": "不低于", "nearly": "近",
                     "under": "不到"},
              "en": {"about": "about ", "over": "over ", "at_least": "at least ",
                     "nearly": "nearly ", "under": "under "}}
TOOLTIP_TITLES = {
    "zh": {"as_published": "公布值", "publisher": "发布者", "title": "标题",
           "date": "发布日期", "phrase": "原文", "kind": "数据性质", "period": "时期",
           "status": "状态", "target": "目标", "plan": "规划", "ratio": "R",
           "share": "完成进度", "latest": "最新实际", "note": "说明"},
    "en": {"as_published": "as published", "publisher": "publisher", "title": "title",
           "date": "published", "phrase": "phrase", "kind": "kind of figure", "period": "period",
           "status": "status", "target": "target", "plan": "plan", "ratio": "R",
           "share": "of the way", "latest": "latest actual", "note": "note"},
}
REPORT_TEXT = {
    "zh": {"title": "广东省 2025 年目标进展", "table": "目标进展表", "charts": "图表",
           "generated": "生成时间", "head": ("状态", "指标", "目标", "基期", "最新实际",
                                             "完成进度", "R", "说明"),
           "images": "图片", "uncounted": "不计入汇总的目标（征求意见稿、已被替代的目标）",
           "method": "方法：SDG 进展评估（观测增速与所需增速之比 R）。只有一个数据点时直接比较"
                     "实际与目标：达到为已实现，未达到为进度滞后，并注明仅一个数据点。跨越序列"
                     "断点（统计口径变化）的比较会注明，且不计算增速。"},
    "en": {"title": "Guangdong: progress towards the 2025 targets", "table": "Progress table",
           "charts": "Charts", "generated": "generated",
           "head": ("status", "indicator", "target", "baseline", "latest actual", "of the way",
                    "R", "note"),
           "images": "images", "uncounted": "Outside the headline counts (drafts, superseded)",
           "method": "Method: SDG progress assessment (R = observed over required growth). A "
                     "single data point is compared with its target directly: achieved if met, "
                     "off track if not, marked one point only. A comparison across a break in "
                     "the series (the method changed) is marked, and no growth is computed."},
}
