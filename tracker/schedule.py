"""Running the declared sources: once (`refresh`) or on their cron schedules (`run_scheduler`).

Every run is recorded in the warehouse (`ingest_runs`) through `tracker.sources.context.recorded`
whatever its outcome; a failed run keeps the message that says which source, which URL and what
arrived.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler

from tracker import clock
from tracker.errors import NotFoundError
from tracker.sources.config import TIMEZONE, SourceSpec, cron_trigger
from tracker.sources.context import Context, recorded
from tracker.sources.http import HttpClient
from tracker.sources.registry import KINDS, declared
from tracker.warehouse import Warehouse

log = logging.getLogger("tracker.schedule")


@dataclass(frozen=True)
class Outcome:
    """How one source's run ended: its status, its counts, and the error if it failed."""

    source_id: str
    kind: str
    status: str  # succeeded | unchanged | partial | failed
    run_id: str
    releases_added: int = 0
    releases_unchanged: int = 0
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0
    error: str | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """A plain dict, for JSON output."""
        return asdict(self)


def refresh(wh: Warehouse, source: str | None = None, due: bool = False,
            base_url: str | None = None, sources_dir: Path | None = None,
            now: dt.datetime | None = None) -> list[Outcome]:
    """Run the enabled sources once (or only `source`, even if disabled; or only those due).

    `base_url` points every HTTP source at another server (the tests' replay server).
    """
    specs = declared(sources_dir)
    if source is not None:
        specs = [s for s in specs if s.id == source]
        if not specs:
            raise NotFoundError("source", source)
    else:
        specs = [s for s in specs if s.enabled]
    if due:
        specs = [s for s in specs if is_due(wh, s, now)]
    return [run_source(wh, s.with_base_url(base_url) if base_url else s) for s in specs]


def is_due(wh: Warehouse, spec: SourceSpec, now: dt.datetime | None = None) -> bool:
    """True when the source's cron has fired since its last run started (or it never ran)."""
    if not wh.exists():  # a warehouse not created yet: nothing has ever run
        return True
    last = wh.runs(source_id=spec.id, limit=1)
    if last.is_empty():
        return True
    # An instant, whatever the machine's zone: stored as UTC (naive before migration 006).
    started = clock.from_stored(last["started_at"][0])
    fire = cron_trigger(spec.schedule).get_next_fire_time(None, started)
    return fire is not None and fire <= (now or clock.now())


def run_source(wh: Warehouse, spec: SourceSpec) -> Outcome:
    """Run one source's recipe inside a recorded run; never raises for the source's own faults.

    A KeyboardInterrupt still stops everything (after the run is closed as failed).
    """
    began = time.monotonic()
    with recorded(wh, spec.id, contain=(Exception,)) as run:
        KINDS[spec.kind].run(Context(spec, run, HttpClient(spec.id, spec.fetch)))
    t, error = run.tally, run.error
    outcome = Outcome(spec.id, spec.kind, run.status, run.run_id, t.releases_added,
                      t.releases_unchanged, t.added, t.unchanged, t.quarantined, error,
                      time.monotonic() - began)
    log.log(logging.ERROR if error else logging.INFO,
            "source %s run %s: %s, %d release(s) added, %d unchanged, %d row(s) added, "
            "%d quarantined, %.2fs%s", spec.id, run.run_id, run.status, t.releases_added,
            t.releases_unchanged, t.added, t.quarantined, outcome.seconds,
            f": {error}" if error else "")
    return outcome


def run_scheduler(wh: Warehouse, sources_dir: Path | None = None, base_url: str | None = None,
                  misfire_grace_time: int = 600) -> int:
    """Run the enabled sources on their cron triggers until SIGTERM or SIGINT; return jobs run.

    One run of a source at a time (max_instances=1), missed runs coalesced into one, and a run
    later than `misfire_grace_time` seconds skipped until its next time. A stop signal lets the
    running jobs finish.
    """
    specs = [s for s in declared(sources_dir) if s.enabled]
    # One worker: runs of different sources take turns, so one process never writes the
    # warehouse from two threads at once.
    scheduler = BlockingScheduler(
        timezone=TIMEZONE, executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"max_instances": 1, "coalesce": True,
                      "misfire_grace_time": misfire_grace_time})
    runs = 0

    def job(spec: SourceSpec) -> None:
        nonlocal runs
        runs += 1
        run_source(wh, spec)

    for spec in specs:
        spec = spec.with_base_url(base_url) if base_url else spec
        scheduler.add_job(job, cron_trigger(spec.schedule), args=[spec], id=spec.id,
                          name=f"{spec.kind}:{spec.id}")
        log.info("scheduled %s (%s) with cron %r in %s", spec.id, spec.kind, spec.schedule,
                 TIMEZONE)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping after the running jobs finish",
                 signal.Signals(signum).name)
        # Not in the handler itself: it interrupts the main thread, possibly inside the
        # scheduler's own job processing; a thread waits for that to finish, then stops it.
        threading.Thread(target=scheduler.shutdown, kwargs={"wait": True},
                         name="tracker-scheduler-stop").start()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("scheduler stopped after %d run(s)", runs)
    return runs
