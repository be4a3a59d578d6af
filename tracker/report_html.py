"""The report's HTML: the progress table, a container per chart, and the inlined Vega scripts."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

import polars as pl

from tracker.catalog import display
from tracker.labels import STATUS_LABELS, series_name, status_mark, target_text
from tracker.views.style import STATUS_COLORS

_TEXT = {
    "zh": {"title": "广东省 2025 年目标进展", "table": "目标进展表", "charts": "图表",
           "generated": "生成时间", "head": ("状态", "指标", "目标", "基期", "最新实际",
                                             "完成进度", "R", "说明"),
           "images": "图片", "method": "方法：SDG 进展评估（观测增速与所需增速之比 R）。"},
    "en": {"title": "Guangdong: progress towards the 2025 targets", "table": "Progress table",
           "charts": "Charts", "generated": "generated",
           "head": ("status", "indicator", "target", "baseline", "latest actual", "of the way",
                    "R", "note"),
           "images": "images",
           "method": "Method: SDG progress assessment (R = observed over required growth)."},
}

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
td.status { color: #fff; font-weight: bold; white-space: nowrap; }
.source { color: #666; font-size: 11px; }
figure { margin: 2em 0; }
figcaption { font-size: 12px; color: #666; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _figure(row: dict[str, Any], prefix: str, lang: str) -> str:
    if row[f"{prefix}_value"] is None:
        return "—"
    mark = status_mark(row[f"{prefix}_status"], prefix == "latest" and row["ytd"], lang)
    value = display(row[f"{prefix}_value"], row[f"{prefix}_unit"], lang)
    source = " · ".join(_e(row[f"{prefix}_{k}"]) for k in ("publisher", "title", "date_published"))
    quote = _e(row[f"{prefix}_quote"])
    return (f"{row[f'{prefix}_year']}: {_e(value)}{f' ({_e(mark)})' if mark else ''}"
            f"<div class='source' title='{quote}'>{source}</div>")


def _row(row: dict[str, Any], lang: str) -> str:
    share = f"{row['share_achieved']:.0%}" if row["share_achieved"] is not None else "—"
    ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
    target = (f"{_e(target_text(row, lang))}<div class='source' title='{_e(row['phrase'])}'>"
              f"{_e(row['plan_title'])} · {_e(row['publisher'])} · {_e(row['issued'])}"
              f"{' · ' + ('征求意见稿' if lang == 'zh' else 'draft') if row['draft'] else ''}"
              f"{' · superseded by ' + _e(row['superseded_by']) if row['superseded_by'] else ''}"
              "</div>")
    cells = [
        f"<td class='status' style='background:{STATUS_COLORS[row['status']]}'>"
        f"{_e(STATUS_LABELS[lang][row['status']])}</td>",
        f"<td>{_e(series_name(row['indicator'], row['cluster'], row['measure'], lang))}</td>",
        f"<td>{target}</td>", f"<td>{_figure(row, 'baseline', lang)}</td>",
        f"<td>{_figure(row, 'latest', lang)}</td>", f"<td>{share}</td>", f"<td>{ratio}</td>",
        f"<td class='source'>{_e(row['note'])}</td>",
    ]
    return f"<tr data-target='{_e(row['target_id'])}'>{''.join(cells)}</tr>"


def _script_json(value: Any) -> str:
    # "</" inside a script element would end it early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def page(specs: list[tuple[str, dict[str, Any]]], progress: pl.DataFrame, lang: str,
         config: dict[str, Any], bundle: str) -> str:
    """The whole report page, with `bundle` (Vega, Vega-Lite, vega-embed) inlined."""
    text = _TEXT[lang]
    head = "".join(f"<th>{_e(h)}</th>" for h in text["head"])
    rows = "".join(_row(r, lang) for r in progress.iter_rows(named=True))
    figures = "".join(
        f"<figure><div class='chart' id='chart-{slug}'></div><figcaption>{text['images']}: "
        f"<a href='charts/{slug}.png'>PNG</a> · <a href='charts/{slug}.svg'>SVG</a>"
        "</figcaption></figure>"
        for slug, _ in specs)
    embed = f"""
const specs = {_script_json(dict(specs))};
const config = {_script_json(config)};
Promise.all(Object.entries(specs).map(([slug, spec]) =>
    vegaEmbed("#chart-" + slug, spec, {{renderer: "svg", actions: false, config: config}})))
  .then(() => {{ document.body.dataset.charts = "rendered"; }})
  .catch((err) => {{ document.body.dataset.charts = "failed"; console.error(err); }});
"""
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}">
<head><meta charset="utf-8"><title>{_e(text['title'])}</title>
<style>{_STYLE}</style>
<script type="module">{bundle}</script>
</head>
<body>
<h1>{_e(text['title'])}</h1>
<p class="source">{text['generated']}: {dt.date.today()} · {_e(text['method'])}</p>
<h2>{_e(text['table'])}</h2>
<table id="progress"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<h2>{_e(text['charts'])}</h2>
{figures}
<script type="module">{embed}</script>
</body>
</html>
"""
