"""Commands for a warehouse's kinds: a DuckLake's snapshots, and copying between kinds."""

from __future__ import annotations

from dataclasses import asdict

import click
import polars as pl

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option
from tracker.paths import locate


@main.command()
@warehouse_option
@output_options
def snapshots(warehouse: str | None, out: Output) -> None:
    """A DuckLake warehouse's snapshots: id, commit time, what each changed."""
    with failures():
        emit(tracker.open(warehouse).snapshots(), out)


@main.command("copy")
@click.option("--from", "source", required=True,
              help="The warehouse to copy: a file, or ducklake:postgres:<connection string>.")
@click.option("--to", "target", required=True,
              help="The warehouse to copy into, created if need be.")
@click.option("--data-path", default=None,
              help="The target lake's data folder (default: $TRACKER_DATA_PATH, else as its "
                   "catalog recorded).")
@click.option("--source-data-path", default=None,
              help="Where this machine finds the source lake's data (default: as recorded).")
@output_options
def copy(source: str, target: str, data_path: str | None, source_data_path: str | None,
         out: Output) -> None:
    """Copy a warehouse between a file and a DuckLake (either way), losing nothing: releases,
    figures, targets, runs, quarantine, events, review, raw payloads. A re-run adds nothing."""
    with failures(), tracker.open(locate(source, source_data_path, from_env=False)) as src, \
                tracker.open(target, read_only=False, data_path=data_path) as dst:
        done = src.copy_to(dst)
    emit(pl.DataFrame([asdict(t) for t in done.tables]), out)
    if out.format == "table":
        click.echo(f"raw files: {done.raw.copied} copied, {done.raw.present} there already, "
                   f"{done.raw.journal_lines} journal lines added, "
                   f"{done.raw.payloads_missing} payloads missing at the source")
