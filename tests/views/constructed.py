"""Made-up targets and actuals, shaped like `Warehouse.targets()` and `Warehouse.series()`.

Each test states the few figures its rule needs; the other columns are filled in plausibly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

UNITS = {"vehicle": "辆", "CNY": "元", "percent": "%"}


def target(target_id: str, value: float, *, indicator: str = "car_output",
           cluster: str | None = "automobiles", measure: str = "level", unit: str = "vehicle",
           kind: str = "level_by", comparator: str = "at_least", start: int = 2023,
           end: int = 2025, issued: dt.date = dt.date(2023, 1, 20), draft: bool = False,
           superseded_by: str | None = None) -> dict[str, Any]:
    """One target row, in base units."""
    return {
        "target_id": target_id, "indicator": indicator, "region": "440000", "cluster": cluster,
        "measure": measure, "kind": kind, "comparator": comparator, "value": value,
        "unit": unit, "value_as_published": value, "unit_as_published": UNITS[unit],
        "period_start": dt.date(start, 1, 1), "period_end": dt.date(end, 12, 31),
        "plan_title": f"行动计划（{start}—{end}年）", "doc_number": None,
        "publisher": "广东省人民政府",
        "issued": issued, "issued_approximate": False, "url": None, "grade": "A",
        "draft": draft, "supersedes": None, "superseded_by": superseded_by,
        "phrase": f"目标{value:g}", "release_id": 1,
    }


def actual(year: int, value: float, *, status: str = "A", indicator: str = "car_output",
           cluster: str | None = "automobiles", measure: str = "level", unit: str = "vehicle",
           qualifier: str = "exact", until: dt.date | None = None) -> dict[str, Any]:
    """One published annual figure (or a year to date, ending `until`), in base units."""
    end = until or dt.date(year, 12, 31)
    return {
        "indicator": indicator, "region": "440000", "cluster": cluster, "measure": measure,
        "period_start": dt.date(year, 1, 1), "period_end": end, "value": value, "unit": unit,
        "value_as_published": value, "unit_as_published": UNITS[unit], "qualifier": qualifier,
        "status": status, "publisher": "广东省统计局", "title": f"{year}年统计公报",
        "date_published": end + dt.timedelta(days=60), "grade": "A", "quote": f"{value:g}",
        "obs_id": year * 100 + end.month, "release_id": year,
    }


def targets(*rows: dict[str, Any]) -> pl.DataFrame:
    """A targets frame."""
    return pl.DataFrame(list(rows), infer_schema_length=None)


def actuals(*rows: dict[str, Any]) -> pl.DataFrame:
    """An actuals frame."""
    return pl.DataFrame(list(rows), infer_schema_length=None)
