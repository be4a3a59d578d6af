"""The analyst's and the scheduler's handle on the warehouse: polars frames in, polars out."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

import duckdb
import polars as pl

from tracker import authority, catalog_frames, clock, formats
from tracker.catalog import ANY_CLUSTER, Catalog, catalog
from tracker.errors import NotFoundError, TrackerError
from tracker.paths import default_warehouse, raw_dir, user_catalog_dir
from tracker.store import (
    append,
    browse,
    catalog_reads,
    changes,
    events,
    maintain,
    migrate,
    rankings,
    read,
    review,
    runs,
)
from tracker.store.connect import ReadPool, write_connection
from tracker.store.release import ReleaseMeta

DateLike = dt.date | dt.datetime | str | None


def _date(value: DateLike, name: str) -> dt.date | None:
    """A calendar date in Asia/Shanghai (a zone-aware datetime is converted first)."""
    if value is None:
        return None
    try:
        return clock.calendar_date(value)
    except ValueError:
        raise TrackerError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def _instant(value: DateLike, name: str) -> dt.datetime | None:
    """A UTC instant; a bare date means the end of that day in Asia/Shanghai."""
    if value is None:
        return None
    try:
        return clock.instant(value)
    except ValueError:
        raise TrackerError(f"{name} must be a date YYYY-MM-DD or an ISO 8601 instant "
                           f"(2025-03-01T10:00+08:00), got {value!r}") from None


class Warehouse:
    """A DuckDB warehouse of dated figures with their provenance.

    Reads hold the file only while they run (see tracker/store/connect.py), so keeping a
    Warehouse open in a notebook never blocks a scheduled refresh.
    """

    def __init__(self, path: Path | str | None = None, read_only: bool = True) -> None:
        self.path = Path(path if path is not None else default_warehouse()).resolve()
        self.read_only = read_only
        self._reads = ReadPool(self.path)
        self._write_con: duckdb.DuckDBPyConnection | None = None
        self._migrated = False

    @property
    def catalog(self) -> Catalog:
        """The catalog this warehouse speaks: the package's, with `catalog/*.csv` beside the
        warehouse file merged over it (tracker/catalog_files.py)."""
        return catalog(user_catalog_dir(self.path))

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"Warehouse({str(self.path)!r}, {mode})"

    def close(self) -> None:
        """Let go of the file now (it is let go anyway as soon as a writer announces itself)."""
        self._reads.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise TrackerError(
                f"{self} is read-only; open it with tracker.open(path, read_only=False) to write"
            )

    @contextlib.contextmanager
    def writing(self) -> Iterator[Warehouse]:
        """Hold one write connection across several appends (each still its own transaction).

        Saves a connect and a checkpoint per release in batch ingests; readers wait meanwhile.
        """
        self._writable()
        if self._write_con is not None:
            yield self
            return
        with write_connection(self.path) as con:
            self._migrate(con)
            self._write_con = con
            try:
                yield self
            finally:
                self._write_con = None

    @contextlib.contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._write_con is not None:
            yield self._write_con
            return
        with write_connection(self.path) as con:
            self._migrate(con)
            yield con

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        # Once per handle: a scheduled job's appends need not re-read the catalog each time.
        if self._migrated:
            return []
        applied = migrate.migrate(con, user_catalog=user_catalog_dir(self.path))
        self._migrated = True
        return applied

    def init(self) -> list[str]:
        """Create or upgrade the schema and sync the catalog; return the migrations applied."""
        self._writable()
        with write_connection(self.path) as con:
            self._migrated = False
            return self._migrate(con)

    def append_release(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes, *,
                       strict: bool = False, run_id: str | None = None,
                       kind: Literal["figures", "targets"] = "figures") -> append.AppendResult:
        """Append one release whole or not at all (see tracker/store/append.py)."""
        self._writable()
        with self._writer() as con:
            return append.append(con, raw_dir(self.path), self.catalog, meta, figures, raw,
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

    # -- review (figures held under a confidence threshold; see tracker/store/review.py) ---
    def append_reviewed(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes,
                        threshold: float, *, strict: bool = False,
                        run_id: str | None = None) -> review.Reviewed:
        """Append the figures sure enough for `threshold` as one release; hold the rest."""
        self._writable()
        with self._writer() as con:
            return review.append_reviewed(con, raw_dir(self.path), self.catalog, meta, figures, raw,
                                          threshold, clock.now(), strict=strict, run_id=run_id)

    def held(self, release: str | None = None, status: str | None = None) -> pl.DataFrame:
        """Figures held for review (status pending, accepted or rejected), with their release."""
        with self._reads.connection() as con:
            return review.held(con, release, status)

    def accept(self, ids: Sequence[str], by: str) -> list[review.Decision]:
        """Append held figures to their releases, each once, all in one transaction."""
        self._writable()
        with self._writer() as con:
            return review.accept(con, self.catalog, ids, by, clock.now())

    def reject(self, ids: Sequence[str], reason: str, by: str) -> list[review.Decision]:
        """Record held figures as rejected, with the reason, in one transaction."""
        self._writable()
        with self._writer() as con:
            return review.reject(con, ids, reason, by, clock.now())

    # -- reading ---------------------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run read-only SQL and return a frame."""
        with self._reads.connection() as con:
            return con.execute(query, params).pl()

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

    def _key(self, indicator: str, region: str | None, measure: str | None,
             cluster: str | None) -> dict[str, Any]:
        # Names as people type them (GDP, 深圳, shenzhen, 同比增长) become codes here.
        cat = self.catalog
        indicator = cat.resolve("indicator", indicator)
        fixed = cat.indicators[indicator].cluster
        if cluster is None and fixed not in ("", ANY_CLUSTER):
            cluster = fixed  # stored that way by validation
        return {"indicator": indicator, "region": self._code("region", region),
                "measure": self._code("measure", measure),
                "cluster": self._code("cluster", cluster)}

    def _code(self, kind: str, given: str | None) -> str | None:
        return None if given is None else self.catalog.resolve(kind, given)

    def series(self, indicator: str, region: str | None = "440000", measure: str = "level",
               cluster: str | None = None, as_of: DateLike = None, known_at: DateLike = None,
               publisher: str | None = None) -> pl.DataFrame:
        """One row per period: the figure known on `as_of`, best-ranked source first.

        `known_at` answers with what the warehouse held at that instant (a report reproduced
        exactly); `publisher` follows one publisher's own chain. The rule is in
        tracker/store/vintage.py.
        """
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        with self._reads.connection() as con:
            return read.series(con, key, _date(as_of, "as_of"), _instant(known_at, "known_at"))

    def vintages(self, indicator: str, region: str = "440000", measure: str = "level",
                 cluster: str | None = None, known_at: DateLike = None,
                 publisher: str | None = None) -> pl.DataFrame:
        """Every vintage of every period, numbered from the first publication."""
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        with self._reads.connection() as con:
            return read.vintages(con, key, _instant(known_at, "known_at"))

    def first_release(self, indicator: str, region: str = "440000", measure: str = "level",
                      cluster: str | None = None, known_at: DateLike = None,
                      publisher: str | None = None) -> pl.DataFrame:
        """One row per period: the figure as first published."""
        key = {**self._key(indicator, region, measure, cluster), "publisher": publisher}
        with self._reads.connection() as con:
            return read.first_release(con, key, _instant(known_at, "known_at"))

    def revisions(self, indicator: str | None = None, region: str | None = None,
                  measure: str | None = None, cluster: str | None = None,
                  known_at: DateLike = None, publisher: str | None = None) -> pl.DataFrame:
        """Each day the as-of answer for a period changed value, qualifier or status."""
        key: dict[str, Any] = {"indicator": indicator, "region": self._code("region", region),
                               "measure": self._code("measure", measure),
                               "cluster": self._code("cluster", cluster)}
        if indicator is not None:
            key = self._key(indicator, region, measure, cluster)
        key["publisher"] = publisher
        with self._reads.connection() as con:
            return changes.revisions(con, key, _instant(known_at, "known_at"))

    def conflicts(self, indicator: str | None = None, region: str | None = None,
                  measure: str | None = None, tolerance: float = 0.005,
                  as_of: DateLike = None, known_at: DateLike = None) -> pl.DataFrame:
        """The same figure reported differently by different publishers (relative tolerance);
        side a is the better-ranked source, the one `series()` answers with."""
        key = {"indicator": self._code("indicator", indicator),
               "region": self._code("region", region), "measure": self._code("measure", measure)}
        with self._reads.connection() as con:
            return changes.conflicts(con, key, tolerance, _date(as_of, "as_of"),
                                     _instant(known_at, "known_at"))

    def withdraw(self, release_id: str, reason: str, by: str | None = None,
                 effective: DateLike = None) -> str:
        """Withdraw a release from `effective` (default today, Beijing time) on; return the
        event id. Nothing is deleted: earlier as-of answers still see it."""
        self._writable()
        when = _date(effective, "effective") or clock.today()
        with self._writer() as con:
            return events.withdraw(con, release_id, reason=reason, actor=by or _who(),
                                   now=clock.now(), effective_from=when)

    def events(self, release_id: str | None = None) -> pl.DataFrame:
        """Withdrawals and corrections, oldest first."""
        with self._reads.connection() as con:
            return read.events(con, release_id)

    def rankings(self) -> pl.DataFrame:
        """The source rankings in force (the warehouse's own, else the repository's)."""
        with self._reads.connection() as con:
            return rankings.table(rankings.in_force(con))

    def load_rankings(self, path: Path | str | None) -> int:
        """Put a rankings file in force for this warehouse (None: the repository's again) and
        re-rank every release; return how many changed rank."""
        self._writable()
        spec = authority.read_file(Path(path)) if path is not None else None
        with self._writer() as con:
            return rankings.load(con, spec, str(path) if path else "repository", clock.now())

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
        clause, params = read.where({"run_id": run_id}, "q")
        return self.sql(f"SELECT * FROM quarantine q WHERE {clause} ORDER BY quarantined_at",
                        params)

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
            frame = con.execute(read.EXPORT_QUERY).pl()
        formats.write(frame, path, fmt, excel=excel)
        return frame.height

    def summary(self) -> dict[str, int]:
        """Counts for the main job's closing lines."""
        counts = self.sql(
            """SELECT (SELECT count(*) FROM indicators) AS indicators,
                      (SELECT count(*) FROM releases) AS releases,
                      (SELECT count(*) FROM observations) AS observations,
                      (SELECT count(*) FROM targets) AS targets,
                      (SELECT count(*) FROM quarantine) AS quarantined"""
        ).row(0, named=True)
        counts["revisions"] = self.revisions().height
        counts["conflicts"] = self.conflicts().height
        return counts


def _who() -> str:
    """Who did it, for the record: the login name, else the process id."""
    try:
        return getpass.getuser()
    except OSError:
        return f"pid {os.getpid()}"


def open(path: Path | str | None = None, read_only: bool = True) -> Warehouse:
    """Open the warehouse at `path` (default: warehouse/tracker.duckdb), read-only unless asked."""
    return Warehouse(path, read_only=read_only)
