"""A table of figures (or targets) plus a small release description, appended as one release.

A release folder holds `release.toml` (publisher, title, date_published, url_main, grade...,
`table = "figures.csv"`, `kind = "figures" | "targets"`) and the table it names (CSV in UTF-8
or GB18030, XLSX or Parquet). The bundled releases under ingest/releases/ and ingest/targets/
load through here, and so does `tracker ingest table`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl
from rich.console import Console
from rich.progress import Progress

from tracker import clock
from tracker.errors import InputError, ReleaseError, TrackerError
from tracker.paths import INGEST_DIR
from tracker.sources.context import recorded
from tracker.sources.tables import read_table
from tracker.store.append import AppendResult
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse

INGESTER = "release_dir"
META_FIELDS = ("publisher", "title", "date_published", "published_approximate", "url_main",
               "url_download", "license", "doc_number", "grade", "source_id", "media_type")


@dataclass
class IngestReport:
    """The outcome of one ingest run over one or more releases."""

    source_id: str
    run_id: str
    results: list[AppendResult] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Rows appended across the run."""
        return sum(r.added for r in self.results)

    @property
    def unchanged(self) -> int:
        """Rows already held."""
        return sum(r.unchanged for r in self.results)

    @property
    def quarantined(self) -> int:
        """Rows refused and kept in quarantine."""
        return sum(r.quarantined for r in self.results)

    @property
    def releases_added(self) -> int:
        """Releases that were new."""
        return sum(r.status == "added" for r in self.results)


def load(folder: Path) -> tuple[ReleaseMeta, pl.DataFrame, bytes, Literal["figures", "targets"]]:
    """Read a release folder: its description, its table as text columns, and the raw bytes."""
    described = folder / "release.toml"
    if not described.is_file():
        raise InputError(str(folder), "a folder with release.toml and a table",
                         "no release.toml", "Write release.toml (see ingest/releases/*/).")
    try:
        spec: dict[str, Any] = tomllib.loads(described.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(described), "valid UTF-8 TOML", str(exc),
                         "Fix the syntax of release.toml.") from None
    for required in ("publisher", "title", "date_published"):
        if not str(spec.get(required, "")).strip():
            raise ReleaseError(str(described), required, "is missing or empty")
    published = spec["date_published"]
    if not isinstance(published, dt.date):
        try:
            published = dt.date.fromisoformat(str(published))
        except ValueError:
            raise ReleaseError(str(described), "date_published",
                               f"is {published!r}, not a date YYYY-MM-DD") from None
    kind = spec.get("kind", "figures")
    if kind not in ("figures", "targets"):
        raise ReleaseError(str(described), "kind", f"is {kind!r}, expected figures or targets")
    table = folder / spec.get("table", f"{kind}.csv")
    if not table.is_file():
        raise InputError(str(folder), f"the table {table.name} named in release.toml",
                         "no such file", "Put the table beside release.toml or fix `table`.")
    raw = table.read_bytes()
    meta = ReleaseMeta(
        ingester=INGESTER, media_type=table.suffix.lstrip("."),
        **{k: spec[k] for k in META_FIELDS if k in spec and k != "date_published"},
        date_published=published, date_accessed=clock.now(),
    )
    meta.extra = {"folder": folder.name, "table": table.name}
    frame = read_table(table, raw)
    if kind == "figures" and "locator" not in frame.columns:
        frame = frame.with_row_index("_n", offset=1).with_columns(
            pl.format("{} row {}", pl.lit(table.name), pl.col("_n")).alias("locator"),
            pl.lit("cell").alias("locator_kind"),
        ).drop("_n")
    return meta, frame, raw, kind


def ingest(wh: Warehouse, folders: list[Path], source_id: str, strict: bool = False,
           progress: bool = False) -> IngestReport:
    """Append each release folder as one release, all in one recorded run.

    With `progress`, a bar on stderr follows the releases (for big ingests at a terminal).
    Whatever a folder raises closes the run (failed, or partial after earlier folders went in)
    and is re-raised; the releases already appended stay, each whole.
    """
    with recorded(wh, source_id) as run, wh.writing(), \
            Progress(console=Console(stderr=True), transient=True, disable=not progress) as bar:
        for folder in bar.track(folders, description="appending releases"):
            try:
                meta, frame, raw, kind = load(folder)
                meta.source_id = meta.source_id or source_id
                run.append(meta, frame, raw, strict=strict, kind=kind)
            except Exception as exc:
                if not isinstance(exc, TrackerError):  # tracker errors name the file already
                    exc.add_note(f"while ingesting the release folder {folder}")
                raise
    return IngestReport(source_id, run.run_id, run.results)


def bundled(folder: Path = INGEST_DIR) -> list[Path]:
    """The project's own releases under `folder`: reference figures, then targets."""
    return [p.parent for base in (folder / "releases", folder / "targets")
            for p in sorted(base.glob("*/release.toml"))]
