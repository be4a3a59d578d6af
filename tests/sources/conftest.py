"""Fixtures for the source tests: the replay server, a fresh warehouse, a declarations folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:  # so that `replay` (tests/replay/) imports as a package
    sys.path.insert(0, str(TESTS))

from replay.server import ReplayServer  # noqa: E402

import tracker  # noqa: E402
from tracker.warehouse import Warehouse  # noqa: E402


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    """A replay server on 127.0.0.1, empty until a test installs a site."""
    with ReplayServer() as running:
        yield running


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    """An empty, writable warehouse in a temporary folder."""
    warehouse = tracker.open(tmp_path / "wh" / "tracker.duckdb", read_only=False)
    warehouse.init()
    return warehouse


@pytest.fixture
def sources_dir(tmp_path: Path) -> Path:
    """An empty folder for source declarations."""
    folder = tmp_path / "sources"
    folder.mkdir()
    return folder

