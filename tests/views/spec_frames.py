"""Frames shaped like `Warehouse.targets()` and `Warehouse.series()`, read from the bundled spec.

The domain spec's targets and reference figures are bundled in the repository as release folders
(`ingest/targets/*/`, `ingest/releases/*/`: a release.toml and its table); these frames read them
back so that progress and chart code can be tested on the real published figures without a
warehouse, and without reading anything outside the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import polars as pl

from tracker.catalog import catalog
from tracker.paths import RELEASES_DIR, TARGETS_DIR


def _folders(root: Path, table: str) -> list[tuple[dict[str, Any], list[dict[str, str]]]]:
    """Each bundled release folder under `root`: its description and its table's rows."""
    out = []
    for folder in sorted(p for p in root.iterdir() if (p / "release.toml").is_file()):
        meta = tomllib.loads((folder / "release.toml").read_text(encoding="utf-8"))
        with (folder / table).open(encoding="utf-8", newline="") as fh:
            out.append((meta, list(csv.DictReader(fh))))
    return out


def _read(name: str) -> list[dict[str, str]]:
    """The rows of a spec file, rebuilt from the bundled folders (release fields folded in)."""
    if name == "targets_2025.csv":
        return [r for _, rows in _folders(TARGETS_DIR, "targets.csv") for r in rows]
    return [
        {**r, "publisher": meta["publisher"], "title": meta["title"],
         "published": str(meta["date_published"]), "grade": meta["grade"],
         "published_approximate": str(meta.get("published_approximate", False)).lower(),
         "phrase": r["quote"]}
        for meta, rows in _folders(RELEASES_DIR, "figures.csv") for r in rows
    ]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text) if len(text) > 4 else dt.date(int(text), 1, 1)


def _period_type(start: dt.date, end: dt.date) -> str:
    if start == end:
        return "stock"
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return "year"
    return "ytd"


def spec_targets() -> pl.DataFrame:
    """targets_2025.csv with the columns of `Warehouse.targets()`, values in base units."""
    cat = catalog()
    rows = _read("targets_2025.csv")
    superseded_by = {r["supersedes"]: r["id"] for r in rows if r["supersedes"]}
    out = []
    for r in rows:
        value = float(r["value_as_published"])
        out.append({
            "target_id": r["id"], "indicator": r["indicator"], "region": r["region"],
            "cluster": r["cluster"] or None, "measure": r["measure"], "kind": r["kind"],
            "comparator": r["comparator"],
            "value": cat.to_base(value, r["unit_as_published"], r["indicator"], r["measure"]),
            "unit": cat.base_unit(r["indicator"], r["measure"]),
            "value_as_published": value, "unit_as_published": r["unit_as_published"],
            "period_start": _date(r["period_start"]), "period_end": _date(r["period_end"]),
            "plan_title": r["plan_title"], "doc_number": r["doc_number"] or None,
            "publisher": r["publisher"], "issued": _date(r["issued"]),
            "issued_approximate": len(r["issued"]) == 4, "url": r["url"] or None,
            "grade": r["grade"], "draft": r["draft"] == "true",
            "supersedes": r["supersedes"] or None, "superseded_by": superseded_by.get(r["id"]),
            "phrase": r["phrase"], "release_id": 1,
        })
    return pl.DataFrame(out, infer_schema_length=None)


def spec_actuals() -> pl.DataFrame:
    """reference_facts.csv with the columns of `Warehouse.series()`, values in base units."""
    cat = catalog()
    out = []
    for i, r in enumerate(_read("reference_facts.csv")):
        value = float(r["value_as_published"])
        start, end = _date(r["period_start"]), _date(r["period_end"])
        out.append({
            "indicator": r["indicator"], "region": r["region"], "cluster": r["cluster"] or None,
            "measure": r["measure"], "period_start": start, "period_end": end,
            "period_type": _period_type(start, end),
            "value": cat.to_base(value, r["unit_as_published"], r["indicator"], r["measure"]),
            "unit": cat.base_unit(r["indicator"], r["measure"]),
            "value_as_published": value, "unit_as_published": r["unit_as_published"],
            "qualifier": r["qualifier"], "status": r["status"], "obs_id": i + 1,
            "release_id": i + 1, "publisher": r["publisher"], "title": r["title"],
            "date_published": _date(r["published"]),
            "published_approximate": r["published_approximate"] == "true", "grade": r["grade"],
            "quote": r["phrase"], "locator": f"bundled figure {i + 1}",
        })
    return pl.DataFrame(out, infer_schema_length=None)
