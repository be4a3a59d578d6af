"""The API for polars users: a period filter, values in display units, and periods by vintage."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

import tracker
from tracker.errors import InputError


def test_period_keeps_only_full_years_or_only_year_to_date(demo: tracker.Warehouse) -> None:
    mixed = demo.series("nev_output")
    assert set(mixed["period_type"]) >= {"year", "ytd", "month"}
    years = demo.series("nev_output", period="year")
    assert set(years["period_type"]) == {"year"}
    assert years.height == mixed.filter(pl.col("period_type") == "year").height
    ytd = demo.vintages("nev_output", period=["ytd"])
    assert set(ytd["period_type"]) == {"ytd"}
    both = demo.first_release("nev_output", period="year,ytd")
    assert set(both["period_type"]) == {"year", "ytd"}


def test_a_period_type_that_does_not_exist_is_refused_with_the_choices(
        demo: tracker.Warehouse) -> None:
    with pytest.raises(InputError, match="year, ytd, quarter, month"):
        demo.series("gdp", period="annual")


def test_display_gives_the_value_in_the_units_people_read(demo: tracker.Warehouse) -> None:
    gdp = demo.series("gdp", period="year", display=True)
    last = gdp.filter(pl.col("period_end") == dt.date(2025, 12, 31)).row(0, named=True)
    assert last["value_display"] == "14.58万亿元"
    assert last["display_value"] == pytest.approx(14.58) and last["display_unit"] == "万亿元"
    # One unit for the whole column, so that it compares and sorts.
    assert set(gdp["display_unit"]) == {"万亿元"}
    english = demo.series("nev_output", period="year", display="en")
    assert english["value_display"].to_list()[-1] == "3.62 million vehicles"
    assert "value_display" not in demo.series("gdp").columns


def test_the_vintage_table_has_a_column_per_publication_date(demo: tracker.Warehouse) -> None:
    table = demo.vintage_table("gdp", period="year")
    dates = sorted(set(demo.vintages("gdp", period="year")["date_published"]))
    assert table.columns == ["period_start", "period_end", *(d.isoformat() for d in dates)]
    row = table.filter(pl.col("period_end") == dt.date(2020, 12, 31)).row(0, named=True)
    # 2020 as first published (2021-03-01), unknown before, revised on 2026-01-26.
    assert row["2020-01-15"] is None
    assert row["2021-03-01"] == pytest.approx(1.1076094e13)
    assert row["2026-01-26"] == pytest.approx(1.137e13)
    # Each column is exactly the series as known that day.
    for day in (dt.date(2021, 3, 1), dt.date(2025, 4, 10)):
        known = demo.series("gdp", as_of=day, period="year")
        column = table.select("period_end", pl.col(day.isoformat()).alias("value")).drop_nulls()
        assert column.sort("period_end").equals(known.select("period_end", "value"))


def test_every_indicator_of_a_region_is_read_in_one_call(demo: tracker.Warehouse) -> None:
    every = demo.series(None, region="440000", measure=None)
    assert {"gdp", "nev_output", "cluster_revenue"} <= set(every["indicator"])
    gdp = every.filter(pl.col("indicator") == "gdp", pl.col("measure") == "level")
    assert gdp.equals(demo.series("gdp"))
