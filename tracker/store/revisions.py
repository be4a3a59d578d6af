"""revisions(): the days on which the as-of answer for a period changed, and what it changed.

The order and visibility are tracker/store/vintage.py's. Two ways lead to the same answer:

- a *plain* figure (one vintage a day, no withdrawal or correction, no other series sharing
  its series id) answers from each publication day with the vintage published then if it ranks
  at least as high as every vintage before it: source rank and date lead known_key(), and
  its other words only part vintages of one day. So its previous answer is the answering
  vintage before it. The vintages are fetched once, narrow (tracker/store/revision_rows.py:
  no series key text, and short-listed text as numbers), put in the answer's order by one
  64-bit key (series' place, period end, period start, publication date), which also keeps a
  figure's vintages together in publication order, and each compared with the one before
  through row numbers; the wide rows are gathered once, already in order. A DuckDB window
  over (series, period) carried every wide row through a sort, and a second for the answer's
  order; a running arg_min over window frames took 7.7 s at 1M vintages;
- the others (few) take the SQL join of days and vintages that writes known_key() out.

parts() and in_parts() give the answer by ranges of series id, for answers too large for one
frame (tracker/warehouse.py: revisions_in_parts).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import duckdb
import polars as pl

from tracker.store import revision_rows, vintage
from tracker.store.read import series_where

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
COMPARED = ("value", "qualifier", "status")
# `changed` for each set of COMPARED that changed, by bits (1 value, 2 qualifier, 4 status).
CHANGED = pl.Series([",".join(c for i, c in enumerate(COMPARED) if k >> i & 1)
                     for k in range(2 ** len(COMPARED))])
# What the answer gathers of its vintage and of the previous answer's (each release's publisher
# and title by its row in release_frame instead).
SHOWN = [f for f in FIELDS if f != "release_id"]
SHOWN_BEFORE = [f for f in SHOWN if f"previous_{f}" in COLUMNS]


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


def _series(con: duckdb.DuckDBPyConnection, where: str,
            params: dict[str, Any]) -> pl.DataFrame:
    """Each series' key, its place in the answer's order (`_rank`) and whether another series
    shares its series id (`_shared`)."""
    key = ", ".join(f'o."{c}"' for c in KEY[:4])
    keyed = revision_rows.fetch(
        con, f"SELECT DISTINCT o.series_id, {key} FROM observations o WHERE {where}", params)
    return keyed.sort(["indicator", "region", "measure", "cluster"], nulls_last=True).with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_rank"),
        pl.col("series_id").is_duplicated().alias("_shared"))


def _order(held: pl.DataFrame, ranks: int) -> pl.Series:
    """The row numbers of `held` in the order of `_rank` (shared series ids last), period end,
    period start and publication date. As one integer when the four fit in 64 bits (ranks and
    the spans of the dates in days, as in any warehouse of this century): sorting one integer
    column took a third of the time of sorting by four."""
    dates = ["period_end", "period_start", "date_published"]
    days = {c: pl.col(c).cast(pl.Int32) for c in dates}
    lows = held.select(**{c: d.min() for c, d in days.items()},
                       **{f"{c}_span": d.max() - d.min() for c, d in days.items()}).row(0,
                                                                                      named=True)
    if lows["period_end"] is None:  # nothing held
        return pl.Series("_row", [], dtype=pl.UInt32)
    bits = [int(lows[f"{c}_span"]).bit_length() for c in dates]
    if ranks.bit_length() + sum(bits) > 64:
        by = ["_rank", *dates]
        return held.select(pl.arg_sort_by(by, nulls_last=True)).to_series()
    key = pl.col("_rank").fill_null(ranks).cast(pl.UInt64)
    for c, width in zip(dates, bits, strict=True):
        key = key * 2**width + (days[c] - lows[c]).cast(pl.UInt64)
    return held.select(key.arg_sort()).to_series()


def _plain(held: pl.DataFrame, ranks: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(each answer of a plain figure after its first, as `_row` and the answer `_before` it in
    `held`, already in the answer's order; every vintage of the other figures, as `_row`,
    FIGURE and obs_id).

    One sort of narrow columns, by the series' place in the answer (`_rank`), period and
    publication date: it keeps a figure's vintages together in publication order, so the rest
    is shifts and filters in that order."""
    by = ["_rank", "period_end", "period_start", "date_published"]
    order = _order(held, ranks)
    rows = held.select(*by, "source_rank")[order].with_columns(order.alias("_row"))
    withdrawn = held["hidden_from"].null_count() < held.height  # none in most warehouses
    if withdrawn:
        rows = rows.with_columns(held["hidden_from"][order])
    before = {c: pl.col(c).shift() for c in by}
    continues = pl.all_horizontal([pl.col(c) == before[c] for c in by[:3]]).fill_null(False)
    odd = (pl.col("_rank").is_null() | pl.col("source_rank").is_null()
           | (continues & (pl.col("date_published") == before["date_published"])))
    if withdrawn:
        odd = odd | pl.col("hidden_from").is_not_null()
    rows = rows.with_columns(odd.alias("_odd"), (~continues).cum_sum().alias("_figure"))
    other = pl.col("_figure").is_in(rows.filter("_odd")["_figure"].unique().implode())
    # A vintage answers from its day on when it ranks at least as high as every one before it:
    # the running minimum of the rank within a figure, as a running maximum over the figure
    # number (increasing) joined with the negated rank, with no grouping.
    joined = pl.col("_figure").cast(pl.Int64) * 2**32 + (2**31 - pl.col("source_rank"))
    best = 2**31 - (joined.cum_max() - pl.col("_figure").cast(pl.Int64) * 2**32)
    answers = rows.filter(~other & (pl.col("source_rank") == best)).select(
        "_row", "_figure", pl.col("date_published").alias("changed_on"), "_rank")
    plain = answers.with_columns(pl.col("_row").shift().alias("_before")).filter(
        pl.col("_figure") == pl.col("_figure").shift()).select(
        "_row", "_before", "changed_on", "_rank")
    others = rows.filter(other).select("_row")
    return plain, others.with_columns(held.select(*FIGURE, "obs_id")[others["_row"]])


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
              known_at: dt.datetime | None = None,
              within: tuple[int, int] | None = None) -> pl.DataFrame:
    """Each change of the as-of answer: the days on which `series(as_of=day)` changed value,
    qualifier or status for a period, because a release came out or one was withdrawn.
    `within`: only the series ids in this range (inclusive; see parts())."""
    clause, params = series_where(filters)
    condition, hidden_from = vintage.held(con, known_at, params)
    where = f"{clause} AND {condition}"
    if within is not None:
        where += " AND o.series_id BETWEEN $part_low AND $part_high"
        params["part_low"], params["part_high"] = within
    series = _series(con, where, params)
    wanted = list(dict.fromkeys([*FIGURE, *SHOWN, "source_rank"]))
    held, decoders = revision_rows.vintages(
        con, wanted, series.filter(~pl.col("_shared")).select("series_id", "_rank"), where,
        hidden_from, params)
    pairs, others = _plain(held, series.height)
    if others.height:
        every = ", ".join(f'o."{c}"' for c in dict.fromkeys([*FIGURE, *KEY, *FIELDS,
                                                              "source_rank", "grade"]))
        odd = _odd(con, others, f"{every}, {hidden_from} AS hidden_from", where, params)
        odd = odd.join(series.select("series_id", *KEY[:4], "_rank"), on=["series_id", *KEY[:4]],
                       how="left", nulls_equal=True)
        # The plain answers are in order; the odd ones (few) take their places in one sort.
        both = pl.concat([pairs, odd.select(pairs.columns)], how="vertical_relaxed")
        periods = held.select("period_end", "period_start")[both["_row"]]
        pairs = pl.concat([both, periods], how="horizontal").sort(
            ["_rank", "period_end", "period_start", "changed_on"]).select(pairs.columns)
    now = held.select(*KEY[4:], *SHOWN, "_release")[pairs["_row"]]
    then = held.select(*SHOWN_BEFORE, "_release")[pairs["_before"]]
    del held  # the vintages not answered are not kept while the answer is put together
    return _answer(now, then, decoders, series, pairs)


