"""The report opened in headless Chromium from a file:// URL, offline: every chart renders."""

from __future__ import annotations

import json
import time
from pathlib import Path

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


def _open_offline(index: Path, profile: Path) -> tuple[str | None, list[dict], int, list[str]]:
    """Open `index` with the network off; the render state, charts, table rows and problems."""
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
        browser.command("Page.navigate", {"url": index.as_uri()}, session)
        state, deadline = None, time.monotonic() + 60
        while state not in ("rendered", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            state = browser.evaluate(session, "document.body && document.body.dataset.charts")
        charts = json.loads(browser.evaluate(session, CHARTS))
        rows = browser.evaluate(session, "document.querySelectorAll('#progress tbody tr').length")
        time.sleep(0.3)  # late console messages arrive as events before the next reply
        browser.evaluate(session, "1")
        return state, charts, rows, _problems(browser.events)
    finally:
        browser.close()


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
