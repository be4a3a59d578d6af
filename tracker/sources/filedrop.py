"""File drop: tables analysts put in a folder, mapped column by column, one release per file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from tracker import clock
from tracker.catalog import catalog
from tracker.errors import InputError, SourceConfigError
from tracker.paths import ROOT
from tracker.sources.config import Param
from tracker.sources.context import Context, Release
from tracker.sources.tables import SUFFIXES, number, period, read_table
from tracker.store.release import FIGURE_SCHEMA

PARAMS = {
    "folder": Param(str, doc="the drop folder (relative paths start at the repository root)"),
    "period_column": Param(str, doc="the column holding each row's period"),
    "region_column": Param(str, "", "the column holding a region code or name (optional)"),
    "region": Param(str, "440000", "the region when there is no region column"),
    "values": Param(list, doc="value columns: [{column, indicator, measure, unit, cluster}]",
                    keys=("column", "indicator", "unit")),
    "publisher": Param(str, doc="who published the figures the files hold"),
    "grade": Param(str, "B", "provenance grade of the releases"),
}


def run(ctx: Context) -> None:
    """Read every table in the folder and save one release per file (unchanged files dedup)."""
    folder = Path(ctx.spec.params["folder"])
    folder = folder if folder.is_absolute() else ROOT / folder
    if not folder.is_dir():  # an empty run would look like "nothing new" for ever
        raise SourceConfigError(str(ctx.spec.path), "params.folder",
                                f"names {folder}, which is not a folder (it does not exist, or "
                                "is a file); create it, or point the source at the drop folder")
    files = sorted(f for f in folder.glob("*") if f.suffix.lower() in SUFFIXES)
    ctx.save([load_file(ctx, path) for path in files])


def load_file(ctx: Context, path: Path) -> Release:
    """One dropped file as a release: its bytes, and a figure for every mapped, present cell."""
    raw = path.read_bytes()
    table = read_table(path, raw)
    frame = pl.DataFrame(list(rows(ctx.spec.params, table, path.name)), schema=FIGURE_SCHEMA)
    dropped = clock.file_date(path.stat().st_mtime)
    meta = ctx.meta(f"{path.name} ({ctx.spec.title or ctx.spec.id})", dropped,
                    url_main=path.as_uri(), file=path.name)
    # Files carry no publication date: the day the file was dropped (in Guangdong, whatever
    # the machine's zone) stands in for it.
    meta.published_approximate = True
    return Release(meta, frame, raw)


def rows(p: dict[str, Any], table: pl.DataFrame, name: str) -> Any:
    """Figures row by row; a missing marker yields no figure, a bad cell raises InputError."""
    wanted = [p["period_column"], *(v["column"] for v in p["values"])]
    if p["region_column"]:
        wanted.append(p["region_column"])
    if absent := [c for c in wanted if c not in table.columns]:
        raise InputError(name, f"columns {wanted}", f"columns {table.columns} (no {absent})",
                         "Rename the columns or fix params.values in the source file.")
    names = {r.name_zh: r.code for r in catalog().regions.values()}
    for n, record in enumerate(table.iter_rows(named=True), start=2):
        when = period(record[p["period_column"]], f"{name} row {n}")
        place = (record[p["region_column"]] or "").strip() if p["region_column"] else p["region"]
        for spec in p["values"]:
            value = number(record[spec["column"]], f"{name} row {n}, column {spec['column']!r}")
            if value is None:
                continue
            yield {
                "indicator": spec["indicator"], "region": names.get(place, place),
                "cluster": spec.get("cluster"), "measure": spec.get("measure", "level"),
                "period_start": when.start, "period_end": when.end,
                "value_as_published": value, "unit_as_published": spec["unit"],
                "qualifier": "exact", "status": spec.get("status", "A"), "locator_kind": "cell",
                "locator": f"{name} row {n} column {spec['column']}", "quote": None,
                "quote_start": None, "quote_end": None,
            }
