"""Reading the tables analysts drop in a folder: CSV (UTF-8 or GB18030), XLSX, Parquet.

Every cell is read as text so that nothing is guessed: a missing marker ("—", "…", "-", empty)
stays missing instead of becoming zero, and numbers are parsed by `number`.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from tracker.errors import InputError
from tracker.periods import Period, cell_period

MISSING = frozenset({"", "—", "——", "…", "……", "-", "--", "－", "N/A", "NA", "null", "None"})
SUFFIXES = (".csv", ".xlsx", ".parquet")


def read_table(path: Path, raw: bytes) -> pl.DataFrame:
    """The table in `raw` (the bytes of `path`) with every column as text."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pl.read_csv(io.StringIO(decode_csv(raw, path)), infer_schema=False)
        elif suffix == ".xlsx":
            frame = pl.read_excel(io.BytesIO(raw), infer_schema_length=0)
        elif suffix == ".parquet":
            frame = pl.read_parquet(io.BytesIO(raw))
        else:
            raise InputError(str(path), f"one of {SUFFIXES}", repr(suffix),
                             "Save the table as CSV, XLSX or Parquet.")
    except InputError:
        raise
    except Exception as exc:  # the readers' own errors (calamine, arrow, zip...)
        raise InputError(str(path), f"a readable {suffix} table", f"{type(exc).__name__}: {exc}",
                         "Open the file, fix or re-export it, and drop it again.") from None
    return frame.with_columns(pl.all().cast(pl.Utf8))


def decode_csv(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which covers GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(str(path), "text in UTF-8 or GB18030", "bytes in neither",
                     "Re-save the CSV as UTF-8.")


def number(cell: str | None, where: str) -> float | None:
    """A numeric cell, None for a missing marker; anything else is an InputError."""
    text = (cell or "").strip()
    if text in MISSING:
        return None
    try:
        return float(text.replace(",", "").replace("，", ""))
    except ValueError:
        raise InputError(where, "a number or a missing marker (—, …, -, empty)", repr(text),
                         "Fix the cell, or map the column differently.") from None


def period(cell: str | None, where: str) -> Period:
    """A period cell: 2024, 2024-11, 2024Q3, 2024-11-30 (a stock date) or 2024年1-11月."""
    text = (cell or "").strip()
    if found := cell_period(text):
        return found
    raise InputError(where, "a period (2024, 2024-11, 2024Q3, 2024-11-30 or 2024年1-11月)",
                     repr(text), "Fix the cell or the mapping's period column.")
