"""A private lake per test, cloned from the session's empty one (tests/lake/fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lake.s3 import object_store, s3_env  # noqa: F401  (the tests' own S3 server)
from tests.lake.server import Lake


@pytest.fixture
def lake(empty_lake: Lake, tmp_path: Path) -> Lake:
    """An empty, migrated lake of this test's own."""
    return empty_lake.clone(tmp_path / "lake-data")
