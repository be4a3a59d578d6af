"""The main job: build the warehouse from the bundled releases, write the report, summarise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tracker.errors import InputError
from tracker.paths import INGEST_DIR, ROOT
from tracker.sources import release_dir
from tracker.warehouse import Warehouse

DEFAULT_REPORT = ROOT / "report"


@dataclass
class BuildSummary:
    """What a build added, what the warehouse now holds, the progress table and the report."""

    migrations: list[str]
    report: release_dir.IngestReport
    counts: dict[str, int]
    progress: pl.DataFrame | None = None
    report_path: Path | None = None


def build(path: Path | str | None = None, strict: bool = False,
          report_dir: Path | str | None = None, with_report: bool = False,
          lang: str = "zh", releases_from: Path | str | None = None,
          say: Callable[[str], None] | None = None) -> BuildSummary:
    """Create or upgrade the warehouse and append every bundled release not yet held.

    The bundled releases are read from `releases_from` (a folder holding releases/ and
    targets/; default: ingest/ of the checkout, or of the current directory when installed).
    With `with_report`, also assess every target and write the offline report to
    `report_dir` (default: report/ in the repository). `say` hears a line as each step
    starts (the CLI prints them on stderr).
    """
    tell = say or (lambda _line: None)
    folder = Path(releases_from or INGEST_DIR)
    folders = release_dir.bundled(folder)
    if not folders:
        # A wheel carries the code, not the project's data: say where the data is expected.
        raise InputError(str(folder), "release folders under releases/ and targets/",
                         "none", "Run from a checkout of the project, or pass --from FOLDER "
                         "(the checkout's ingest/ folder).")
    wh = Warehouse(path, read_only=False)
    tell(f"build: {wh.name}: schema")
    migrations = wh.init()
    tell(f"build: appending {len(folders)} release folder(s) from {folder}")
    ingested = release_dir.ingest(wh, folders, "bundled", strict=strict)
    tell("build: counting")
    summary = BuildSummary(migrations, ingested, wh.summary())
    if with_report:
        # Imported here: altair and vl-convert cost every other command a third of a second.
        from tracker.report import build_report
        from tracker.report_data import gather

        tell("build: reading the report's data and assessing the targets")
        data = gather(wh)
        summary.progress = data.assessed
        summary.report_path = build_report(wh, Path(report_dir or DEFAULT_REPORT), lang=lang,
                                           say=say, data=data)
    return summary
