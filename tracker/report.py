"""The offline report: one HTML page with every view and the progress table, plus PNG and SVG.

The page inlines Vega, Vega-Lite and vega-embed (vl-convert's bundle), so it renders from a
file:// URL with no network. Images come from vl-convert, with the Noto CJK fonts registered so
that Chinese labels are drawn rather than boxes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl
import vl_convert as vlc

from tracker.labels import check_lang
from tracker.report_data import ReportData, gather
from tracker.report_html import page
from tracker.views.actual_vs_target import actual_vs_target_chart
from tracker.views.clusters import clusters_chart
from tracker.views.conflicts import conflicts_chart
from tracker.views.keys import SeriesKey
from tracker.views.progress_board import progress_board_chart
from tracker.views.revisions import revisions_chart
from tracker.views.style import FONT, Chart

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

__all__ = ["ReportChart", "build_report", "chart_config", "report_charts", "vega_bundle"]

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
# The Vega-Lite version altair writes specs for ("v6.4.1" -> "6.4"), for vl-convert.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


@dataclass(frozen=True)
class ReportChart:
    """One chart of the report: a file-name slug, and how to draw it from the gathered data."""

    slug: str
    build: Callable[[], Chart]


def chart_config() -> dict[str, Any]:
    """The chart configuration used in the page and in the images (the CJK-capable font)."""
    # Room on the right: image renderers measure CJK legend labels a little short.
    return {"font": FONT, "title": {"fontSize": 15}, "padding": {"left": 5, "top": 5,
                                                                 "right": 24, "bottom": 5}}


@cache
def register_fonts() -> list[str]:
    """Give vl-convert the system's Noto CJK fonts; return the folders registered."""
    found = [d for d in FONT_DIRS if d.is_dir()]
    for folder in found:
        vlc.register_font_directory(str(folder))
    return [str(d) for d in found]


def _slug(kind: str, key: SeriesKey) -> str:
    return f"{kind}_{key.indicator}_{key.measure}" + (f"_{key.cluster}" if key.cluster else "")


def report_charts(data: ReportData, lang: str = "zh") -> list[ReportChart]:
    """Every chart of the report: the board, each target's series, revisions, conflicts,
    clusters, each a pure function of `data` (read once by `tracker.report_data.gather`).

    A series gets an actual-against-target chart when any of its targets has an actual.
    """
    assessed, region = data.assessed, data.region
    charts = [ReportChart("progress_board",
                          lambda: progress_board_chart(assessed, region, lang))]
    with_data = assessed.filter(pl.col("latest_value").is_not_null(),
                                pl.col("indicator") != "cluster_revenue")
    # The series the assessment read its latest actual from (levels, for a growth target
    # measured on levels).
    keys = with_data.select("indicator", "latest_measure", "cluster").unique(
        maintain_order=True)
    for ind, measure, cluster in keys.iter_rows():
        key = SeriesKey(ind, region, measure, cluster)
        charts.append(ReportChart(_slug("target", key),
                                  partial(_actual_vs_target, data, key, lang)))
    revised = data.revised.select("indicator", "measure", "cluster").unique(
        maintain_order=True)
    series = revised.iter_rows() if revised.height else iter([("gdp", "level", None)])
    for ind, measure, cluster in series:
        key = SeriesKey(ind, region, measure, cluster)
        charts.append(ReportChart(_slug("revisions", key),
                                  partial(_revisions, data, key, lang)))
    charts.append(ReportChart("conflicts", lambda: conflicts_chart(data.conflicts, lang)))
    charts.append(ReportChart("clusters", lambda: clusters_chart(*data.clusters(), lang)))
    return charts


def _actual_vs_target(data: ReportData, key: SeriesKey, lang: str) -> Chart:
    actuals, assessed = data.actual_vs_target(key)
    return actual_vs_target_chart(actuals, assessed, key.indicator, key.measure, key.cluster,
                                  lang)


def _revisions(data: ReportData, key: SeriesKey, lang: str) -> Chart:
    vintages, answers = data.revisions(key)
    return revisions_chart(vintages, key.indicator, key.measure, key.cluster, lang, answers)


def build_report(wh: Warehouse, out_dir: Path | str, lang: str = "zh", region: str = "440000",
                 as_of: dt.date | None = None, say: Callable[[str], None] | None = None,
                 data: ReportData | None = None) -> Path:
    """Write `out_dir/index.html` and `out_dir/charts/<slug>.png|.svg`; return the page's path.

    `say` hears a line per step (the CLI prints them on stderr); `data` is what
    `tracker.report_data.gather(wh, region, as_of)` read, when the caller has it already.
    """
    check_lang(lang)
    tell = say or (lambda _line: None)
    out = Path(out_dir)
    (out / "charts").mkdir(parents=True, exist_ok=True)
    register_fonts()
    config = chart_config()
    if data is None:
        tell("report: reading the warehouse")
        data = gather(wh, region, as_of)
    charts = report_charts(data, lang)
    specs: list[tuple[str, dict[str, Any]]] = []
    for number, item in enumerate(charts, start=1):
        tell(f"report: chart {number}/{len(charts)} {item.slug}")
        spec = item.build().to_dict()
        (out / "charts" / f"{item.slug}.svg").write_text(
            vlc.vegalite_to_svg(spec, vl_version=VL_VERSION, config=config), encoding="utf-8")
        (out / "charts" / f"{item.slug}.png").write_bytes(
            vlc.vegalite_to_png(spec, vl_version=VL_VERSION, config=config, scale=2))
        specs.append((item.slug, spec))
    index = out / "index.html"
    index.write_text(page(specs, data.assessed, lang, config, _bundle(VL_VERSION)),
                     encoding="utf-8")
    (out / "progress.json").write_text(
        json.dumps(data.assessed.to_dicts(), ensure_ascii=False, default=str, indent=1),
        encoding="utf-8")
    return index


# The page's own module script finds the libraries on window.
_GLOBALS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


@cache
def _bundle(vl_version: str) -> str:
    return vlc.javascript_bundle(_GLOBALS, vl_version=vl_version)


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one ES module that puts them on `window` (from
    vl-convert, so no network); the report inlines it and `tracker serve` serves it."""
    return _bundle(VL_VERSION)
