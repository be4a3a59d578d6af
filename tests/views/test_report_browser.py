"""The report opened in headless Chromium from a file:// URL, offline: every chart renders."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest
from headless import CHROMIUM, Browser

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (python3 dev.py test)")

CHARTS = """JSON.stringify(Array.from(document.querySelectorAll('div.chart')).map(
    d => ({id: d.id, svg: d.querySelectorAll('svg.marks').length,
           marks: d.querySelectorAll('svg.marks path, svg.marks line, svg.marks text').length})))"""


def _problems(events: list[dict]) -> list[str]:
    """Console errors, uncaught exceptions, failed loads and any request off the file system."""
    found = []
    for e in events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            found.append(f"console.{params['type']}: {params['args']}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails']}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(f"log: {params['entry']['text']}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "blob:", "about:")):
                found.append(f"network request: {url}")
    return found


# What a reader trips over, measured on each drawn chart: an axis printing one label twice
# (2023 2024 2024 2025), an axis with a single label, text running into the legend.
REVIEW = """JSON.stringify(Array.from(document.querySelectorAll('div.chart')).map(d => {
  const box = e => e.getBoundingClientRect();
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom &&
                          b.top < a.bottom;
  const axes = Array.from(d.querySelectorAll('g.role-axis')).map(a => Array.from(
      a.querySelectorAll('g.role-axis-label text')).map(t => t.textContent));
  const legends = Array.from(d.querySelectorAll('g.role-legend')).map(box);
  const texts = Array.from(d.querySelectorAll('g.role-mark.mark-text text'))
      .filter(t => t.textContent).map(t => [t.textContent, box(t)]);
  const rect = box(d);
  return {id: d.id, axes: axes,
          into_legend: texts.filter(([, b]) => legends.some(l => meets(b, l))).map(([s]) => s),
          width: rect.width, height: rect.height, x: rect.x + scrollX, y: rect.y + scrollY};
}))"""


def _open_offline(index: Path, profile: Path, shots: Path | None = None,
                  ) -> tuple[str | None, list[dict], int, list[str]]:
    """Open `index` with the network off; the render state, charts, table rows and problems.

    With `shots`, the page is laid out 1400 px wide, as a reader's screen, and each chart's
    review (axis labels, text over a legend) and screenshot (`shots/<id>.png`) are added to
    its entry."""
    browser = Browser(profile)
    try:
        target = browser.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.command("Target.attachToTarget",
                                  {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            browser.command(f"{domain}.enable", session=session)
        browser.command("Network.emulateNetworkConditions",
                        {"offline": True, "latency": 0, "downloadThroughput": -1,
                         "uploadThroughput": -1}, session)
        if shots is not None:
            browser.command("Emulation.setDeviceMetricsOverride",
                            {"width": 1400, "height": 900, "deviceScaleFactor": 1,
                             "mobile": False}, session)
        browser.command("Page.navigate", {"url": index.as_uri()}, session)
        state, deadline = None, time.monotonic() + 60
        while state not in ("rendered", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            state = browser.evaluate(session, "document.body && document.body.dataset.charts")
        charts = json.loads(browser.evaluate(session, CHARTS))
        if shots is not None:
            reviews = {r["id"]: r for r in json.loads(browser.evaluate(session, REVIEW))}
            for chart in charts:
                chart.update(reviews[chart["id"]])
                _screenshot(browser, session, chart, shots / f"{chart['id']}.png")
        rows = browser.evaluate(session, "document.querySelectorAll('#progress tbody tr').length")
        time.sleep(0.3)  # late console messages arrive as events before the next reply
        browser.evaluate(session, "1")
        return state, charts, rows, _problems(browser.events)
    finally:
        browser.close()


def _screenshot(browser: Browser, session: str, chart: dict[str, Any], path: Path) -> None:
    clip = {"x": chart["x"], "y": chart["y"], "width": max(chart["width"], 1),
            "height": max(chart["height"], 1), "scale": 1}
    shot = browser.command("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                      "captureBeyondViewport": True}, session)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


def test_report_charts_pass_the_visual_review_at_1400_px(report_index: Path,
                                                         tmp_path: Path) -> None:
    state, charts, _, problems = _open_offline(report_index, tmp_path / "profile",
                                               shots=tmp_path / "shots")
    assert state == "rendered", problems
    for chart in charts:
        for labels in chart["axes"]:
            # A category axis may repeat nothing either; a value or time axis with a single
            # label is a lone point on a scale that says nothing.
            assert len(labels) == len(set(labels)), (chart["id"], labels)
            assert len(labels) != 1, (chart["id"], labels)
        assert chart["into_legend"] == [], chart["id"]
        # Fits a 1400 px screen beside the page's margins, and was drawn at all.
        assert 300 < chart["width"] <= 1400, chart["id"]
        png = (tmp_path / "shots" / f"{chart['id']}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000, chart["id"]


def test_report_renders_offline_without_console_errors(report_index: Path,
                                                        tmp_path: Path) -> None:
    state, charts, rows, problems = _open_offline(report_index, tmp_path / "profile")
    assert state == "rendered", problems
    assert problems == []
    assert len(charts) == len(list((report_index.parent / "charts").glob("*.svg")))
    assert [c["id"] for c in charts if c["svg"] != 1 or c["marks"] < 5] == []
    assert rows > 0


def test_a_broken_chart_is_caught(report_index: Path, tmp_path: Path) -> None:
    """The check above can fail: a spec Vega cannot draw shows as an error and no svg."""
    broken = tmp_path / "index.html"
    html = report_index.read_text(encoding="utf-8")
    at = html.index("const specs = ")
    broken.write_text(html[:at] + html[at:].replace('"mark":', '"mark_broken":', 1),
                      encoding="utf-8")
    state, charts, _, problems = _open_offline(broken, tmp_path / "profile")
    assert state == "failed"
    assert any(p.startswith("console.error") for p in problems)
    assert any(c["svg"] == 0 for c in charts)
