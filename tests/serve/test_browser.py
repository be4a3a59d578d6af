"""A person's path in headless Chromium: search -> indicator -> figure -> its source document.

The server is a real `tracker serve` subprocess; the browser is Debian's chromium driven over
the DevTools pipe. Every step is screenshotted (1400 px wide) into a folder printed at the end.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

import tracker
from tests.serve.conftest import HOSTILE_TITLE, Server
from tests.serve.tab import Tab, tab
from tests.views.headless import CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (python3 dev.py test)")

# Where the marked quote starts, counted in code points as Python counts offsets.
QUOTE_AT = """(() => {
  const mark = document.querySelector('pre.doc mark#quote');
  const pre = mark.closest('pre');
  const range = document.createRange();
  range.setStart(pre, 0);
  range.setEndBefore(mark);
  const box = document.querySelector('.document').getBoundingClientRect();
  const at = mark.getBoundingClientRect();
  return JSON.stringify({text: mark.textContent, before: Array.from(range.toString()).length,
                         offset: Number(pre.dataset.offset),
                         visible: at.top >= box.top && at.bottom <= box.bottom,
                         marks: document.querySelectorAll('mark#quote').length});
})()"""
INLINE_SCRIPTS = ("Array.from(document.scripts).filter(s => !s.src && "
                  "s.type !== 'application/json').length")


def _hostile_figure(server: Server) -> dict[str, object]:
    with tracker.open(server.warehouse) as wh:
        release = wh.releases().filter(pl.col("title") == HOSTILE_TITLE)["release_id"][0]
        return wh.release_figures(release).filter(
            pl.col("indicator") == "gdp", pl.col("measure") == "level").row(0, named=True)


def _shot(t: Tab, folder: Path, name: str) -> None:
    t.screenshot(folder / f"{name}.png")


def test_from_search_to_the_highlighted_sentence(server: Server, screenshots: Path,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    figure = _hostile_figure(server)
    with tab(tmp_path / "profile", server.url) as t:
        t.go("/")
        assert t.js("document.querySelectorAll('#progress tbody tr[data-target]').length") > 10
        assert t.js("document.body.dataset.charts") == "rendered"
        _shot(t, screenshots, "1-progress-board")

        # Search by the Chinese name from the header's search box.
        t.js("document.querySelector('header input[name=q]').value = '地区生产总值';"
             "document.querySelector('header form.search').submit()")
        t.wait_for("location.pathname === '/indicators' && document.readyState === 'complete'")
        t.settle()
        assert t.js("document.querySelector('#indicators tbody tr td a').textContent") == "gdp"
        _shot(t, screenshots, "2-search")

        t.click("#indicators tbody tr.held a[href='/indicators/gdp']")
        _shot(t, screenshots, "3-indicator")
        t.click("#held a[href^='/indicators/gdp/440000?measure=level']")
        assert t.js("document.body.dataset.charts") == "rendered"
        assert t.js("document.querySelectorAll('#chart-target svg.marks').length") == 1
        _shot(t, screenshots, "4-series")

        t.click(f"#table-vintages a.figure[href='/figures/{figure['obs_id']}']")
        assert t.location().endswith(f"/figures/{figure['obs_id']}")
        found = json.loads(t.js(QUOTE_AT))
        assert found["marks"] == 1
        assert found["text"] == figure["quote"]
        assert found["offset"] + found["before"] == figure["quote_start"]
        assert found["visible"]
        # The title holding <script> is shown as text and runs nothing.
        assert HOSTILE_TITLE in t.js("document.querySelector('dl.release').textContent")
        assert t.js(INLINE_SCRIPTS) == 0
        _shot(t, screenshots, "5-figure-provenance")

        t.click("dl.release a[href^='/releases/']")
        assert t.js("document.querySelectorAll('pre.doc mark').length") >= 2
        _shot(t, screenshots, "6-release")

        # A figure read from a table: the cell is marked in the table as published.
        t.go("/")
        t.click("#progress tbody tr[data-target] td:nth-child(5) a.figure")
        cell = t.js("document.querySelector('table.doc-table td#quote').textContent")
        assert cell and t.js("document.querySelectorAll('tr.marked').length") == 1
        _shot(t, screenshots, "7-table-figure")

        problems = t.problems()
        requests = t.requests()
    with capsys.disabled():  # shown even when pytest captures output
        print(f"\nscreenshots of the browser test: {screenshots}")
    assert problems == []
    assert requests and all(r.startswith(server.url + "/") for r in requests
                            if not r.startswith(("data:", "about:")))
