"""The report's HTML: the progress table, a container per chart, and the inlined Vega scripts."""

from __future__ import annotations

import html
from typing import Any

import polars as pl

from tracker import clock
from tracker.labels import REPORT_TEXT, STATUS_LABELS, series_name, target_text
from tracker.progress_notes import note_of
from tracker.progress_table import (
    figure_text,
    share_text,
    status_flags,
    tally_text,
    target_flags,
)
from tracker.views.offline import script_json
from tracker.views.style import STATUS_COLORS

_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
td.status { color: #fff; font-weight: bold; white-space: nowrap; }
td.status .flag { display: block; font-weight: normal; font-size: 11px; }
tr.uncounted td:not(.status) { color: #888; }
tr.uncounted td.status { opacity: 0.6; }
tr.group th { background: #f3f3f3; font-weight: normal; color: #555; }
p.tally { font-size: 14px; }
.source { color: #666; font-size: 11px; }
figure { margin: 2em 0; }
figcaption { font-size: 12px; color: #666; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _figure(row: dict[str, Any], prefix: str, lang: str) -> str:
    if row[f"{prefix}_value"] is None:
        return "—"
    source = " · ".join(_e(row[f"{prefix}_{k}"]) for k in ("publisher", "title", "date_published"))
    quote = _e(row[f"{prefix}_quote"])
    return (f"{_e(figure_text(row, prefix, lang))}"
            f"<div class='source' title='{quote}'>{source}</div>")


def _row(row: dict[str, Any], lang: str) -> str:
    ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
    plan = " · ".join(_e(v) for v in (row["plan_title"], row["publisher"], row["issued"],
                                      *target_flags(row, lang)))
    target = (f"{_e(target_text(row, lang))}"
              f"<div class='source' title='{_e(row['phrase'])}'>{plan}</div>")
    flags = "".join(f"<span class='flag'>{_e(f)}</span>" for f in status_flags(row, lang))
    cells = [
        f"<td class='status' style='background:{STATUS_COLORS[row['status']]}'>"
        f"{_e(STATUS_LABELS[lang][row['status']])}{flags}</td>",
        f"<td>{_e(series_name(row['indicator'], row['cluster'], row['measure'], lang))}</td>",
        f"<td>{target}</td>", f"<td>{_figure(row, 'baseline', lang)}</td>",
        f"<td>{_figure(row, 'latest', lang)}</td>", f"<td>{_e(share_text(row, lang))}</td>",
        f"<td>{ratio}</td>", f"<td class='source'>{_e(note_of(row, lang))}</td>",
    ]
    css = "" if row["counted"] else " class='uncounted'"
    return f"<tr data-target='{_e(row['target_id'])}'{css}>{''.join(cells)}</tr>"


def _rows(progress: pl.DataFrame, lang: str, columns: int) -> str:
    """Counted targets, then a labelled group of those outside the headline counts."""
    counted = "".join(_row(r, lang) for r in progress.filter(pl.col("counted")).iter_rows(
        named=True))
    rest = progress.filter(~pl.col("counted"))
    if rest.is_empty():
        return counted
    heading = _e(REPORT_TEXT[lang]["uncounted"])
    group = f"<tr class='group'><th colspan='{columns}'>{heading}</th></tr>"
    return counted + group + "".join(_row(r, lang) for r in rest.iter_rows(named=True))


def page(specs: list[tuple[str, dict[str, Any]]], progress: pl.DataFrame, lang: str,
         config: dict[str, Any], bundle: str) -> str:
    """The whole report page, with `bundle` (Vega, Vega-Lite, vega-embed) inlined."""
    text = REPORT_TEXT[lang]
    head = "".join(f"<th>{_e(h)}</th>" for h in text["head"])
    rows = _rows(progress, lang, len(text["head"]))
    tally = tally_text(progress, lang) if not progress.is_empty() else ""
    figures = "".join(
        f"<figure><div class='chart' id='chart-{slug}'></div><figcaption>{text['images']}: "
        f"<a href='charts/{slug}.png'>PNG</a> · <a href='charts/{slug}.svg'>SVG</a>"
        "</figcaption></figure>"
        for slug, _ in specs)
    embed = f"""
const specs = {script_json(dict(specs))};
const config = {script_json(config)};
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
<p class="source">{text['generated']}: {clock.today()} · {_e(text['method'])}</p>
<h2>{_e(text['table'])}</h2>
<p class="tally">{_e(tally)}</p>
<table id="progress"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<h2>{_e(text['charts'])}</h2>
{figures}
<script type="module">{embed}</script>
</body>
</html>
"""
