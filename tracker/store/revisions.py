"""revisions(): the days on which the as-of answer for a period changed, and what it changed.

The order and visibility are tracker/store/vintage.py's. Two ways lead to the same answer:

- a *plain* figure (one vintage a day, no withdrawal or correction, no other series sharing
  its series id) answers from each publication day with the vintage published then if it ranks
  at least as high as every vintage before it (with one rank: each vintage in turn), so its
  previous answer is the answering vintage before it. The vintages are fetched
  once into polars without the series key's text (looked up once per series instead), put in
  one order by their integer and date columns alone, and each compared with the one before
  through row numbers: the wide rows are gathered once, into the answer's final order. SQL's
  window or list aggregation moved every wide row through a sort of its own, and a polars
  frame shifted whole took ten times the memory of the answer at 10M vintages;
- the others (few) take the SQL join of days and vintages that writes the definition out.
"""

from __future__ import annotations

import datetime as dt
import re
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
# What the answer shows of the previous answer, and its release (for publisher and title).
PREVIOUS = [f for f in FIELDS if f"previous_{f}" in COLUMNS or f == "release_id"]


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


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pl.DataFrame:
    # Text as Arrow string views, the layout polars holds it in: no conversion of every string.
    con.execute("SET produce_arrow_string_view = true")
    try:
        return con.execute(sql, params).pl()
    finally:
        con.execute("RESET produce_arrow_string_view")


def _series(con: duckdb.DuckDBPyConnection, where: str,
            params: dict[str, Any]) -> pl.DataFrame:
    """Each series' key, its place in the answer's order (`_rank`) and whether another series
    shares its series id (`_shared`)."""
    key = ", ".join(f'o."{c}"' for c in KEY[:4])
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", where)}
    keyed = _fetch(con, f"SELECT DISTINCT o.series_id, {key} FROM observations o WHERE {where}",
                   used)
    return keyed.sort(["indicator", "region", "measure", "cluster"], nulls_last=True).with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_rank"),
        pl.col("series_id").is_duplicated().alias("_shared"))


