"""The analyst's and the scheduler's handle on the warehouse: polars frames in, polars out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import polars as pl

from tracker import catalog_frames, clock, formats, frames
from tracker.catalog import ANY_CLUSTER
from tracker.errors import NotFoundError, TrackerError
from tracker.frames import PeriodFilter
from tracker.handle import DateLike, date_arg, instant_arg
from tracker.paths import Location
from tracker.store import (
    adhoc,
    browse,
    catalog_reads,
    export,
    maintain,
    quarantine,
    read,
    runs,
    summary,
)
from tracker.store.release import ReleaseMeta
from tracker.warehouse_history import History
from tracker.warehouse_review import Reviews

if TYPE_CHECKING:
    from tracker.store import append

# tracker/store/changes.py (revisions, conflicts) is imported by the methods that use it: the
# reads a shell command runs most, series and vintages, need not pay for it.


class Warehouse(Reviews, History):
    """A DuckDB warehouse of dated figures with their provenance.

    Reads hold the file only while they run (see tracker/store/connect.py), so keeping a
    Warehouse open in a notebook never blocks a scheduled refresh.
    """

    # -- writing ---------------------------------------------------------------------------
    def append_release(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes, *,
                       strict: bool = False, run_id: str | None = None,
                       kind: Literal["figures", "targets"] = "figures") -> append.AppendResult:
        """Append one release whole or not at all (see tracker/store/append.py)."""
        # Imported on the first write: validation, rankings and sidecars are no read's business.
        from tracker.store import append

        self._writable()
        with self._writer() as con:
            return append.append(con, self.raw_root, self.catalog, meta, figures, raw,
                                 kind=kind, strict=strict, run_id=run_id)

    def optimize(self) -> int:
        """Re-sort observations by series so that reads prune row groups; return the rows."""
        self._writable()
        with self._writer() as con:
            return maintain.optimize(con)

    def start_run(self, source_id: str) -> str:
        """Record the start of an ingest run; return its id."""
        self._writable()
        with self._writer() as con:
            return runs.start(con, source_id, clock.now())

    def finish_run(self, run_id: str, status: str, releases_added: int = 0, added: int = 0,
                   unchanged: int = 0, quarantined: int = 0, error: str | None = None) -> None:
        """Record how an ingest run ended."""
        self._writable()
        with self._writer() as con:
            runs.finish(con, run_id, status, releases_added, added, unchanged, quarantined, error,
                        clock.now())

    # -- reading ---------------------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run read-only SQL and return a frame."""
        with self._reads.connection() as con:
            return adhoc.query(con, query, params)

    def indicators(self, with_data: bool = False) -> pl.DataFrame:
        """The indicator catalog; `with_data`: only the indicators holding figures, with how
        many, their first and last period and the release published last."""
        listed = catalog_frames.frame(self.catalog, "indicator")
        if not with_data:
            return listed
        with self._reads.connection() as con:
            held = catalog_reads.indicator_holdings(con)
        return listed.join(held, on="code", how="inner").sort("code")

    def regions(self) -> pl.DataFrame:
        """The region catalog."""
        return catalog_frames.frame(self.catalog, "region")

    def clusters(self) -> pl.DataFrame:
        """The 20 strategic industrial clusters (and any of a user's catalog)."""
        return catalog_frames.frame(self.catalog, "cluster")

    def search(self, word: str) -> pl.DataFrame:
        """Indicators whose code, Chinese or English name or alias contains `word`."""
        return catalog_frames.frame(self.catalog, "indicator", self.catalog.search(word))

    def _key(self, indicator: str | None, region: str | None, measure: str | None,
             cluster: str | None) -> dict[str, Any]:
        # Names as people type them (GDP, 深圳, shenzhen, 同比增长) become codes here.
        cat = self.catalog
        if indicator is None:
            return {"indicator": None, "region": self._code("region", region),
                    "measure": self._code("measure", measure),
                    "cluster": self._code("cluster", cluster)}
        indicator = cat.resolve("indicator", indicator)
        fixed = cat.indicators[indicator].cluster
        if cluster is None and fixed not in ("", ANY_CLUSTER):
            cluster = fixed  # stored that way by validation
        return {"indicator": indicator, "region": self._code("region", region),
                "measure": self._code("measure", measure),
                "cluster": self._code("cluster", cluster)}

    def _code(self, kind: str, given: str | None) -> str | None:
        return None if given is None else self.catalog.resolve(kind, given)

    def series(self, indicator: str | None, region: str | None = "440000",
               measure: str | None = "level", cluster: str | None = None,
               as_of: DateLike = None, known_at: DateLike = None, publisher: str | None = None,
               period: PeriodFilter = None, display: Display = False) -> pl.DataFrame:
        """One row per period: the figure known on `as_of`, best-ranked source first.

        `known_at` answers with what the warehouse held at that instant (a report reproduced
        exactly); `publisher` follows one publisher's own chain. The rule is in
        tracker/store/vintage.py. `period` keeps one kind of period ("year": full years only,
        "ytd", "quarter", "month", "stock", or a list); `display=True` (or "en") adds the value
        in display units (`value_display` 14.58万亿元; `display_value` in `display_unit`).
        `None` for the indicator, region or measure reads every one (the report does, once).
        """
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        frames.period_types(period)  # a bad period is refused before the read
        with self._reads.connection() as con:
            frame = read.series(con, key, date_arg(as_of, "as_of"),
                                instant_arg(known_at, "known_at"))
        return _shown(frames.by_period(frame, period), display)

    def vintages(self, indicator: str | None, region: str | None = "440000",
                 measure: str | None = "level", cluster: str | None = None,
                 known_at: DateLike = None, publisher: str | None = None,
                 period: PeriodFilter = None, display: Display = False) -> pl.DataFrame:
        """Every vintage of every period, numbered from the first publication."""
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        frames.period_types(period)
        with self._reads.connection() as con:
            frame = read.vintages(con, key, instant_arg(known_at, "known_at"))
        return _shown(frames.by_period(frame, period), display)

    def vintage_table(self, indicator: str, region: str = "440000", measure: str = "level",
                      cluster: str | None = None, known_at: DateLike = None,
                      publisher: str | None = None, period: PeriodFilter = None,
                      values: str = "value") -> pl.DataFrame:
        """Periods as rows, one column per publication date (ALFRED's all-releases view).

        Each cell is the figure `series(as_of=that date)` answers with for the period, so a
        column is the series as it was known that day (null before its first publication);
        `values="value_as_published"` shows the figures as printed.
        """
        held = self.vintages(indicator, region, measure, cluster, known_at, publisher, period)
        return frames.vintage_table(
            held["date_published"].to_list(),
            lambda day: self.series(indicator, region, measure, cluster, as_of=day,
                                    known_at=known_at, publisher=publisher, period=period),
            values)

    def first_release(self, indicator: str | None, region: str | None = "440000",
                      measure: str | None = "level", cluster: str | None = None,
                      known_at: DateLike = None,
                      publisher: str | None = None, period: PeriodFilter = None,
                      display: Display = False) -> pl.DataFrame:
        """One row per period: the figure as first published."""
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        frames.period_types(period)
        with self._reads.connection() as con:
            frame = read.first_release(con, key, instant_arg(known_at, "known_at"))
        return _shown(frames.by_period(frame, period), display)

    def revisions(self, indicator: str | None = None, region: str | None = None,
                  measure: str | None = None, cluster: str | None = None,
                  known_at: DateLike = None, publisher: str | None = None) -> pl.DataFrame:
        """Each day the as-of answer for a period changed value, qualifier or status."""
        from tracker.store import changes

        key = self._revision_key(indicator, region, measure, cluster, publisher)
        with self._reads.connection() as con:
            return changes.revisions(con, key, instant_arg(known_at, "known_at"))

    def revisions_in_parts(self, indicator: str | None = None, region: str | None = None,
                           measure: str | None = None, cluster: str | None = None,
                           known_at: DateLike = None, publisher: str | None = None,
                           rows: int = 2_000_000) -> Iterator[pl.DataFrame]:
        """revisions() in frames of whole indicators, each from about `rows` vintages, for an
        answer too large for memory as one frame; concatenated and sorted as revisions()
        sorts, they are its answer. One read throughout: a refresh waits for the last frame."""
        if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
            raise TrackerError(f"rows must be a whole number of vintages per frame, at least "
                               f"1 (say 2_000_000), got {rows!r}")
        from tracker.store import changes

        key = self._revision_key(indicator, region, measure, cluster, publisher)
        instant = instant_arg(known_at, "known_at")

        def frames() -> Iterator[pl.DataFrame]:
            with self._reads.connection() as con:
                yield from changes.in_parts(con, key, instant, rows)
        return frames()

    def _revision_key(self, indicator: str | None, region: str | None, measure: str | None,
                      cluster: str | None, publisher: str | None) -> dict[str, Any]:
        key: dict[str, Any] = {"indicator": indicator, "region": self._code("region", region),
                               "measure": self._code("measure", measure),
                               "cluster": self._code("cluster", cluster)}
        if indicator is not None:
            key = self._key(indicator, region, measure, cluster)
        return {**key, "publisher": publisher}

    def conflicts(self, indicator: str | None = None, region: str | None = None,
                  measure: str | None = None, tolerance: float = 0.005,
                  as_of: DateLike = None, known_at: DateLike = None) -> pl.DataFrame:
        """The same figure reported differently by different publishers (relative tolerance);
        side a is the better-ranked source, the one `series()` answers with."""
        key = {"indicator": self._code("indicator", indicator),
               "region": self._code("region", region), "measure": self._code("measure", measure)}
        from tracker.store import changes

        with self._reads.connection() as con:
            return changes.conflicts(con, key, tolerance, date_arg(as_of, "as_of"),
                                     instant_arg(known_at, "known_at"))

    def provenance(self, observation_id: int) -> dict[str, Any]:
        """The observation with its release: publisher, title, dates, hash, quote, locator."""
        with self._reads.connection() as con:
            found = read.provenance(con, int(observation_id))
        if found is None:
            raise NotFoundError("observation", observation_id)
        return found

    def holdings(self) -> pl.DataFrame:
        """One row per series held: figures, periods, publishers and the span of periods."""
        with self._reads.connection() as con:
            return browse.holdings(con)

    def release(self, release_id: str) -> dict[str, Any]:
        """One release's description: publisher, title, dates, hash, raw_path, media type."""
        with self._reads.connection() as con:
            found = browse.release(con, release_id)
        if found is None:
            raise NotFoundError("release", release_id)
        return found

    def release_figures(self, release_id: str) -> pl.DataFrame:
        """The figures one release holds, in the order they were read."""
        with self._reads.connection() as con:
            return browse.release_figures(con, release_id)

    def targets(self, indicator: str | None = None, region: str | None = None) -> pl.DataFrame:
        """Every target, drafts and superseded ones included, with their provenance."""
        with self._reads.connection() as con:
            return read.targets(con, {"indicator": self._code("indicator", indicator),
                                      "region": self._code("region", region)})

    def releases(self, source_id: str | None = None) -> pl.DataFrame:
        """The releases held, with their provenance and observation counts."""
        with self._reads.connection() as con:
            return read.releases(con, source_id)

    def runs(self, source_id: str | None = None, limit: int = 50) -> pl.DataFrame:
        """Ingest runs, most recent first."""
        with self._reads.connection() as con:
            return runs.history(con, source_id, limit)

    def quarantine(self, run_id: str | None = None) -> pl.DataFrame:
        """Rows refused by ingests, with the reason."""
        with self._reads.connection() as con:
            return quarantine.rows(con, run_id)

    def export(self, path: Path | str | BinaryIO, format: str | None = None,
               excel: bool = False) -> int:
        """Write every observation with its provenance columns; return the row count.

        The format is the file name's extension (.parquet, .csv, .tsv, .xlsx, .json, .jsonl)
        unless `format` names one (a stream needs it; CSV by default); `excel` starts CSV with
        a byte order mark so that Excel reads it as UTF-8.
        """
        if isinstance(path, str | Path):
            path = Path(path)
            fmt = formats.format_for(path, format)
        else:
            fmt = formats.format_for(Path("-"), format or "csv")
        with self._reads.connection() as con:
            frame = export.observations(con)
        formats.write(frame, path, fmt, excel=excel)
        return frame.height

    def summary(self) -> dict[str, int]:
        """Counts for the main job's closing lines."""
        with self._reads.connection() as con:
            counts = summary.counts(con)
        counts["revisions"] = self.revisions().height
        counts["conflicts"] = self.conflicts().height
        return counts


Display = bool | Literal["zh", "en"]
"""`display=` of the series reads: False, True (Chinese units) or the language of the units."""


def _shown(frame: pl.DataFrame, display: Display) -> pl.DataFrame:
    if display is False:
        return frame
    return frames.with_display(frame, "zh" if display is True else display)


def open(path: Path | str | Location | None = None, read_only: bool = True,
         data_path: Path | str | None = None) -> Warehouse:
    """Open the warehouse at `path`, read-only unless asked: a DuckDB file (default:
    $TRACKER_WAREHOUSE, else warehouse/tracker.duckdb) or `ducklake:postgres:<libpq connection
    string>`, whose Parquet data and raw payloads go under `data_path` (default
    $TRACKER_DATA_PATH; needed only to create the lake, or where this machine mounts its data
    folder elsewhere)."""
    return Warehouse(path, read_only=read_only, data_path=data_path)
