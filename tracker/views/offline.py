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


# Characters that mean something to the HTML parser inside a <script> element: "</script>" ends
# it early and "<!--<script>" keeps it open past its end; & and > for the same reasons in other
# parsers, U+2028/2029 because older JavaScript ends a string there. Each is a \u escape, which
# JSON reads back as the same character.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: Any) -> str:
    """`value` as JSON that can sit inside a <script> element whatever its strings hold."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def render(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
    """The mime bundle of one chart: HTML with the Vega libraries inlined, and a plain line."""
    div = f"tracker-chart-{uuid.uuid4().hex}"
    options = {"renderer": "svg", "actions": False, "config": {"font": FONT},
               **(metadata.get("embed_options") or {})}
    html = (f'<div id="{div}"></div>\n<script type="module">\n{_bundle()}\n'
            f'window.vegaEmbed("#{div}", {script_json(spec)}, {script_json(options)})'
            ".catch(console.error);\n</script>\n")
    return {"text/html": html, "text/plain": "<altair chart>"}


def offline() -> None:
    """Draw altair charts with inlined Vega libraries from now on (no network needed)."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
