"""`tracker serve` as a real subprocess on a free loopback port, over a real built warehouse.

The warehouse is `tracker build --no-report` in a temporary folder plus one text release whose
title, publisher and body hold HTML (`<script>`), so that escaping is tested on real pages.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, TRACKER_BIN, run_cli

HOSTILE_TITLE = "<script>alert(1)</script>广东经济运行简况"
HOSTILE_PUBLISHER = "<b>广东省统计局</b>"
FORMULA_TITLE = '=HYPERLINK("http://example.invalid")广东工业'

DOCUMENT = (
    "广东省统计局发布。<script>alert('body')</script>\n"
    "2023年广东地区生产总值为13.57万亿元，比上年增长4.8%。\n"
    "全省规模以上工业增加值增长4.4%。\n"
)


@dataclass
class Server:
    """A running `tracker serve`: its base URL, its warehouse and its process."""

    url: str
    warehouse: Path
    proc: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(warehouse: Path, log: Path, *options: str) -> Server:
    """Start `tracker serve` (with `options`) on a free port and wait until it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [str(TRACKER_BIN), "serve", "--port", str(port), "--warehouse", str(warehouse),
         *options],
        cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        env={**os.environ, "TRACKER_WAREHOUSE": str(warehouse)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"tracker serve exited: {log.read_text(errors='replace')}")
        with contextlib.suppress(urllib.error.HTTPError, OSError):
            urllib.request.urlopen(f"{url}/static/style.css", timeout=2).read()
            return Server(url, warehouse, proc, log)
        time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"tracker serve did not answer in 60 s: {log.read_text()}")


def stop(server: Server) -> None:
    """Stop the server it started (by its own process handle)."""
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


def ingest_text(warehouse: Path, folder: Path, text: str, title: str, publisher: str,
                published: str = "2024-02-01") -> None:
    """Append a text release with `tracker ingest text`."""
    doc = folder / f"doc-{abs(hash(title))}.txt"
    doc.write_text(text, encoding="utf-8")
    run_cli("ingest", "text", doc, "--published", published, "--publisher", publisher,
            "--title", title, warehouse=warehouse, check=True)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by `tracker build --no-report`, plus the hostile text release."""
    folder = tmp_path_factory.mktemp("serve-wh")
    path = folder / "tracker.duckdb"
    run_cli("build", "--no-report", warehouse=path, check=True)
    ingest_text(path, folder, DOCUMENT, HOSTILE_TITLE, HOSTILE_PUBLISHER)
    ingest_text(path, folder, "2023年全省规模以上工业增加值增长4.4%。\n", FORMULA_TITLE,
                "广东省工业和信息化厅", published="2024-01-30")
    return path


@pytest.fixture(scope="session")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`tracker serve` over the built warehouse, shared by the tests of the session."""
    running = start(built, tmp_path_factory.mktemp("serve-log") / "serve.log")
    yield running
    stop(running)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser test leaves its screenshots ($TRACKER_SCREENSHOTS, else a tmp dir)."""
    chosen = os.environ.get("TRACKER_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("serve-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
