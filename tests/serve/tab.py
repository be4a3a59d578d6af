"""One Chromium tab over the DevTools pipe (tests/views/headless.py): navigate, wait, click,
screenshot, and list what went wrong (console errors, exceptions, requests off loopback)."""

from __future__ import annotations

import base64
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.views.headless import Browser

WIDTH = 1400


class Tab:
    """A page at 1400 CSS pixels wide, with the Runtime, Log, Page and Network events kept."""

    def __init__(self, browser: Browser, origin: str) -> None:
        self.browser = browser
        self.origin = origin
        target = browser.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.command("Target.attachToTarget",
                                       {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page", "Network"):
            browser.command(f"{domain}.enable", session=self.session)
        browser.command("Emulation.setDeviceMetricsOverride",
                        {"width": WIDTH, "height": 900, "deviceScaleFactor": 1,
                         "mobile": False}, self.session)

    def js(self, expression: str) -> Any:
        """The value of `expression` in the page; a RuntimeError if it throws."""
        reply = self.browser.command("Runtime.evaluate", {"expression": expression,
                                                          "returnByValue": True}, self.session)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{expression[:80]}: {reply['result'].get('description')}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """Poll until `expression` is truthy; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):  # a navigation can destroy the context
                value = self.js(expression)
                if value:
                    return value
            time.sleep(0.1)
        raise TimeoutError(f"{expression} stayed false for {timeout}s at {self.location()}")

    def location(self) -> str:
        """The page's URL now."""
        return str(self.js("location.href"))

    def settle(self) -> None:
        """Wait for the page to load and its charts (if any) to be drawn or to fail."""
        self.wait_for("document.readyState === 'complete' && document.body !== null")
        self.wait_for("!document.querySelector('script.chart-spec') || "
                      "['rendered', 'failed'].includes(document.body.dataset.charts)", 60)

    def go(self, path: str) -> None:
        """Open `path` on the server and wait for it to settle."""
        self.browser.command("Page.navigate", {"url": self.origin + path}, self.session)
        time.sleep(0.1)
        self.settle()

    def click(self, selector: str) -> None:
        """Click the first element matching `selector` (as a person would) and wait for the
        page it leads to."""
        before = self.location()
        # Clicked after the reply: a navigation started inside the evaluation would destroy
        # the context that answers it.
        found = self.js(f"(() => {{ const el = document.querySelector({selector!r});"
                        " if (!el) return false; setTimeout(() => el.click(), 0);"
                        " return true; })()")
        assert found, f"nothing matches {selector} on {before}"
        self.wait_for(f"location.href !== {before!r}")
        self.settle()

    def screenshot(self, path: Path) -> Path:
        """The whole page, 1400 px wide, as a PNG at `path`."""
        metrics = self.browser.command("Page.getLayoutMetrics", session=self.session)
        height = min(int(metrics["cssContentSize"]["height"]) + 1, 6000)
        shot = self.browser.command("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}},
            self.session)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def problems(self) -> list[str]:
        """Console errors, exceptions, failed loads, dialogs and requests off this server."""
        time.sleep(0.3)  # late console messages arrive as events before the next reply
        self.js("1")
        found = []
        for event in self.browser.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(f"console.{params['type']}: {params['args']}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails']}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry']['text']} {params['entry'].get('url')}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith((self.origin + "/", "data:", "blob:", "about:")):
                    found.append(f"network request off loopback: {url}")
        return found

    def requests(self) -> list[str]:
        """Every URL the page asked for so far."""
        return [e["params"]["request"]["url"] for e in self.browser.events
                if e.get("method") == "Network.requestWillBeSent"]


@contextlib.contextmanager
def tab(profile: Path, origin: str) -> Iterator[Tab]:
    """A fresh Chromium with one tab on `origin`; closed afterwards."""
    browser = Browser(profile)
    try:
        yield Tab(browser, origin)
    finally:
        browser.close()
