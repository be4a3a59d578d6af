"""Shared by the store's property tests: an empty migrated warehouse, copied per example."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import tracker
from tracker.warehouse import Warehouse


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated warehouse folder that each example copies."""
    folder = tmp_path_factory.mktemp("empty")
    tracker.open(folder / "tracker.duckdb", read_only=False).init()
    return folder


@contextmanager
def fresh(template: Path) -> Iterator[Warehouse]:
    """A private writable copy of the template, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(template, Path(tmp) / "wh")
        with tracker.open(Path(tmp) / "wh" / "tracker.duckdb", read_only=False) as wh:
            yield wh
