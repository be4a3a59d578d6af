"""What the progress assessment says about a row, in Chinese and in English.

`tracker.progress` records each remark as a code with its facts (`Note`); the words come from
here, so the Chinese report and table never show an English note. Values are formatted with
`tracker.catalog.display`, in the language of the sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tracker.catalog import display

Note = tuple[str, Mapping[str, Any]]
"""One remark of an assessment: a code below and the facts its sentence needs."""

# What changed where a series breaks, for the breaks the domain spec documents; any other break
# is described by its year only.
METHOD_CHANGES = {
    "car_output": {"zh": "改按生产地统计，不再按企业所在地",
                   "en": "counted by place of production, not by the company's seat"},
}

_SEP = {"zh": "；", "en": "; "}


def _value(facts: Mapping[str, Any], lang: str, key: str = "value") -> str:
    return display(facts[key], facts["unit"], lang)


def _single(facts: Mapping[str, Any], lang: str) -> str:
    year, value = facts["year"], _value(facts, lang)
    if facts["unit"] == "percent":
        gap = facts["value"] - facts["target"]
        if lang == "zh":
            side = "高于" if gap >= 0 else "低于"
            return f"仅一个数据点：{year}年{value}，{side}目标{abs(gap):.3g}个百分点"
        side = "above" if gap >= 0 else "below"
        return f"one point only: {value} in {year}, {abs(gap):.3g} points {side} the target"
    share = facts["share"]
    if lang == "zh":
        return f"仅一个数据点：{year}年{value}，为目标的{share:.1%}"
    return f"one point only: {value} in {year}, {share:.1%} of the target"


def _break(facts: Mapping[str, Any], lang: str) -> str:
    year, since = facts["year"], facts["since"]
    what = METHOD_CHANGES.get(facts["indicator"], {}).get(lang)
    before = facts.get("before_year")
    if lang == "zh":
        text = f"序列断点：{year}年起统计口径变化" + (f"（{what}）" if what else "")
        text += f"，{since}年与{facts['until']}年的数据不可比"
        text += "，不计算增速" if facts["withheld"] else "，增速跨越断点"
        if before is not None:
            text += f"；断点前最后一年{before}年为{_value(facts, lang, 'before_value')}"
        if facts["target_before"]:
            text += "；目标按原口径制定"
        return text
    text = f"break in series: method changed in {year}" + (f" ({what})" if what else "")
    text += f"; {since} and {facts['until']} are not comparable"
    text += ", growth withheld" if facts["withheld"] else ", growth spans the break"
    if before is not None:
        text += f"; last figure before the break: {_value(facts, lang, 'before_value')} in {before}"
    if facts["target_before"]:
        text += "; the target was set on the earlier method"
    return text


def _date(day: dt.date, lang: str) -> str:
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day:%m-%d}"


_WORDS: dict[str, Callable[[Mapping[str, Any], str], str]] = {
    "single_point": _single,
    "break": _break,
    "ytd_only": lambda f, lang: (
        f"仅有年内累计数（截至{f['date']}），不与年度目标比较" if lang == "zh"
        else f"only year-to-date figures (to {f['date']}), not compared with an annual target"),
    "no_annual": lambda f, lang: "尚无年度实际数" if lang == "zh" else "no annual actual yet",
    "no_growth": lambda f, lang: (
        f"尚无{f['year']}年增速" if lang == "zh" else f"no growth figure for {f['year']} yet"),
    "ytd_growth": lambda f, lang: (
        f"年内累计（截至{_date(f['date'], lang)}），非全年" if lang == "zh"
        else f"year to date ({_date(f['date'], lang)}), not the whole year"),
    "missing_years": lambda f, lang: (
        f"缺少增速的年份：{'、'.join(map(str, f['years']))}" if lang == "zh"
        else f"years without a growth figure: {', '.join(map(str, f['years']))}"),
    "from_levels": lambda f, lang: (
        "由水平值计算的增速（名义）" if lang == "zh" else "growth computed from levels (nominal)"),
    "no_levels": lambda f, lang: (
        "无增速数据，年度水平值不足两个" if lang == "zh"
        else "no growth figures and no two annual levels"),
    "not_counted": lambda f, lang: (
        f"不计入汇总（{'征求意见稿' if f['draft'] else '已被替代'}）" if lang == "zh"
        else f"outside the headline counts ({'a draft' if f['draft'] else 'superseded'})"),
}


def note_text(notes: Sequence[Note], lang: str) -> str:
    """The remarks of one assessed target as one line in `lang`."""
    return _SEP[lang].join(_WORDS[code](facts, lang) for code, facts in notes)


def note_of(row: Mapping[str, Any], lang: str) -> str:
    """The note of an assessed row (`tracker.progress.assess` output) in `lang`."""
    return (row["note_zh"] if lang == "zh" else row["note"]) or ""
