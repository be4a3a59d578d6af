"""Check a figures or targets frame row by row, vectorised: codes, periods, values, units.

Returns the good rows (typed, values in base units) and one RowError per problem found, each
naming the row (1-based, in the order given), the column, what was expected and what arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from tracker.catalog import ANY_CLUSTER, MEASURE_UNITS, Catalog
from tracker.errors import CatalogError, InputError, RowError
from tracker.store.codes import ROW, codes, names
from tracker.store.release import FIGURE_SCHEMA, QUALIFIERS, STATUSES

SERIES_KEY = ["indicator", "region", "cluster", "measure", "period_start", "period_end"]
TARGET_KINDS = ("level_by", "avg_growth", "growth_in_year")
COMPARATORS = ("at_least", "over", "about", "at_most")


def _text(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Utf8).str.strip_chars()


def _blank_to_null(name: str) -> pl.Expr:
    value = _text(name)
    return pl.when(value == "").then(None).otherwise(value).alias(name)


def prepare(frame: pl.DataFrame, schema: dict[str, Any], required: Sequence[str],
            where: str) -> pl.DataFrame:
    """Add missing optional columns as nulls and a 1-based row number; refuse missing ones."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            where, f"columns {list(required)}", f"a table without {missing}",
            f"add the column(s) {missing} (see tracker/store/release.py for the layout)",
        )
    extra = [pl.lit(None, dtype=dtype).alias(c) for c, dtype in schema.items()
             if c not in frame.columns]
    return frame.with_columns(extra).with_row_index(ROW, offset=1)


