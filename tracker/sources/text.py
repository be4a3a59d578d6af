"""A text release on disk (work report, review, article, bulletin): read it, extract, append.

Load the file's bytes, extract the catalog figures it states, save them as one release whose
raw bytes are the file itself (so every quote's offsets index the file's decoded text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tracker.errors import InputError
from tracker.extract import Figure, decode, extract_figures, figures_frame, parse_date
from tracker.store.append import AppendResult
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse

INGESTER = "text"


@dataclass(frozen=True)
class TextIngest:
    """What `ingest_text` read and, unless it was a dry run, what the warehouse did with it."""

    meta: ReleaseMeta
    figures: list[Figure]
    frame: pl.DataFrame
    result: AppendResult | None


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
                dry_run: bool = False, strict: bool = False) -> TextIngest:
    """Append the figures of one text release through the warehouse's normal path.

    With `dry_run` (or no warehouse) nothing is written and `result` is None.
    """
    when = parse_date(published) if isinstance(published, str) else published
    raw = read_bytes(file)
    decoded = decode(raw, str(file))
    figures = extract_figures(raw, when, region=region, source=str(file))
    meta = ReleaseMeta(
        publisher=publisher, title=title, date_published=when, ingester=INGESTER,
        source_id=INGESTER, url_main=url, grade=grade,
        media_type="text/html" if decoded.is_html else "text/plain",
        extra={"file": file.name, "encoding": decoded.encoding, "region": region},
    )
    meta.validate(str(file))
    frame = figures_frame(figures)
    if dry_run or wh is None:
        return TextIngest(meta, figures, frame, None)
    return TextIngest(meta, figures, frame, wh.append_release(meta, frame, raw, strict=strict))
