"""Notebook charts carry their Vega libraries: no CDN in the output, and they draw offline."""

from __future__ import annotations

import re
import time
from pathlib import Path

import altair as alt
import nbformat
import pytest
from headless import CHROMIUM, Browser
from nbclient import NotebookClient

from tracker import views

CELLS = ["import tracker\nfrom tracker import views\nwh = tracker.open()",
         'views.actual_vs_target(wh, "gdp")',
         'views.revisions(wh, "gdp")']
CDN = re.compile(r"<script[^>]+src=[\"']?https?:|cdn\.jsdelivr|unpkg\.com|cdnjs")


@pytest.fixture(scope="module")
def chart_outputs(demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The HTML outputs of a notebook drawing two of the views, executed in a real kernel."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_WAREHOUSE", str(demo_path))  # the kernel inherits it
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={
            "metadata": {"path": str(tmp_path_factory.mktemp("nb"))}}).execute()
    outputs = [o for c in nb.cells for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"], outputs
    return [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]


def test_importing_the_views_turns_the_offline_renderer_on() -> None:
    alt.renderers.enable("default")
    views.offline()
    assert alt.renderers.active == "tracker_offline"


def test_a_chart_cell_in_a_notebook_loads_no_script_from_the_network(
        chart_outputs: list[str]) -> None:
    assert len(chart_outputs) == 2
    for html in chart_outputs:
        assert '<script src="http' not in html and not CDN.search(html)
        assert '<script type="module">' in html and "window.vegaEmbed(" in html


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_the_notebook_charts_draw_in_a_browser_with_the_network_off(
        chart_outputs: list[str], tmp_path: Path) -> None:
    # As nbconvert's HTML export does: every output on one page.
    page = tmp_path / "notebook.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                    + "".join(chart_outputs) + "</body></html>", encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.command("Target.attachToTarget",
                                  {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Network"):
            browser.command(f"{domain}.enable", session=session)
        browser.command("Network.emulateNetworkConditions",
                        {"offline": True, "latency": 0, "downloadThroughput": -1,
                         "uploadThroughput": -1}, session)
        browser.command("Page.navigate", {"url": page.as_uri()}, session)
        drawn, deadline = 0, time.monotonic() + 60
        while drawn < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            drawn = browser.evaluate(session, "document.querySelectorAll('svg.marks').length")
        requests = [e["params"]["request"]["url"] for e in browser.events
                    if e.get("method") == "Network.requestWillBeSent"]
    finally:
        browser.close()
    assert drawn == 2
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
