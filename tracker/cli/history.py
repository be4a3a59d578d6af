"""History commands: withdraw a release, list release events, show or load source rankings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option
from tracker.cli.flags import DATE


@main.command()
@click.argument("release_id")
@click.option("--reason", required=True, help="Why, for the record (shown in `tracker events`).")
@click.option("--by", default=None, help="Who withdraws it (default: your login name).")
@click.option("--effective", type=DATE, default=None,
              help="As-of dates from YYYY-MM-DD on no longer see it (default: today, Beijing).")
@warehouse_option
def withdraw(release_id: str, reason: str, by: str | None, effective: dt.date | None,
             warehouse: Path | None) -> None:
    """Withdraw a release: recorded as an event, never deleted; earlier as-of answers keep it."""
    with failures():
        event_id = tracker.open(warehouse, read_only=False).withdraw(
            release_id, reason=reason, by=by, effective=effective)
    click.echo(f"{release_id}: withdrawn ({event_id})")


@main.command()
@click.option("--release-id", default=None, help="Only this release's events.")
@warehouse_option
@output_options
def events(release_id: str | None, warehouse: Path | None, out: Output) -> None:
    """Withdrawals and corrected descriptions, oldest first."""
    with failures():
        emit(tracker.open(warehouse).events(release_id=release_id), out)


@main.command()
@click.option("--load", "load", type=click.Path(path_type=Path), default=None,
              help="Put this rankings file (the layout of tracker/data/source_rankings.toml) "
                   "in force for the warehouse and re-rank every release.")
@click.option("--reset", is_flag=True, help="Back to the repository's rankings.")
@warehouse_option
@output_options
def rankings(load: Path | None, reset: bool, warehouse: Path | None, out: Output) -> None:
    """The source rankings that decide which publisher answers first."""
    with failures():
        if load is not None or reset:
            changed = tracker.open(warehouse, read_only=False).load_rankings(
                None if reset else load)
            click.echo(f"re-ranked {changed} release(s)")
        emit(tracker.open(warehouse).rankings(), out)
