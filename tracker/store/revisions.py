"""revisions(): the days on which the as-of answer for a period changed, and what it changed.

The order and visibility are tracker/store/vintage.py's. Two ways lead to the same answer:

- a *plain* figure (one source rank, one vintage a day, no withdrawal or correction, no other
  series sharing its series id) answers with each vintage in turn from its publication day, so
  its previous answer is the vintage before it in publication order. The vintages are fetched
  once into polars, put in one order (figure, then publication date) and each row is compared
  with the row before: one sort and a shift, where SQL's window or list aggregation moved every
  wide row through a sort of its own (several times slower, and twice the memory);
- the others (few) take the SQL join of days and vintages that writes the definition out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from tracker.store import vintage
from tracker.store.read import release_frame, series_where

KEY = vintage.KEY
FIGURE = ["series_id", "period_start", "period_end"]
# What an answer carries; each also as previous_<field>, the answer it replaced.
FIELDS = ["date_published", "value", "value_as_published", "unit_as_published", "qualifier",
          "status", "unit", "release_id", "obs_id"]
ANSWER = "{" + ", ".join(f"'{f}': o.{f}" for f in FIELDS) + "}"
COLUMNS = ["indicator", "region", "cluster", "measure", "period_start", "period_end", "unit",
           "changed_on", "previous_value", "value", "change", "change_pct",
           "previous_qualifier", "qualifier", "previous_status", "status", "changed",
           "previous_value_as_published", "previous_unit_as_published", "value_as_published",
           "unit_as_published", "previous_publisher", "previous_title",
           "previous_date_published", "previous_obs_id", "publisher", "title",
           "date_published", "obs_id"]
ORDER = ["indicator", "region", "measure", "cluster", "period_end", "period_start",
         "changed_on"]
COMPARED = ("value", "qualifier", "status")


def _joined(held: str) -> str:
    """SQL: every day an odd figure's as-of answer may have changed (a vintage published, a
    release withdrawn), with the answer on that day (arg_min of the order)."""
    key = ", ".join(f'"{c}"' for c in KEY)
    figure = ", ".join(FIGURE)
    return f"""
        WITH other AS ({held}),
        days AS (
            SELECT DISTINCT {figure}, {key}, date_published AS day FROM other
            UNION
            SELECT DISTINCT {figure}, {key}, hidden_from AS day FROM other
            WHERE hidden_from > DATE '0001-01-01'
        ),
        answers AS (
            SELECT d.series_id, {", ".join(f'd."{c}"' for c in KEY)}, d.day,
                   arg_min({ANSWER}, {vintage.known_key("o")}) AS a
            FROM days d JOIN other o USING ({figure}) WHERE {vintage.same_figure("d", "o")}
              AND o.date_published <= d.day
              AND (o.hidden_from IS NULL OR o.hidden_from > d.day)
            GROUP BY {", ".join(f"d.{c}" for c in FIGURE)}, {", ".join(f'd."{c}"' for c in KEY)},
                     d.day
        )
        SELECT series_id, {key}, day AS changed_on, {", ".join(f"a.{f} AS {f}" for f in FIELDS)}
        FROM answers
    """


def _previous(rows: pl.DataFrame, figure: list[str], day: str) -> pl.DataFrame:
    """`rows` in order of figure and `day`, each with the row before it of the same figure
    (previous_<field>); a figure's first row is left out. In polars: DuckDB's window over
    thousands of small partitions costs seconds."""
    ordered = rows.sort([*figure, day], nulls_last=True)
    continues = pl.all_horizontal([pl.col(c).eq_missing(pl.col(c).shift()) for c in figure])
    return ordered.with_columns(*[pl.col(f).shift().alias(f"previous_{f}") for f in FIELDS]
                                ).filter(continues.fill_null(False))


def _chained(held: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(each plain figure's vintage with the one before it, the odd figures' vintages)."""
    ordered = held.sort([*FIGURE, "date_published"])
    continues = pl.all_horizontal([pl.col(c) == pl.col(c).shift() for c in FIGURE]).fill_null(
        False)
    before = {c: pl.col(c).shift() for c in ["source_rank", "date_published", *KEY[:4]]}
    odd = pl.col("hidden_from").is_not_null() | (continues & (
        (pl.col("source_rank") != before["source_rank"])
        | (pl.col("date_published") == before["date_published"])
        | pl.any_horizontal([pl.col(c).ne_missing(before[c]) for c in KEY[:4]])))
    ordered = ordered.with_columns(continues.alias("_continues"), odd.alias("_odd"),
                                   (~continues).cum_sum().alias("_figure"),
                                   *[pl.col(f).shift().alias(f"previous_{f}") for f in FIELDS])
    other = pl.col("_figure").is_in(ordered.filter(pl.col("_odd"))["_figure"].unique().implode())
    plain = ordered.filter(pl.col("_continues") & ~other)
    return (plain.with_columns(pl.col("date_published").alias("changed_on")),
            ordered.filter(other).select(held.columns))


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn."""
    clause, params = series_where(filters)
    condition, hidden_from = vintage.held(con, known_at, params)
    wanted = ", ".join(f'o."{c}"' for c in dict.fromkeys([*FIGURE, *KEY, *FIELDS,
                                                           "source_rank", "grade"]))
    # Text as Arrow string views, the layout polars holds it in: no conversion of every string.
    con.execute("SET produce_arrow_string_view = true")
    try:
        held = con.execute(f"SELECT {wanted}, {hidden_from} AS hidden_from FROM observations o "
                           f"WHERE {clause} AND {condition}", params).pl()
    finally:
        con.execute("RESET produce_arrow_string_view")
    plain, odd = _chained(held)
    steps = [plain.select([*KEY, "changed_on", *FIELDS, *(f"previous_{f}" for f in FIELDS)])]
    if odd.height:
        con.register("_odd_vintages", odd.to_arrow())
        try:
            answers = con.execute(_joined("SELECT * FROM _odd_vintages")).pl()
            steps.append(_previous(answers, [*FIGURE, *KEY[:4]], "changed_on")
                         .select(steps[0].columns))
        finally:
            con.unregister("_odd_vintages")
    chain = pl.concat(steps, how="vertical_relaxed")
    changed = [pl.col(c) != pl.col(f"previous_{c}") for c in COMPARED]
    chain = chain.filter(pl.any_horizontal(changed))
    releases = release_frame(con).select("release_id", "publisher", "title")
    value, previous = pl.col("value"), pl.col("previous_value")
    return chain.join(releases, on="release_id", how="left").join(
        releases.rename(lambda c: f"previous_{c}"), on="previous_release_id", how="left",
    ).with_columns(
        (value - previous).alias("change"),
        (100 * (value - previous) / pl.when(previous.abs() != 0).then(previous.abs()))
        .round(4, mode="half_away_from_zero").alias("change_pct"),
        pl.concat_str([pl.when(c).then(pl.lit(name)) for c, name in zip(changed, COMPARED,
                                                                          strict=True)],
                      separator=",", ignore_nulls=True).alias("changed"),
    ).select(COLUMNS).sort(ORDER, nulls_last=True)
