"""Frames as bytes: JSON (an array, or one object a line), CSV, TSV, XLSX and Parquet.

One place decides how values look outside Python, for the CLI's reads and for `export`:
integers a JavaScript number cannot hold exactly (series ids are 64-bit hashes) become strings,
NaN becomes null, instants keep their zone in ISO 8601, and nested values become JSON text in
the flat formats. CSV for Excel starts with a UTF-8 byte order mark: without it Excel on a
Chinese Windows reads the file as GBK and shows mojibake.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl

from tracker.errors import InputError

# Beyond this an IEEE double (jq, JavaScript, Excel) rounds an integer.
MAX_SAFE_INTEGER = 2**53 - 1
FORMATS = ("json", "nl", "csv", "tsv", "xlsx", "parquet")
SUFFIXES = {".json": "json", ".jsonl": "nl", ".ndjson": "nl", ".csv": "csv", ".tsv": "tsv",
            ".xlsx": "xlsx", ".parquet": "parquet"}


def _wide_integers(frame: pl.DataFrame) -> list[str]:
    """Integer columns with a value beyond 2^53 (UInt64 always: those hold hashes)."""
    wide = []
    for name, dtype in frame.schema.items():
        if dtype == pl.UInt64:
            wide.append(name)
        elif dtype.is_integer():
            largest = frame[name].cast(pl.Float64).abs().max()
            if isinstance(largest, float) and largest > MAX_SAFE_INTEGER:
                wide.append(name)
    return wide


def safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with too-wide integer columns as strings and NaN as null."""
    return frame.with_columns(
        *(pl.col(c).cast(pl.String) for c in _wide_integers(frame)),
        *(pl.col(c).fill_nan(None) for c, t in frame.schema.items() if t.is_float()),
    )


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs) as JSON text, for formats made of cells."""
    nested = [c for c, t in frame.schema.items() if t.is_nested() or t == pl.Object]
    return frame.with_columns(
        pl.Series(c, [None if v is None else _dumps(v) for v in frame[c].to_list()],
                  dtype=pl.String) for c in nested)


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):  # datetime too
        return value.isoformat()
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default)


def json_text(frame: pl.DataFrame, lines: bool = False) -> str:
    """A JSON array, one row a line inside it; or, with `lines`, one object a line."""
    rows = [_dumps(row) for row in safe(frame).iter_rows(named=True)]
    if lines:
        return "".join(f"{row}\n" for row in rows)
    return "[" + ",\n ".join(rows) + "]\n"


def delimited(frame: pl.DataFrame, separator: str = ",", excel: bool = False) -> bytes:
    """CSV (or TSV) in UTF-8, with a byte order mark for Excel."""
    return _flat(safe(frame)).write_csv(separator=separator, include_bom=excel).encode("utf-8")


def _xlsx(frame: pl.DataFrame) -> bytes:
    # Excel has no time zones: instants are written as wall time in their own zone (Shanghai).
    zoned = [c for c, t in frame.schema.items()
             if isinstance(t, pl.Datetime) and t.time_zone is not None]
    frame = _flat(safe(frame)).with_columns(pl.col(c).dt.replace_time_zone(None) for c in zoned)
    from openpyxl import Workbook  # imported here: only export writes XLSX

    book = Workbook(write_only=True)
    sheet = book.create_sheet("figures")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(frame: pl.DataFrame, fmt: str, excel: bool = False) -> bytes:
    """The frame in one of FORMATS."""
    if fmt in ("json", "nl"):
        return json_text(frame, lines=fmt == "nl").encode("utf-8")
    if fmt in ("csv", "tsv"):
        return delimited(frame, "," if fmt == "csv" else "\t", excel=excel)
    if fmt == "xlsx":
        return _xlsx(frame)
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        return buffer.getvalue()
    raise InputError("--format", f"one of {', '.join(FORMATS)}", repr(fmt),
                     "Pick one of those formats (nothing was written).")


def format_for(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file name's extension says; else an error."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError("--format", f"one of {', '.join(FORMATS)}", repr(fmt),
                             "Pick one of those formats (nothing was written).")
        return fmt
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise InputError(str(path), "a file name ending in " + ", ".join(SUFFIXES),
                         repr(path.suffix or "no extension"),
                         "Name the file with one of those extensions, or pass --format "
                         "(nothing was written).") from None


def write(frame: pl.DataFrame, target: Path | BinaryIO, fmt: str, excel: bool = False) -> None:
    """Write the frame to a file (its folder created) or to an open binary stream."""
    data = render(frame, fmt, excel=excel)
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    else:
        target.write(data)
        target.flush()
