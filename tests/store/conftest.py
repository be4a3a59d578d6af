"""Shared by the store's tests: an empty migrated warehouse copied per example, and both kinds.

The modules in BOTH_KINDS run once on a DuckDB file and once on a DuckLake catalogued in a
PostgreSQL server the tests start themselves (tests/lake/server.py); `seeded_path`,
`empty_path` and `template` then name a warehouse of that kind: a file's path, or a lake's
URI with its data folder in TRACKER_DATA_PATH (so subprocesses find it too).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import tracker
from tests.lake.server import Lake
from tracker.warehouse import Warehouse

BOTH_KINDS = {"test_reads", "test_properties", "test_vintage_order", "test_concurrency",
              "test_review"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the modules of BOTH_KINDS on a file and on a lake."""
    if "kind" in metafunc.fixturenames and metafunc.module.__name__.split(".")[-1] in BOTH_KINDS:
        metafunc.parametrize("kind", ["file", "lake"], scope="module")


@pytest.fixture(scope="session")
def kind() -> str:
    """The kind of warehouse a test gets: a file, unless its module runs on both."""
    return "file"


def _private(request: pytest.FixtureRequest, template: str, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> str:
    lake: Lake = request.getfixturevalue(template).clone(tmp_path / "lake-data")
    monkeypatch.setenv("TRACKER_DATA_PATH", str(lake.data))
    return lake.uri


@pytest.fixture
def seeded_path(kind: str, request: pytest.FixtureRequest, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A private copy of the seeded warehouse (raw payloads included), of the test's kind."""
    if kind == "lake":
        return _private(request, "seeded_lake", tmp_path, monkeypatch)
    target = tmp_path / "wh"
    shutil.copytree(request.getfixturevalue("seeded_template").parent, target)
    return target / "tracker.duckdb"


@pytest.fixture
def empty_path(kind: str, request: pytest.FixtureRequest, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """A fresh, migrated, empty warehouse of the test's kind."""
    if kind == "lake":
        return _private(request, "empty_lake", tmp_path, monkeypatch)
    path = tmp_path / "wh" / "tracker.duckdb"
    tracker.open(path, read_only=False).init()
    return path


@pytest.fixture(scope="module")
def template(kind: str, request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Path | Lake:
    """An empty, migrated warehouse that each example copies: a file's folder, or a lake."""
    if kind == "lake":
        lake: Lake = request.getfixturevalue("empty_lake")
        return lake
    folder = tmp_path_factory.mktemp("empty")
    tracker.open(folder / "tracker.duckdb", read_only=False).init()
    return folder


@contextmanager
def fresh(template: Path | Lake) -> Iterator[Warehouse]:
    """A private writable copy of the template, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        if isinstance(template, Lake):
            lake = template.clone(Path(tmp) / "data")
            with tracker.open(lake.uri, read_only=False, data_path=lake.data) as wh:
                yield wh
            return
        shutil.copytree(template, Path(tmp) / "wh")
        with tracker.open(Path(tmp) / "wh" / "tracker.duckdb", read_only=False) as wh:
            yield wh

