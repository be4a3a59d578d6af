"""Real-engine fixtures: an empty warehouse, a seeded one (the bundled releases), file-backed.

Every fixture is a real DuckDB file in a temporary folder; Warehouse handles are closed after
each test so no test leaves a file lock behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tracker
from tracker.build import build
from tracker.warehouse import Warehouse

# The DuckLake fixtures (a PostgreSQL server of the tests' own, lakes to clone), one per session.
pytest_plugins = ["tests.lake.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
TRACKER_BIN = Path(sys.executable).parent / "tracker"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled releases built once per session; tests get copies."""
    path = tmp_path_factory.mktemp("seeded") / "tracker.duckdb"
    build(path)
    return path


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """The path of a fresh, migrated, empty warehouse file."""
    path = tmp_path / "wh" / "tracker.duckdb"
    tracker.open(path, read_only=False).init()
    return path


@pytest.fixture
def empty(empty_path: Path) -> Iterator[Warehouse]:
    """A writable, empty warehouse."""
    with tracker.open(empty_path, read_only=False) as wh:
        yield wh


@pytest.fixture
def seeded_path(seeded_template: Path, tmp_path: Path) -> Path:
    """The path of a private copy of the seeded warehouse (raw payloads included)."""
    target = tmp_path / "wh"
    shutil.copytree(seeded_template.parent, target)
    return target / "tracker.duckdb"


@pytest.fixture
def seeded(seeded_path: Path) -> Iterator[Warehouse]:
    """A writable copy of the seeded warehouse."""
    with tracker.open(seeded_path, read_only=False) as wh:
        yield wh


def run_cli(*args: str | Path, warehouse: Path | None = None,
            check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the installed `tracker` command in a real subprocess."""
    env = {**os.environ}
    if warehouse is not None:
        env["TRACKER_WAREHOUSE"] = str(warehouse)
    result = subprocess.run([str(TRACKER_BIN), *map(str, args)], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"tracker {args} failed ({result.returncode}):\n{result.stderr}")
    return result
