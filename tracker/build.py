"""The main job: build the warehouse from the bundled releases and say what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.sources import release_dir
from tracker.warehouse import Warehouse


@dataclass
class BuildSummary:
    """What a build added and what the warehouse now holds."""

    migrations: list[str]
    report: release_dir.IngestReport
    counts: dict[str, int]


def build(path: Path | str | None = None, strict: bool = False) -> BuildSummary:
    """Create or upgrade the warehouse and append every bundled release not yet held."""
    wh = Warehouse(path, read_only=False)
    migrations = wh.init()
    report = release_dir.ingest(wh, release_dir.bundled(), "bundled", strict=strict)
    return BuildSummary(migrations, report, wh.summary())
