"""progress() reads its actuals one series at a time when few are wanted and with one read of
the region when many are: both must assess every target the same."""

from __future__ import annotations

import pytest

import tracker
from tracker import progress as progress_module
from tracker.progress import progress


@pytest.mark.parametrize("region", ["440000", None])
def test_one_read_of_the_region_assesses_as_one_read_per_series(
        demo: tracker.Warehouse, region: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = progress(demo, region=region)
    monkeypatch.setattr(progress_module, "FEW_SERIES", 10**6)
    one_by_one = progress(demo, region=region)
    monkeypatch.setattr(progress_module, "FEW_SERIES", 0)
    assert progress(demo, region=region).equals(whole)
    assert whole.height > 0 and whole.equals(one_by_one)
