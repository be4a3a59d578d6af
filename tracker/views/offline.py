"""Charts that draw in a notebook with no network: Vega inlined into each chart's output.

Altair's default renderer loads Vega, Vega-Lite and vega-embed from a public CDN, so offline
(and on many networks in mainland China) every chart cell shows "Error loading script". This
renderer puts the libraries' bundle (from vl-convert, the one the report inlines) into each
output as an ES module, so the output draws by itself in JupyterLab, classic Notebook, VS Code
and nbconvert's HTML alike. A module has its own scope: many charts on one page do not clash.
The price is about 0.9 MB per chart output.

`import tracker.views` (or `from tracker import views`) enables it; `tracker.views.offline()`
enables it again after another renderer was chosen.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

import altair as alt

from tracker.views.style import FONT

NAME = "tracker_offline"
# The Vega-Lite version altair writes specs for ("v6.4.1" -> "6.4"), for vl-convert.
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


@cache
def _bundle() -> str:
    # Imported here: vl-convert loads only when a chart is shown.
    import vl_convert as vlc

    return vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;", vl_version=VL_VERSION)


def _script_json(value: Any) -> str:
    # "</" inside a script element would end it early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """The mime bundle of one chart: HTML with the Vega libraries inlined, and a plain line."""
    div = f"tracker-chart-{uuid.uuid4().hex}"
    options = {"renderer": "svg", "actions": False, "config": {"font": FONT},
               **(metadata.get("embed_options") or {})}
    html = (f'<div id="{div}"></div>\n<script type="module">\n{_bundle()}\n'
            f'window.vegaEmbed("#{div}", {_script_json(spec)}, {_script_json(options)})'
            ".catch(console.error);\n</script>\n")
    return {"text/html": html, "text/plain": "<altair chart>"}


def offline() -> None:
    """Draw altair charts with inlined Vega libraries from now on (no network needed)."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