def _plain(held: pl.DataFrame, series: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(each answer of a plain figure after its first, as `_row` and the answer `_before` it in
    `held`; every vintage of the other figures, as `_row`, FIGURE and obs_id)."""
    order = held.select(*FIGURE, "date_published", "source_rank", "hidden_from").with_row_index(
        "_row").sort([*FIGURE, "date_published"])
    before = {c: pl.col(c).shift() for c in [*FIGURE, "source_rank", "date_published"]}
    continues = pl.all_horizontal([pl.col(c) == before[c] for c in FIGURE]).fill_null(False)
    odd = pl.col("hidden_from").is_not_null() | (
        continues & (pl.col("date_published") == before["date_published"]))
    shared = series.filter("_shared")["series_id"].implode()
    order = order.with_columns(
        continues.alias("_continues"), (odd | pl.col("series_id").is_in(shared)).alias("_odd"),
        (continues & (pl.col("source_rank") != before["source_rank"])).alias("_ranks"),
        (~continues).cum_sum().alias("_figure"))
    other = pl.col("_figure").is_in(order.filter("_odd")["_figure"].unique().implode())
    ranks = pl.col("_figure").is_in(order.filter("_ranks")["_figure"].unique().implode())
    # A figure of several ranks (its vintages a day apart, none withdrawn) changes answer on a
    # vintage at least as highly ranked as every one before it; the others change nothing.
    answers = pl.concat([
        order.filter(~other & ~ranks),
        order.filter(~other & ranks).filter(
            pl.col("source_rank") <= pl.col("source_rank").cum_min().over("_figure")),
    ]).select("_row", "_figure", pl.col("date_published").alias("changed_on"))
    plain = answers.with_columns(pl.col("_row").shift().alias("_before")).filter(
        pl.col("_figure") == pl.col("_figure").shift()).select("_row", "_before", "changed_on")
    others = order.filter(other).select("_row", *FIGURE)
    return plain, others.with_columns(held["obs_id"][others["_row"]])


def _odd(con: duckdb.DuckDBPyConnection, others: pl.DataFrame, selected: str, where: str,
         params: dict[str, Any]) -> pl.DataFrame:
    """The odd figures' answers through the SQL join, as `_row` and `_before` in `held`, their
    `changed_on` and series key."""
    con.register("_odd_figures", others.select(FIGURE).unique().to_arrow())
    try:
        answers = con.execute(_joined(
            f"SELECT {selected} FROM observations o SEMI JOIN _odd_figures f "
            f"USING ({', '.join(FIGURE)}) WHERE {where}"), params).pl()
    finally:
        con.unregister("_odd_figures")
    rows = others.select("obs_id", "_row")
    return (_previous(answers, [*FIGURE, *KEY[:4]], "changed_on")
            .join(rows, on="obs_id", how="left")
            .join(rows.rename({"obs_id": "previous_obs_id", "_row": "_before"}),
                  on="previous_obs_id", how="left")
            .select("_row", "_before", "changed_on", "series_id", *KEY[:4]))


def revisions(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
              known_at: dt.datetime | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn."""
    clause, params = series_where(filters)
    condition, hidden_from = vintage.held(con, known_at, params)
    where = f"{clause} AND {condition}"
    wanted = ", ".join(f'o."{c}"' for c in dict.fromkeys([*FIGURE, *FIELDS, "source_rank"]))
    held = _fetch(con, f"SELECT {wanted}, {hidden_from} AS hidden_from FROM observations o "
                       f"WHERE {where}", params)
    series = _series(con, where, params)
    plain, others = _plain(held, series)
    ranks = series.select("series_id", *KEY[:4], "_rank")
    steps = [plain.with_columns(held["series_id"][plain["_row"]]).join(
        ranks.filter(~series["_shared"]).select("series_id", "_rank"), on="series_id",
        how="left", maintain_order="left").select("_row", "_before", "changed_on", "_rank")]
    if others.height:
        every = ", ".join(f'o."{c}"' for c in dict.fromkeys([*FIGURE, *KEY, *FIELDS,
                                                              "source_rank", "grade"]))
        odd = _odd(con, others, f"{every}, {hidden_from} AS hidden_from", where, params)
        steps.append(odd.join(ranks, on=["series_id", *KEY[:4]], how="left",
                              nulls_equal=True).select(steps[0].columns))
    # Everything so far is row numbers: compare, order, then gather the wide rows once.
    pairs = pl.concat(steps, how="vertical_relaxed")
    now, then = (held.select(COMPARED)[pairs[c]] for c in ("_row", "_before"))
    pairs = pairs.filter(pl.select(pl.any_horizontal([now[c] != then[c] for c in COMPARED]))
                         .to_series())
    periods = held.select("period_start", "period_end")[pairs["_row"]]
    pairs = pl.concat([pairs, periods], how="horizontal").sort(
        ["_rank", "period_end", "period_start", "changed_on"])
    chain = pl.concat([
        series.select(KEY[:4])[pairs["_rank"]], pairs.select(*KEY[4:], "changed_on"),
        held.select(FIELDS)[pairs["_row"]],
        held.select(PREVIOUS)[pairs["_before"]].rename(lambda c: f"previous_{c}"),
    ], how="horizontal")
    changed = [pl.col(c) != pl.col(f"previous_{c}") for c in COMPARED]
    releases = release_frame(con).select("release_id", "publisher", "title")
    value, previous = pl.col("value"), pl.col("previous_value")
    return chain.join(releases, on="release_id", how="left", maintain_order="left").join(
        releases.rename(lambda c: f"previous_{c}"), on="previous_release_id", how="left",
        maintain_order="left",
    ).with_columns(
        (value - previous).alias("change"),
        (100 * (value - previous) / pl.when(previous.abs() != 0).then(previous.abs()))
        .round(4, mode="half_away_from_zero").alias("change_pct"),
        pl.concat_str([pl.when(c).then(pl.lit(name)) for c, name in zip(changed, COMPARED,
                                                                          strict=True)],
                      separator=",", ignore_nulls=True).alias("changed"),
    ).select(COLUMNS)
