"""The append part of the warehouse benchmark: a new 1M-row release, then the same again."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import polars as pl

from tracker.bench import measure
from tracker.bench.measure import Row, ratio


def release_frame(codes: list[str], regions: list[str], months: int, rows: int) -> pl.DataFrame:
    """A 1M-row release: a new vintage of recent months, half its values revised."""
    per_month = len(codes) * len(regions)
    recent = max(1, rows // per_month)
    first = max(0, months - recent)  # a small warehouse's release runs past its last month
    frame = pl.DataFrame({"indicator": codes}).join(pl.DataFrame({"region": regions}),
                                                     how="cross")
    frame = frame.join(pl.DataFrame({"m": list(range(first, first + recent))}), how="cross")
    frame = frame.head(rows).with_row_index("n").with_columns(
        pl.col("indicator").str.slice(6).cast(pl.Int64).alias("i"))
    start = pl.date(2019, 1, 1).dt.offset_by(pl.format("{}mo", pl.col("m")))
    return frame.select(
        "indicator", "region", pl.lit(None, pl.Utf8).alias("cluster"),
        pl.lit("level").alias("measure"), start.alias("period_start"),
        start.dt.month_end().alias("period_end"),
        (1e8 * (pl.col("i") + pl.col("m") + 3 + (pl.col("n") % 2))).alias("value_as_published"),
        pl.lit("CNY").alias("unit_as_published"), pl.lit("exact").alias("qualifier"),
        pl.lit("A").alias("status"), pl.lit("json").alias("locator_kind"),
        pl.format("$.rows[{}]", pl.col("n")).alias("locator"),
    )


RAW_APPEND = """
    INSERT INTO observations BY NAME
    SELECT {key} AS series_id, *, value_as_published AS value, 'CNY' AS unit,
           'month' AS period_type, 'Rraw' AS release_id, 'bench' AS source_id,
           DATE '2025-01-01' AS date_published, 1 AS source_rank, 'A' AS grade,
           (SELECT max(obs_id) FROM observations) + row_number() OVER () AS obs_id
    FROM incoming ORDER BY series_id, period_start, period_end
"""


def appends(work: Path, path: Path, codes: list[str], regions: list[str],
            args: argparse.Namespace) -> list[Row]:
    """A new release through the API and as one raw INSERT, then the same release again."""
    from tracker.store import keys
    from tracker.store.release import ReleaseMeta
    from tracker.warehouse import Warehouse

    frame = release_frame(codes, regions, args.months, args.append_rows)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    payload = buffer.getvalue()
    baseline = work / "b" / "tracker.duckdb"
    shutil.copytree(path.parent, baseline.parent)
    meta = ReleaseMeta(publisher="bench", title="1M-row release", ingester="bench",
                       date_published=dt.date(2025, 1, 1), source_id="bench")
    writer = Warehouse(path, read_only=False)
    api_first, first = measure.once(lambda: writer.append_release(meta, frame, payload))
    api_again, again = measure.once(lambda: writer.append_release(meta, frame, payload))

    def raw_first() -> None:
        con = duckdb.connect(str(baseline))
        con.register("incoming", frame.to_arrow())
        con.execute("BEGIN TRANSACTION")
        con.execute(RAW_APPEND.format(key=keys.COLUMNS))
        con.execute("COMMIT")
        con.close()

    def raw_again() -> None:
        con = duckdb.connect(str(baseline))
        digest = hashlib.sha256(payload).hexdigest()
        con.execute("SELECT release_id FROM releases WHERE source_id = 'bench' AND sha256 = ?",
                    [digest]).fetchall()
        con.close()

    lean_first = measure.once(raw_first)[0]
    lean_again = measure.once(raw_again)[0]
    status = f"{first.added:,} added; again: {again.status}"
    return [(f"append a {frame.height:,}-row release, rows/s", f"{frame.height / api_first:,.0f}",
             f"{frame.height / lean_first:,.0f}", "", f"{ratio(api_first, lean_first)} time, "
             f"{status}"),
            ("append the same release again", f"{1000 * api_again:.1f} ms",
             f"{1000 * lean_again:.1f} ms", "", ratio(api_again, lean_again))]
