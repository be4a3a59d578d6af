"""Progress and report commands: `tracker progress`, `tracker report`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option
from tracker.cli.flags import DATE, progress_lines, quiet_option
from tracker.progress import progress as assess_progress
from tracker.progress_table import print_progress

_LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                     help="Labels in Chinese or English.")


@main.command()
@warehouse_option
@click.option("--region", default="440000", show_default=True,
              help="Region: code or name (440300, 深圳, Shenzhen).")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="Use only what was published (and targets issued) by this date.")
@_LANG
@output_options
def progress(warehouse: Path | None, region: str, as_of: dt.date | None, lang: str,
             out: Output) -> None:
    """Every target with its baseline, latest actual, status and the sources behind both."""
    with failures():
        wh = tracker.open(warehouse)
        frame = assess_progress(wh, region=wh.catalog.resolve("region", region), as_of=as_of)
    if out.format == "table":
        print_progress(frame.head(out.limit) if out.limit else frame, lang)
    else:
        emit(frame, out)


@main.command()
@warehouse_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("report"), show_default=True, help="Folder to write the report to.")
@_LANG
@quiet_option
def report(warehouse: Path | None, out: Path, lang: str, quiet: bool) -> None:
    """Write the offline HTML report (every view and the progress table) and PNG/SVG charts.

    Each step is a line on standard error as it starts (--quiet: none)."""
    # Imported here: altair and vl-convert cost every other command a third of a second.
    from tracker.report import build_report

    with failures():
        index = build_report(tracker.open(warehouse), out_dir=out, lang=lang,
                             say=progress_lines(quiet))
    click.echo(f"report written to {index}")
