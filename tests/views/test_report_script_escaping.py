"""Text from payloads inside the report's scripts stays text (issue 14): a quote holding
`<!--<script>` or `</script>` neither ends the chart script early nor keeps it open, in
headless Chromium with the real Vega bundle."""

from __future__ import annotations

import json
import time
from pathlib import Path

import polars as pl
import pytest
from headless import CHROMIUM, Browser

from tracker.report_html import page
from tracker.views.offline import _bundle, script_json

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (python3 dev.py test)")

PAYLOADS = ["<!--<script>", "</script><script>document.title='pwned'</script>",
            "a\u2028b\u2029c", "&lt;&amp; <b>bold</b>"]


def _spec(title: str) -> dict[str, object]:
    return {"title": title, "mark": "bar",
            "data": {"values": [{"q": p, "v": i + 1} for i, p in enumerate(PAYLOADS)]},
            "encoding": {"x": {"field": "q", "type": "nominal"},
                         "y": {"field": "v", "type": "quantitative"}}}


def test_script_json_reads_back_as_the_same_value_and_holds_no_markup() -> None:
    value = {"quote": PAYLOADS, "nested": {"k<": ">&"}}
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


def test_payloads_in_a_chart_render_as_text_and_run_nothing(tmp_path: Path) -> None:
    specs = [("first", _spec(PAYLOADS[0])), ("second", _spec(PAYLOADS[1]))]
    html = page(specs, pl.DataFrame({"counted": []}, schema={"counted": pl.Boolean}), "en", {},
                _bundle())
    index = tmp_path / "index.html"
    index.write_text(html, encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.command("Target.attachToTarget",
                                  {"targetId": target, "flatten": True})["sessionId"]
        browser.command("Page.navigate", {"url": index.as_uri()}, session)
        state, deadline = None, time.monotonic() + 60
        while state not in ("rendered", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            state = browser.evaluate(session, "document.body && document.body.dataset.charts")
        texts = json.loads(browser.evaluate(
            session, "JSON.stringify(Array.from(document.querySelectorAll('svg text'))"
                     ".map(t => t.textContent))"))
        title = browser.evaluate(session, "document.title")
        scripts = browser.evaluate(session, "document.scripts.length")
    finally:
        browser.close()
    assert state == "rendered"
    assert title != "pwned" and scripts == 2
    assert PAYLOADS[0] in texts and PAYLOADS[1] in texts  # both chart titles, as typed