def _parsed(frame: pl.DataFrame, column: str, dtype: Any, what: str,
            errors: list[RowError], required: bool = True) -> tuple[pl.Series, pl.Series]:
    """The column cast to `dtype`, and a mask of rows where that worked."""
    raw = frame[column]
    if raw.dtype == dtype:
        parsed = raw
    elif dtype == pl.Date:
        # Date cells of a spreadsheet arrive as text with a midnight time ("2024-01-01 00:00:00").
        parsed = (raw.cast(pl.Utf8).str.strip_chars().str.replace(r"[ T]00:00:00(\.0+)?$", "")
                  .str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    else:
        parsed = raw.cast(pl.Utf8).str.strip_chars().str.replace_all(",", "").cast(
            dtype, strict=False)
    bad = parsed.is_null() if required else parsed.is_null() & raw.is_not_null()
    for row, got in frame.filter(bad).select(ROW, column).iter_rows():
        errors.append(RowError(row, column, what, got))
    return parsed, ~bad


def _units(frame: pl.DataFrame, cat: Catalog, errors: list[RowError]) -> pl.DataFrame:
    """Look each row's published unit up in the catalog; flag units unknown or unfit.

    The catalog decides (one spelling rule, one fit rule); it is asked once per distinct pair of
    published unit and base unit, which is a handful whatever the size of the release.
    """
    expected = pl.DataFrame(
        {"indicator": list(cat.indicators), "_ind_unit": [i.unit for i in cat.indicators.values()]}
    )
    joined = frame.with_columns(_text("unit_as_published").alias("_unit_key")).join(
        expected, on="indicator", how="left"
    ).with_columns(
        pl.col("measure").replace_strict(MEASURE_UNITS, default=pl.col("_ind_unit")).alias("unit")
    )
    pairs = joined.select("_unit_key", "unit").unique().drop_nulls("_unit_key")
    looked: dict[str, list[object]] = {"_unit_key": [], "unit": [], "_base": [], "_factor": [],
                                       "_fits": []}
    for key, base_unit in pairs.iter_rows():
        try:
            unit = cat.unit(key)
        except CatalogError:
            continue
        row = (key, base_unit, unit.base, unit.factor,
               base_unit is not None and unit.fits(base_unit))
        for column, value in zip(looked, row, strict=True):
            looked[column].append(value)
    table = pl.DataFrame(looked, schema={"_unit_key": pl.Utf8, "unit": pl.Utf8, "_base": pl.Utf8,
                                         "_factor": pl.Float64, "_fits": pl.Boolean})
    joined = joined.join(table, on=["_unit_key", "unit"], how="left", nulls_equal=True)
    unknown = joined.filter(pl.col("_base").is_null())
    for row, got in unknown.select(ROW, "unit_as_published").iter_rows():
        errors.append(RowError(row, "unit_as_published", "a unit in tracker/data/catalog/units.csv "
                               "(e.g. 亿元, 万辆, %, billion yuan, million units)", got))
    wrong = joined.filter(pl.col("_base").is_not_null() & pl.col("unit").is_not_null()
                          & ~pl.col("_fits"))
    for row, got, need, ind, meas in wrong.select(
        ROW, "unit_as_published", "unit", "indicator", "measure"
    ).iter_rows():
        errors.append(RowError(row, "unit_as_published", f"a {need} unit for {ind}/{meas}", got))
    return joined.with_columns(pl.col("_fits").fill_null(False).alias("_unit_ok"))


def _clusters(frame: pl.DataFrame, cat: Catalog, errors: list[RowError]) -> pl.DataFrame:
    """Fill an indicator's fixed cluster; require one where the indicator has one per cluster."""
    fixed = {c: i.cluster for c, i in cat.indicators.items() if i.cluster}
    frame = frame.with_columns(
        pl.coalesce(
            _blank_to_null("cluster"),
            pl.col("indicator").replace_strict(fixed, default=None, return_dtype=pl.Utf8)
            .replace(ANY_CLUSTER, None),
        ).alias("cluster")
    )
    per_cluster = [c for c, i in cat.indicators.items() if i.cluster == ANY_CLUSTER]
    needs = frame["indicator"].is_in(per_cluster) & frame["cluster"].is_null()
    for (row,) in frame.filter(needs).select(ROW).iter_rows():
        errors.append(RowError(row, "cluster", "a cluster code for a per-cluster indicator",
                               None, "See tracker/data/catalog/clusters.csv."))
    given = frame.filter(pl.col("cluster").is_not_null())
    unknown = given.filter(~codes(given, "cluster", cat, "cluster", errors))[ROW]
    return frame.with_columns((~needs & ~pl.col(ROW).is_in(unknown.to_list())).alias("_cluster_ok"))


def _choice(frame: pl.DataFrame, column: str, allowed: Sequence[str], default: str,
            errors: list[RowError]) -> pl.DataFrame:
    frame = frame.with_columns(pl.coalesce(_blank_to_null(column), pl.lit(default)).alias(column))
    ok = frame[column].is_in(list(allowed))
    for row, got in frame.filter(~ok).select(ROW, column).iter_rows():
        errors.append(RowError(row, column, f"one of {', '.join(allowed)}", got))
    return frame.with_columns(ok.alias(f"_{column}_ok"))


def period_type(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """year | quarter | month | ytd | stock | other, from the inclusive period dates."""
    months = (end.dt.year() - start.dt.year()) * 12 + end.dt.month() - start.dt.month() + 1
    whole = (start.dt.day() == 1) & (end == end.dt.month_end())
    return (
        pl.when(start == end).then(pl.lit("stock"))
        .when(whole & (months == 12) & (start.dt.month() == 1)).then(pl.lit("year"))
        .when(whole & (months == 1)).then(pl.lit("month"))
        .when(whole & (months == 3) & ((start.dt.month() - 1) % 3 == 0)).then(pl.lit("quarter"))
        .when(whole & (start.dt.month() == 1) & (months < 12)).then(pl.lit("ytd"))
        .otherwise(pl.lit("other"))
    )


def with_period_types(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its `period_type` column; reckoned once per distinct pair of dates (a release
    has a few dozen), since the date arithmetic over a million rows costs a tenth of a second."""
    pairs = frame.select("period_start", "period_end").unique().with_columns(
        period_type(pl.col("period_start"), pl.col("period_end")).alias("period_type"))
    return frame.join(pairs, on=["period_start", "period_end"], how="left", nulls_equal=True,
                      maintain_order="left")


def _common(frame: pl.DataFrame, cat: Catalog, value_col: str,
            errors: list[RowError]) -> tuple[pl.DataFrame, list[pl.Series]]:
    """Checks shared by figures and targets: codes, cluster, periods, value and unit."""
    frame = names(frame.with_columns(
        _blank_to_null(c) for c in ("indicator", "region", "measure", "cluster")
    ), cat)
    masks = [
        codes(frame, "indicator", cat, "indicator", errors),
        codes(frame, "region", cat, "region", errors),
        codes(frame, "measure", cat, "measure", errors),
    ]
    frame = _clusters(frame, cat, errors)
    start, ok_start = _parsed(frame, "period_start", pl.Date, "a date YYYY-MM-DD", errors)
    end, ok_end = _parsed(frame, "period_end", pl.Date, "a date YYYY-MM-DD", errors)
    value, ok_value = _parsed(frame, value_col, pl.Float64, "a number", errors)
    # The value as it arrived, for the messages: made text only for the rows refused.
    frame = frame.with_columns(start.alias("period_start"), end.alias("period_end"),
                               value.alias(value_col), pl.col(value_col).alias("_value_given"))
    backwards = (frame["period_end"] < frame["period_start"]).fill_null(False)
    for row, s, e in frame.filter(backwards).select(ROW, "period_start", "period_end").iter_rows():
        errors.append(RowError(row, "period_end", f"a date on or after period_start {s}", str(e)))
    frame = _units(frame, cat, errors)
    masks += [frame["_cluster_ok"], ok_start, ok_end, ok_value, ~backwards, frame["_unit_ok"],
              _plausible(frame, value_col, errors)]
    return frame, masks


# What a value in a base unit can be, by measure: (lowest, highest, said as). A value outside
# is a typo or a parsing slip (亿 read as 万亿, a rank of 0), never a figure to answer with.
PLAUSIBLE: dict[tuple[str, str], tuple[float, float, str]] = {
    ("level", "CNY"): (0.0, 1e16, "an amount between 0 and 1亿亿元"),
    ("level", "vehicle"): (0.0, 1e11, "a count between 0 and 1000亿"),
    ("level", "unit"): (0.0, 1e12, "a count between 0 and 1万亿"),
    ("level", "piece"): (0.0, 1e13, "a count between 0 and 10万亿"),
    ("level", "enterprise"): (0.0, 1e9, "a count between 0 and 10亿"),
    ("level", "percent"): (0.0, 100.0, "a percentage between 0 and 100"),
    ("yoy_pct", "percent"): (-100.0, 1e5, "a growth rate above -100%"),
    ("share_national_pct", "percent"): (0.0, 100.0, "a share between 0 and 100%"),
    ("rank_national", "rank"): (1.0, 1000.0, "a whole rank from 1"),
}


def _plausible(frame: pl.DataFrame, value_col: str, errors: list[RowError]) -> pl.Series:
    """Refuse NaN, infinities and values that no figure of this measure and unit can have."""
    value = pl.col(value_col) * pl.col("_factor")
    low = pl.col("measure").cast(pl.Utf8) + "|" + pl.col("unit").cast(pl.Utf8)
    limits = pl.DataFrame(
        {"_limit_key": [f"{m}|{u}" for m, u in PLAUSIBLE],
         "_low": [v[0] for v in PLAUSIBLE.values()], "_high": [v[1] for v in PLAUSIBLE.values()],
         "_said": [v[2] for v in PLAUSIBLE.values()]})
    checked = frame.with_columns(low.alias("_limit_key"), value.alias("_base_value")).join(
        limits, on="_limit_key", how="left")
    whole = pl.when(pl.col("measure") == "rank_national").then(
        pl.col("_base_value") == pl.col("_base_value").round(0)).otherwise(True)
    ok = (pl.col("_base_value").is_finite()
          & (pl.col("_low").is_null() | (pl.col("_base_value") >= pl.col("_low")))
          & (pl.col("_high").is_null() | (pl.col("_base_value") <= pl.col("_high")))
          & whole)
    result = checked.select(ok.fill_null(True).alias("ok"))["ok"]
    bad = checked.filter(~result & pl.col("_base_value").is_not_null())
    for row, got, said in bad.select(ROW, _text("_value_given"), "_said").iter_rows():
        expected = f"a finite number, {said}" if said else "a finite number"
        errors.append(RowError(row, value_col, expected, got,
                               "Check the figure and its unit (万 or 亿?)."))
    return result


def _duplicates(frame: pl.DataFrame, key: list[str], errors: list[RowError]) -> pl.Series:
    # Rows whose keys hash apart are apart: when every hash differs (a release without
    # repeats) that settles it at a third of the cost of comparing the keys themselves.
    if frame.select(pl.struct(key).hash().n_unique()).item() == frame.height:
        return pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True)
    dup = ~frame.select(pl.struct(key).is_first_distinct()).to_series()
    if dup.any():
        # Name the original of each repeat; only paid for when there are repeats.
        first = frame.group_by(key).agg(pl.col(ROW).min().alias("_first"))
        repeats = frame.filter(dup).join(first, on=key, how="left", nulls_equal=True)
        for row, original in repeats.select(ROW, "_first").iter_rows():
            errors.append(RowError(row, ", ".join(key), "one row per figure in a release",
                                   f"a duplicate of row {original}",
                                   "Remove the repeated row or give it its own release."))
    return ~dup


def _all(masks: list[pl.Series]) -> pl.Series:
    ok = masks[0].fill_null(False)
    for mask in masks[1:]:
        ok = ok & mask.fill_null(False)
    return ok


def _locator(frame: pl.DataFrame) -> pl.Expr:
    """Each row's locator, `row N` where none was given; the text of `row N` is built only when
    some row lacks one (formatting a million numbers costs 30 ms that a release with its own
    locators need not pay)."""
    given = _blank_to_null("locator")
    if frame.select(given.null_count()).item() == 0:
        return given
    return pl.coalesce(given, pl.format("row {}", pl.col(ROW))).alias("locator")


def figures(frame: pl.DataFrame, cat: Catalog, where: str) -> tuple[pl.DataFrame, list[RowError]]:
    """Validate a figures frame; return the good rows with base-unit values and the errors."""
    required = ["indicator", "region", "measure", "period_start", "period_end",
                "value_as_published", "unit_as_published"]
    frame = prepare(frame, FIGURE_SCHEMA, required, where)
    errors: list[RowError] = []
    frame, masks = _common(frame, cat, "value_as_published", errors)
    frame = _choice(frame, "qualifier", QUALIFIERS, "exact", errors)
    frame = _choice(frame, "status", STATUSES, "A", errors)
    masks += [frame["_qualifier_ok"], frame["_status_ok"]]
    good = frame.filter(_all(masks))
    good = good.filter(_duplicates(good, SERIES_KEY, errors))
    good = with_period_types(good.drop("period_type", strict=False)).with_columns(
        (pl.col("value_as_published") * pl.col("_factor")).round(6).alias("value"),
        pl.coalesce(_blank_to_null("locator_kind"), pl.lit("cell")).alias("locator_kind"),
        _locator(good),
        pl.col("quote_start").cast(pl.Int32), pl.col("quote_end").cast(pl.Int32),
    )
    errors.sort(key=lambda e: e.row)
    return good, errors


def targets(frame: pl.DataFrame, cat: Catalog, where: str) -> tuple[pl.DataFrame, list[RowError]]:
    """Validate a targets frame (the layout of shared/spec/targets_2025.csv)."""
    required = ["id", "indicator", "region", "measure", "kind", "comparator",
                "value_as_published", "unit_as_published", "period_start", "period_end",
                "plan_title", "publisher", "issued"]
    schema = {c: pl.Utf8 for c in [*required, "cluster", "doc_number", "url", "grade", "draft",
                                   "supersedes", "phrase"]}
    frame = prepare(frame, schema, required, where)
    errors: list[RowError] = []
    frame, masks = _common(frame, cat, "value_as_published", errors)
    frame = _choice(frame, "kind", TARGET_KINDS, "level_by", errors)
    frame = _choice(frame, "comparator", COMPARATORS, "about", errors)
    issued = _text("issued")
    frame = frame.with_columns(
        pl.when(issued.str.len_chars() == 4).then(issued + "-01-01").otherwise(issued)
        .str.strptime(pl.Date, "%Y-%m-%d", strict=False).alias("_issued"),
        (issued.str.len_chars() == 4).alias("issued_approximate"),
    )
    bad_issued = frame["_issued"].is_null()
    for row, got in frame.filter(bad_issued).select(ROW, "issued").iter_rows():
        errors.append(RowError(row, "issued", "a date YYYY-MM-DD or a year YYYY", got))
    masks += [frame["_kind_ok"], frame["_comparator_ok"], ~bad_issued]
    good = frame.filter(_all(masks))
    good = good.filter(_duplicates(good, ["id"], errors))
    good = good.with_columns(
        (pl.col("value_as_published") * pl.col("_factor")).round(6).alias("value"),
        pl.col("_issued").alias("issued"),
        _text("draft").str.to_lowercase().is_in(["true", "1", "yes"]).fill_null(False)
        .alias("draft"),
        _blank_to_null("supersedes"), _blank_to_null("doc_number"), _blank_to_null("url"),
        pl.format("row {}", pl.col(ROW)).alias("locator"),
    )
    errors.sort(key=lambda e: e.row)
    return good, errors
