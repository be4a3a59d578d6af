"""A text release on disk (work report, review, article, bulletin): read it, extract, append.

Load the file's bytes, extract the catalog figures it states, save them as one release whose
raw bytes are the file itself (so every quote's offsets index the file's decoded text), in one
recorded run of source `text` like every other ingest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tracker import clock
from tracker.errors import InputError
from tracker.extract import Figure, decode, extract_figures, figures_frame, parse_date
from tracker.sources.context import recorded
from tracker.store.append import AppendResult
from tracker.store.release import ReleaseMeta
from tracker.store.review import unsure
from tracker.warehouse import Warehouse

INGESTER = "text"


@dataclass(frozen=True)
class TextIngest:
    """What `ingest_text` read and, unless it was a dry run, what the warehouse did with it."""

    meta: ReleaseMeta
    figures: list[Figure]
    frame: pl.DataFrame
    result: AppendResult | None
    run_id: str | None = None
    held: int | None = None  # held for `tracker review` (in a dry run: would be); None: no review


def read_bytes(file: Path) -> bytes:
    """The file's bytes, or InputError when it is missing or not a file."""
    if not file.is_file():
        raise InputError(str(file), "a text or HTML file", "no such file" if not file.exists()
                         else "a directory", "Check the path.")
    return file.read_bytes()


def extract_file(file: Path, published: str | dt.date, region: str = "440000") -> list[Figure]:
    """The figures a release file states (`published` as YYYY-MM-DD or a date)."""
    when = parse_date(published) if isinstance(published, str) else published
    return extract_figures(read_bytes(file), when, region=region, source=str(file))


def ingest_text(wh: Warehouse | None, file: Path, published: str | dt.date, publisher: str,
                title: str, url: str | None = None, grade: str = "A", region: str = "440000",
                dry_run: bool = False, strict: bool = False,
                review: float | None = None) -> TextIngest:
    """Append the figures of one text release in a recorded run (source `text`).

    With `review` (a confidence threshold) the figures less sure than it are held for
    `tracker review` instead of appended. With `dry_run` (or no warehouse) nothing is written
    or recorded and `result` is None.
    """
    when = parse_date(published) if isinstance(published, str) else published
    if dry_run or wh is None:
        meta, figures, frame, _ = read_release(file, when, publisher, title, url, grade, region)
        held = None if review is None else unsure(scored(figures, frame), review).height
        return TextIngest(meta, figures, frame, None, held=held)
    with recorded(wh, INGESTER) as run:
        meta, figures, frame, raw = read_release(file, when, publisher, title, url, grade, region)
        if review is None:
            result, held = run.append(meta, frame, raw, strict=strict), None
        else:
            reviewed = run.append_reviewed(meta, scored(figures, frame), raw, review,
                                           strict=strict)
            result, held = reviewed.result, reviewed.held
    return TextIngest(meta, figures, frame, result, run.run_id, held)


def scored(figures: list[Figure], frame: pl.DataFrame) -> pl.DataFrame:
    """The figures' own frame plus what a review keeps of each: value, unit, rule, confidence."""
    return frame.with_columns(
        pl.Series("value", [f.value for f in figures], pl.Float64),
        pl.Series("unit", [f.unit for f in figures], pl.Utf8),
        pl.Series("rule", [f.rule for f in figures], pl.Utf8),
        pl.Series("confidence", [f.confidence for f in figures], pl.Float64),
    )


def read_release(file: Path, published: dt.date, publisher: str, title: str, url: str | None,
                 grade: str, region: str
                 ) -> tuple[ReleaseMeta, list[Figure], pl.DataFrame, bytes]:
    """The release description, the figures (as found and as a frame) and the raw bytes."""
    raw = read_bytes(file)
    decoded = decode(raw, str(file))
    figures = extract_figures(raw, published, region=region, source=str(file))
    meta = ReleaseMeta(
        publisher=publisher, title=title, date_published=published, ingester=INGESTER,
        source_id=INGESTER, url_main=url, grade=grade, date_accessed=clock.now(),
        media_type="text/html" if decoded.is_html else "text/plain",
        extra={"file": file.name, "encoding": decoded.encoding, "region": region},
    )
    meta.validate(str(file))
    return meta, figures, figures_frame(figures), raw
