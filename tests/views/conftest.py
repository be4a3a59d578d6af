"""A demo warehouse built from the bundled releases, and the report written from it, per session."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker
from tracker.build import build
from tracker.report import build_report


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by the main job's build step in a temporary folder."""
    path = tmp_path_factory.mktemp("demo") / "tracker.duckdb"
    build(path=path)
    return path


@pytest.fixture(scope="session")
def demo(demo_path: Path) -> tracker.Warehouse:
    """The demo warehouse, read-only."""
    return tracker.open(demo_path)


@pytest.fixture(scope="session")
def report_index(demo: tracker.Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese report written from the demo warehouse."""
    return build_report(demo, tmp_path_factory.mktemp("report"), lang="zh")
