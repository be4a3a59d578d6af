"""A private lake per test, cloned from the session's empty one (tests/lake/fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lake.server import Lake


@pytest.fixture
def lake(empty_lake: Lake, tmp_path: Path) -> Lake:
    """An empty, migrated lake of this test's own."""
    return empty_lake.clone(tmp_path / "lake-data")
