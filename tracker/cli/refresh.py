"""`tracker refresh`, `tracker schedule` and `tracker sources`: running the declared sources.

`tracker refresh` exits like the other ingests (tracker/cli/exits.py): 0 every source run
succeeded or found nothing new; 1 a bad declaration or usage (nothing ran); 3 at least one
source failed (its run is recorded with the reason); 4 all ran but rows were quarantined; 75
(EX_TEMPFAIL) the warehouse stayed locked by another process: try again later.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
import polars as pl

import tracker
from tracker import clock
from tracker import schedule as runner
from tracker.cli.app import (
    Output,
    emit,
    failures,
    json_option,
    main,
    output_options,
    warehouse_option,
)
from tracker.cli.exits import finish, ingesting
from tracker.cli.flags import progress_lines, quiet_option, renamed, runner_lines
from tracker.sources.config import cron_trigger
from tracker.sources.registry import declared

COLUMNS = ["source_id", "kind", "status", "releases_added", "releases_unchanged", "added",
           "unchanged", "quarantined", "seconds", "run_id"]


def _sources_dir(func: click.decorators.FC) -> click.decorators.FC:
    return click.option("--sources-dir", type=click.Path(path_type=Path), default=None,
                        help="Folder of source declarations (default: ingest/sources/).")(func)


def _base_url(func: click.decorators.FC) -> click.decorators.FC:
    return click.option("--base-url", default=None,
                        help="Send every HTTP source to this server (mirror, replay).")(func)


@main.command()
@click.option("--source-id", default=None, help="Run only this source (even if disabled).")
@click.option("--due", is_flag=True, help="Run only the sources whose cron time has come.")
@_base_url
@_sources_dir
@warehouse_option
@json_option
@quiet_option
@renamed("--source-id", "--source")
def refresh(source_id: str | None, due: bool, base_url: str | None, sources_dir: Path | None,
            warehouse: Path | None, as_json: bool, quiet: bool) -> None:
    """Fetch the declared sources once and append what is new; a line on standard error as
    each source ends (--quiet: none).

    Exit 0: all well; 1: bad declaration or usage; 3: a source failed (see `tracker runs`);
    4: rows were quarantined; 75: the warehouse stayed locked, retry later.
    """
    say = progress_lines(quiet)
    say(f"refresh: running {source_id or 'the enabled sources'}")
    with ingesting(), runner_lines(say):
        outcomes = runner.refresh(tracker.open(warehouse, read_only=False), source=source_id,
                                  due=due, base_url=base_url, sources_dir=sources_dir)
    frame = pl.DataFrame([o.as_dict() for o in outcomes],
                         schema_overrides={"error": pl.Utf8}) if outcomes else pl.DataFrame()
    emit(frame if as_json or frame.is_empty() else frame.select(COLUMNS), as_json)
    failed = [o for o in outcomes if o.error]
    if not as_json:
        for outcome in failed:
            click.echo(f"failed: {outcome.error}", err=True)
    finish(bool(failed), sum(o.quarantined for o in outcomes),
           [o.run_id for o in outcomes if o.quarantined])


@main.command("schedule")
@click.option("--misfire-grace-time", default=600, show_default=True,
              help="Seconds a late run may still start; later ones wait for the next time.")
@_base_url
@_sources_dir
@warehouse_option
def schedule_command(misfire_grace_time: int, base_url: str | None, sources_dir: Path | None,
                     warehouse: Path | None) -> None:
    """Run the enabled sources on their cron schedules (Asia/Shanghai) until SIGTERM."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with failures():
        runner.run_scheduler(tracker.open(warehouse, read_only=False), sources_dir=sources_dir,
                             base_url=base_url, misfire_grace_time=misfire_grace_time)


@main.command("sources")
@_sources_dir
@output_options
def sources(sources_dir: Path | None, out: Output) -> None:
    """The declared sources, validated, with their next scheduled time."""
    with failures():
        specs = declared(sources_dir)
    now = clock.now()
    rows = [{"id": s.id, "kind": s.kind, "enabled": s.enabled, "schedule": s.schedule,
             "next_run": str(cron_trigger(s.schedule).get_next_fire_time(None, now)),
             "path": str(s.path)} for s in specs]
    emit(pl.DataFrame(rows), out)
