"""The one way anything is ingested: a recorded run, and what a source recipe works with.

Every ingest (release folders, a text file, a file drop, a scheduled source) happens inside
`recorded(wh, source_id)`: the run is written as `running` first and closed whatever happens,
`succeeded` or `unchanged`, else `failed` (nothing appended) or `partial` (the error came after
some releases were appended; they stay, each whole), including on a bug's exception and on
Ctrl-C. Only a SIGKILL leaves it `running`, and the next run marks it `abandoned`.

A recipe loads everything it needs first and saves at the end, so a fault anywhere in loading
leaves the warehouse as it was; each release is then appended whole by the store.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from tracker import clock
from tracker.errors import TrackerError
from tracker.sources.config import SourceSpec
from tracker.sources.http import Fetched, HttpClient
from tracker.store.append import AppendResult
from tracker.store.release import ReleaseMeta
from tracker.store.review import Reviewed

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

log = logging.getLogger("tracker.runs")


@dataclass
class Release:
    """One document or payload ready to append: its description, figures and raw bytes."""

    meta: ReleaseMeta
    figures: pl.DataFrame
    raw: bytes


@dataclass
class Tally:
    """What a run appended, summed over its releases."""

    releases_added: int = 0
    releases_unchanged: int = 0
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0


@dataclass
class Run:
    """One recorded ingest run: appends through it are counted and stamped with its id."""

    wh: Warehouse
    source_id: str
    run_id: str
    tally: Tally = field(default_factory=Tally)
    results: list[AppendResult] = field(default_factory=list)
    status: str = "running"
    error: str | None = None

    def append(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes, *,
               strict: bool = False,
               kind: Literal["figures", "targets"] = "figures") -> AppendResult:
        """Append one release (whole or not at all) as part of this run and count it."""
        result = self.wh.append_release(meta, figures, raw, strict=strict, run_id=self.run_id,
                                        kind=kind)
        self._count(result)
        return result

    def append_reviewed(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes,
                        threshold: float, *, strict: bool = False) -> Reviewed:
        """Append one release's figures sure enough for `threshold`; hold the rest for review."""
        reviewed = self.wh.append_reviewed(meta, figures, raw, threshold, strict=strict,
                                           run_id=self.run_id)
        self._count(reviewed.result)
        return reviewed

    def _count(self, result: AppendResult) -> None:
        self.results.append(result)
        t = self.tally
        t.releases_added += result.status == "added"
        t.releases_unchanged += result.status != "added"
        t.added += result.added
        t.unchanged += result.unchanged
        t.quarantined += result.quarantined

    def save(self, releases: Iterable[Release], strict: bool = False) -> list[AppendResult]:
        """Append each release on one write connection (readers wait only while saving)."""
        with self.wh.writing():
            return [self.append(release.meta, release.figures, release.raw, strict=strict)
                    for release in releases]


def describe(exc: BaseException) -> str:
    """What a failed run records: a tracker error's own message, else the type and notes."""
    if isinstance(exc, TrackerError):
        return str(exc)
    if isinstance(exc, KeyboardInterrupt):  # Ctrl-C, or SIGTERM in a command (cli/exits.py)
        return f"interrupted ({str(exc) or 'KeyboardInterrupt'}) before the run finished"
    notes = "".join(f"; {note}" for note in getattr(exc, "__notes__", ()))
    return f"unexpected {type(exc).__name__}: {exc}{notes}"


@contextmanager
def recorded(wh: Warehouse, source_id: str,
             contain: tuple[type[Exception], ...] = ()) -> Iterator[Run]:
    """A run of `source_id`, recorded before the body runs and closed however it ends.

    The body's exception is re-raised once the run is closed with it, unless it is one of
    `contain`: a refresh records a source's failure and goes on with the next source, a
    command lets it reach its exit code.
    """
    run = Run(wh, source_id, wh.start_run(source_id))
    try:
        yield run
    except BaseException as exc:  # KeyboardInterrupt and bugs too: never leave it `running`
        run.status = "partial" if run.tally.releases_added else "failed"
        run.error = describe(exc)
        if not isinstance(exc, contain):
            raise
        if not isinstance(exc, TrackerError):  # a bug: keep its traceback for whoever fixes it
            log.error("run %s of %s: %s", run.run_id, source_id, run.error, exc_info=exc)
    else:
        run.status = "succeeded" if run.tally.releases_added else "unchanged"
    finally:
        t = run.tally
        wh.finish_run(run.run_id, run.status, t.releases_added, t.added, t.unchanged,
                      t.quarantined, run.error)


@dataclass(frozen=True)
class Held:
    """The latest release a source holds for one document (a post, a file)."""

    release_id: str
    title: str
    url: str
    date_published: dt.date
    extra: dict[str, Any]


@dataclass
class Context:
    """One run of one source: the recipe's handle on the network and the warehouse."""

    spec: SourceSpec
    run: Run
    client: HttpClient

    @property
    def tally(self) -> Tally:
        """What the run appended so far."""
        return self.run.tally

    def meta(
        self, title: str, published: dt.date, fetched: Fetched | None = None, **extra: Any
    ) -> ReleaseMeta:
        """A release description for this source, carrying the fetch's provenance in `extra`."""
        fetch = fetched.metadata() if fetched else {}
        return ReleaseMeta(
            publisher=str(self.spec.params["publisher"]),
            title=title,
            date_published=published,
            ingester=f"tracker.sources.{self.spec.kind}",
            url_main=extra.pop("url_main", None) or (fetched.final_url if fetched else None),
            url_download=fetched.final_url if fetched else None,
            date_accessed=fetched.fetched_at if fetched else clock.now(),
            grade=str(self.spec.params.get("grade", "A")),
            source_id=self.spec.id,
            media_type=fetched.content_type or None if fetched else None,
            extra={"fetch": fetch, **extra},
        )

    def save(self, releases: list[Release]) -> None:
        """Append each release (each whole or not at all) and count what happened.

        A new release whose `extra.corrects` names an earlier one of this source (a page
        corrected in place) withdraws that one from its own publication date: as-of answers
        from then on come from the correction alone, even when both are of the same day, and
        earlier answers stand.
        """
        for release, result in zip(releases, self.run.save(releases), strict=True):
            corrected = release.meta.extra.get("corrects")
            if corrected and result.status == "added":
                self.run.wh.withdraw(
                    corrected, f"corrected in place: {release.meta.url_main} changed, see "
                    f"{result.release_id}", by=f"source {self.spec.id}",
                    effective=release.meta.date_published)

    def held(self, key: str) -> dict[str, Held]:
        """For each value of `extra[key]` among this source's releases, the latest release.

        Latest by publication date, then ingestion: a correction is dated the day it was seen,
        so it comes after the release it corrects.
        """
        frame = self.run.wh.releases(source_id=self.spec.id)
        if frame.is_empty():
            return {}
        latest: dict[str, Held] = {}
        for row in frame.sort("date_published", "ingested_at").iter_rows(named=True):
            extra = json.loads(row["extra"]) if row["extra"] else {}
            if extra.get(key) is not None:
                latest[str(extra[key])] = Held(row["release_id"], row["title"],
                                               row["url_main"] or "", row["date_published"], extra)
        return latest