def _answer(now: pl.DataFrame, then: pl.DataFrame, decoders: dict[str, pl.Series],
            series: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """The answer from each pair's vintage (`now`) and the answer before it (`then`), numbered
    text still numbers, in order; the pairs that agree on value, qualifier and status are no
    change."""
    # Which of value, qualifier and status changed, as bits (compared as numbered text): the
    # answer's `changed` is one of eight texts, looked up; a pair with none is no change.
    bits = pl.select(pl.sum_horizontal(
        (now[c] != then[c]).fill_null(False).cast(pl.UInt8) * 2**i
        for i, c in enumerate(COMPARED))).to_series()
    if (bits == 0).any():
        keep = bits != 0
        now, then, pairs, bits = now.filter(keep), then.filter(keep), pairs.filter(keep), \
            bits.filter(keep)
    chain = pl.concat([
        series.select(KEY[:4])[pairs["_rank"]], revision_rows.decoded(now, decoders),
        pairs.select("changed_on"),
        revision_rows.decoded(then, decoders).rename(lambda c: f"previous_{c}"),
    ], how="horizontal")
    value, previous = pl.col("value"), pl.col("previous_value")
    return chain.with_columns(
        (value - previous).alias("change"),
        (100 * (value - previous) / pl.when(previous.abs() != 0).then(previous.abs()))
        .round(4, mode="half_away_from_zero").alias("change_pct"),
        CHANGED[bits].alias("changed"),
    ).select(COLUMNS)


def parts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
          known_at: dt.datetime | None, rows: int) -> list[tuple[int, int]]:
    """Ranges of series id, each of whole indicators (the id's upper half is the indicator's
    hash) and about `rows` vintages unless one indicator holds more: one small aggregation."""
    clause, params = series_where(filters)
    condition, _ = vintage.held(con, known_at, params)
    where = f"{clause} AND {condition}"
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", where)}
    counts = con.execute(f"SELECT o.series_id >> 32 AS h, count(*) FROM observations o "
                         f"WHERE {where} GROUP BY h ORDER BY h", used).fetchall()
    groups: list[list[int]] = []
    total = 0
    for h, n in counts:
        if not groups or total + n > rows:
            groups.append([])
            total = 0
        groups[-1].append(int(h))
        total += n
    return [(g[0] << 32, (g[-1] << 32) | 0xFFFFFFFF) for g in groups]


def in_parts(con: duckdb.DuckDBPyConnection, filters: dict[str, Any],
             known_at: dt.datetime | None, rows: int) -> Iterator[pl.DataFrame]:
    """revisions() part by part (parts()); an empty warehouse gives one empty frame."""
    ranges: list[tuple[int, int] | None] = [*parts(con, filters, known_at, rows)]
    for within in ranges or [None]:
        yield revisions(con, filters, known_at, within)
