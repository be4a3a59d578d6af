"""A release's raw bytes shown as a reader sees them, with a figure's place marked.

Text is decoded with tracker.extract.decode, the decoder the extraction engine read it with, so
a figure's quote_start/quote_end (offsets into that string) fall on the same characters here.
A table cell is found from a locator such as "figures.csv row 3" (the third data row) or
"drop.csv row 4 column 产量" (a spreadsheet row number, the header being row 1); a JSON figure
from its path ("$.data[0].values[2]").
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tracker.errors import InputError
from tracker.extract.decode import decode
from tracker.handle import Handle

# Longer texts are shown as a window around the quote: a browser chokes on megabytes in a <pre>.
MAX_CHARS = 400_000
WINDOW = 20_000
_ROW = re.compile(r"\brow (?P<row>\d+)(?: column (?P<column>.+))?$")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Segment:
    """A run of the document's text; `mark` is the obs_id (or "target") of a quote it holds."""

    text: str
    mark: str | None = None
    current: bool = False


@dataclass
class Document:
    """What the page shows of a raw payload: marked text, a table with a marked cell, or why
    nothing can be shown."""

    kind: str  # text | table | json | binary | missing
    segments: list[Segment] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    mark_row: int | None = None  # index into body
    mark_column: int | None = None
    note: str = ""
    encoding: str = ""
    offset: int = 0  # characters of the text left out before the first segment


def raw_bytes(warehouse: Handle, raw_path: str | None) -> bytes | None:
    """The stored payload, or None when the raw folder does not hold it (never outside it):
    beside a file, or under a lake's data path, on every machine (Handle.raw_payload)."""
    return warehouse.raw_payload(raw_path)


def show(raw: bytes | None, media_type: str | None, locator: str | None,
         quotes: list[tuple[int, int, str]], current: str | None = None) -> Document:
    """The document with `quotes` (start, end, mark) marked, `current` the one looked at;
    without offsets, the locator's table cell or JSON node."""
    if raw is None:
        return Document("missing", note="The raw payload is not in this warehouse's raw folder.")
    try:
        decoded = decode(raw, "release")
    except InputError as exc:
        return Document("binary", note=f"{media_type or 'binary'} payload, {len(raw):,} bytes, "
                        f"not shown as text ({exc.got}).")
    text = decoded.text
    if quotes:
        return _marked_text(text, quotes, current, decoded.encoding)
    locator = (locator or "").strip()
    if (media_type or "").lower() == "json" or locator.startswith("$"):
        return _json(text, locator, decoded.encoding)
    if (media_type or "").lower() in ("csv", "tsv"):
        return _table(text, locator, decoded.encoding, "\t" if media_type == "tsv" else ",")
    return _marked_text(text, [], None, decoded.encoding)


def _marked_text(text: str, quotes: list[tuple[int, int, str]], current: str | None,
                 encoding: str) -> Document:
    kept: list[tuple[int, int, str]] = []
    for start, end, mark in sorted(quotes):
        # Overlapping quotes (two figures of one clause) cannot both be marked: keep the first.
        if 0 <= start < end <= len(text) and (not kept or start >= kept[-1][1]):
            kept.append((start, end, mark))
    low, high = 0, len(text)
    if len(text) > MAX_CHARS:
        focus = next((s for s, _, m in kept if m == current), kept[0][0] if kept else 0)
        low, high = max(0, focus - WINDOW), min(len(text), focus + WINDOW)
        kept = [q for q in kept if q[0] >= low and q[1] <= high]
    segments, at = [], low
    for start, end, mark in kept:
        segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], mark, mark == current))
        at = end
    segments.append(Segment(text[at:high]))
    note = (f"Characters {low:,}-{high:,} of {len(text):,} shown." if high - low < len(text)
            else "")
    return Document("text", segments=segments, encoding=encoding, offset=low, note=note)


def _table(text: str, locator: str, encoding: str, delimiter: str) -> Document:
    """The table with the locator's row (and cell) marked; without a row, nothing marked."""
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not table:
        return _marked_text(text, [], None, encoding)
    doc = Document("table", header=table[0], body=table[1:], encoding=encoding)
    found = _ROW.search(locator)
    if found is None:
        return doc
    number = int(found["row"])
    # With a column the locator counts spreadsheet rows (header = 1); without, data rows.
    row = number - 2 if found["column"] else number - 1
    column = found["column"].strip() if found["column"] else "value_as_published"
    if 0 <= row < len(doc.body):
        doc.mark_row = row
        doc.mark_column = doc.header.index(column) if column in doc.header else None
    else:
        doc.note = f"The locator {locator!r} names no row of this table."
    return doc


def _json(text: str, locator: str, encoding: str) -> Document:
    try:
        data = json.loads(text)
    except ValueError:
        return _marked_text(text, [], None, encoding)
    path: list[str | int] = [k if k else int(i) for k, i in _STEP.findall(locator.lstrip("$"))]
    parts: list[Segment] = []
    hit = _pretty(data, path, [], 0, parts)
    doc = Document("json", segments=_merge(parts), encoding=encoding)
    if locator and not hit:
        doc.note = f"The path {locator!r} is not in this document."
    return doc


def _pretty(value: Any, path: list[str | int], here: list[str | int], depth: int,
            out: list[Segment]) -> bool:
    """Indented JSON into `out`; the node at `path` as a marked segment. True if it was found."""
    if here == path and path:
        out.append(Segment(json.dumps(value, ensure_ascii=False, indent=2).replace(
            "\n", "\n" + "  " * depth), "locator", True))
        return True
    pad, inner = "  " * depth, "  " * (depth + 1)
    found = False
    if isinstance(value, dict) and value:
        out.append(Segment("{\n"))
        for n, (key, item) in enumerate(value.items()):
            out.append(Segment(f"{inner}{json.dumps(key, ensure_ascii=False)}: "))
            found |= _pretty(item, path, [*here, key], depth + 1, out)
            out.append(Segment(",\n" if n < len(value) - 1 else "\n"))
        out.append(Segment(pad + "}"))
    elif isinstance(value, list) and value:
        out.append(Segment("[\n"))
        for n, item in enumerate(value):
            out.append(Segment(inner))
            found |= _pretty(item, path, [*here, n], depth + 1, out)
            out.append(Segment(",\n" if n < len(value) - 1 else "\n"))
        out.append(Segment(pad + "]"))
    else:
        out.append(Segment(json.dumps(value, ensure_ascii=False)))
    return found


def _merge(parts: list[Segment]) -> list[Segment]:
    """Adjacent unmarked runs as one, so the page holds a few text nodes, not thousands."""
    merged: list[Segment] = []
    for part in parts:
        if merged and part.mark is None and merged[-1].mark is None:
            merged[-1] = Segment(merged[-1].text + part.text)
        else:
            merged.append(part)
    return merged
