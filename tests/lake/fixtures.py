"""Session fixtures for DuckLake warehouses, shared by every test folder (registered as a
plugin in tests/conftest.py): the tests' own PostgreSQL server, and lakes built once to clone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lake.server import Lake, new_lake
from tracker.bench.postgres import Server, running
from tracker.build import build


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """The tests' own PostgreSQL server, for the whole session."""
    with tempfile.TemporaryDirectory(prefix="tracker-pg-") as base, running(Path(base)) as pg:
        yield pg


@pytest.fixture(scope="session")
def seeded_lake(postgres: Server, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """The bundled releases built once per session into a lake; tests get clones."""
    data = tmp_path_factory.mktemp("seeded-lake") / "data"
    lake = Lake(postgres, postgres.create(), data)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TRACKER_DATA_PATH", str(data))
        build(lake.uri)
    return lake


@pytest.fixture(scope="session")
def empty_lake(postgres: Server, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """An empty, migrated lake that tests clone."""
    return new_lake(postgres, tmp_path_factory.mktemp("empty-lake") / "data")
