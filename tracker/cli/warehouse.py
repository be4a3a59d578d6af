"""Warehouse commands: build, init, optimize, ingest table, and the reads of what is held
(provenance, targets, releases, runs, quarantine, sql); the series reads are in series.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import polars as pl

import tracker
from tracker.cli.app import (
    Output,
    echo_result,
    emit,
    failures,
    ingest,
    json_option,
    main,
    output_options,
    warehouse_option,
)
from tracker.cli.flags import progress_lines, quiet_option, renamed
from tracker.store import sandbox

# What a person sees of each read; --json always gives every column.
RELEASE_VIEW = ["release_id", "kind", "source_id", "publisher", "title", "date_published",
                "grade", "source_rank", "observations", "events"]
TARGET_VIEW = ["target_id", "indicator", "measure", "comparator", "value_as_published",
               "unit_as_published", "period_end", "publisher", "issued", "draft",
               "superseded_by"]


@main.command()
@warehouse_option
@click.option("--strict", is_flag=True, help="Refuse a whole release if any row is bad.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the report to (default: report/ in the repository).")
@click.option("--with-report/--no-report", default=True, show_default=True,
              help="Write the offline report and print the progress table.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--from", "releases_from", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The folder holding releases/ and targets/ (default: ingest/ "
              "of the checkout, or of the current directory when installed from a wheel).")
@quiet_option
@renamed("--out", "--report-dir", type=click.Path(file_okay=False, path_type=Path))
def build(warehouse: Path | None, strict: bool, out: Path | None, with_report: bool,
          lang: str, releases_from: Path | None, quiet: bool) -> None:
    """The main job: build the warehouse from the bundled releases, report, summarise.

    Each step is a line on standard error as it starts (--quiet: none)."""
    # Imported here: the reads of this module (tracker series, ...) need none of the sources.
    from tracker.build import build as build_warehouse
    from tracker.progress_table import print_progress

    with failures():
        summary = build_warehouse(path=warehouse, strict=strict, report_dir=out,
                                  with_report=with_report, lang=lang,
                                  releases_from=releases_from, say=progress_lines(quiet))
    report = summary.report
    if report.releases_added:
        click.echo(f"added {report.releases_added} release(s), {report.added} row(s); "
                   f"{report.quarantined} row(s) quarantined")
    else:
        click.echo(f"nothing new: all {len(report.results)} bundled releases already held")
    for name, count in summary.counts.items():
        click.echo(f"  {name:<13}{count:>8}")
    if summary.progress is not None:
        print_progress(summary.progress, lang)
    if summary.report_path is not None:
        click.echo(f"report: {summary.report_path}")


@main.command()
@warehouse_option
def init(warehouse: Path | None) -> None:
    """Create an empty warehouse, or apply pending migrations to an existing one."""
    with failures():
        applied = tracker.open(warehouse, read_only=False).init()
    click.echo(f"applied: {', '.join(applied)}" if applied else "schema up to date")


@main.command()
@warehouse_option
def optimize(warehouse: Path | None) -> None:
    """Re-sort the observations by series so that reads stay fast after many appends."""
    with failures():
        count = tracker.open(warehouse, read_only=False).optimize()
    click.echo(f"re-sorted {count} observations")


@ingest.command("table")
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@warehouse_option
@click.option("--source-id", default="table", show_default=True, help="Source the run is for.")
@click.option("--strict", is_flag=True, help="Refuse a whole release if any row is bad.")
@json_option
def ingest_table(folders: tuple[Path, ...], warehouse: Path | None, source_id: str,
                 strict: bool, as_json: bool) -> None:
    """Append release folders (release.toml + a CSV/XLSX/Parquet table), one release each."""
    from tracker.cli.exits import finish, ingesting  # as in build: not for the reads
    from tracker.sources import release_dir

    with ingesting():
        report = release_dir.ingest(tracker.open(warehouse, read_only=False), list(folders),
                                    source_id=source_id, strict=strict, progress=True)
    for result in report.results:
        echo_result(result, as_json)
    finish(False, report.quarantined, [report.run_id])


@main.command()
@click.argument("observation_id", type=int)
@warehouse_option
@output_options
def provenance(observation_id: int, warehouse: Path | None, out: Output) -> None:
    """Where one observation came from: publisher, title, date, phrase, hash, locator."""
    with failures():
        record = tracker.open(warehouse).provenance(observation_id)
    if out.format != "table":
        emit(pl.DataFrame([record]), out)
        return
    for name in ("indicator", "region", "cluster", "measure", "period_start", "period_end",
                 "value", "unit", "value_as_published", "unit_as_published", "qualifier",
                 "status", "publisher", "title", "date_published", "published_approximate",
                 "url_main", "grade", "quote", "locator", "release_id", "sha256", "size",
                 "raw_path", "ingester", "date_accessed"):
        click.echo(f"{name:<22}{record.get(name)}")


@main.command()
@click.option("--indicator", default=None, help="Indicator code.")
@click.option("--region", default=None, help="Region: code or name (440300, 深圳, Shenzhen).")
@warehouse_option
@output_options
def targets(indicator: str | None, region: str | None, warehouse: Path | None,
            out: Output) -> None:
    """Every target, drafts and superseded ones included, with its plan and phrase."""
    with failures():
        emit(tracker.open(warehouse).targets(indicator=indicator, region=region), out,
             TARGET_VIEW)


@main.command()
@click.option("--source-id", default=None, help="Only this source's releases.")
@warehouse_option
@output_options
def releases(source_id: str | None, warehouse: Path | None, out: Output) -> None:
    """The releases held, with their provenance."""
    with failures():
        emit(tracker.open(warehouse).releases(source_id=source_id), out, RELEASE_VIEW)


@main.command()
@click.option("--source-id", default=None, help="Only this source's runs.")
@warehouse_option
@output_options
def runs(source_id: str | None, warehouse: Path | None, out: Output) -> None:
    """The history of ingest runs, whatever their outcome, newest first (50 unless --limit)."""
    with failures():
        emit(tracker.open(warehouse).runs(source_id=source_id, limit=out.limit or 50), out)


@main.command()
@click.option("--run-id", default=None, help="Only rows refused by this run.")
@warehouse_option
@output_options
def quarantine(run_id: str | None, warehouse: Path | None, out: Output) -> None:
    """Rows refused by ingests, with the reason."""
    with failures():
        emit(tracker.open(warehouse).quarantine(run_id=run_id), out)


@main.command()
@click.argument("query")
@click.argument("values", nargs=-1)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for $NAME in the query (repeatable); never pasted into the text.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop the query after this many seconds.")
@warehouse_option
@output_options
def sql(query: str, values: tuple[str, ...], params: tuple[str, ...], timeout: float | None,
        warehouse: Path | None, out: Output) -> None:
    """Run one read-only query (QUERY, or `-` to read it from standard input).

    VALUES bind ? or $1, $2... in order; --param NAME=VALUE binds $NAME. The query sees the
    warehouse's tables only: no files, no network, no writes, no settings.
    """
    text = sys.stdin.read() if query == "-" else query
    named: dict[str, str] = {}
    for given in params:
        name, sep, value = given.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {given!r}",
                                     param_hint="--param")
        named[name.strip().lstrip("$")] = value
    with failures():
        emit(sandbox.query(tracker.open(warehouse).location, text, values, named, timeout), out)
