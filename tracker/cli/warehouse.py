"""Warehouse commands: build, init, ingest table, and the reads (series, vintages, ...)."""

from __future__ import annotations

import datetime as dt
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
from tracker.cli.flags import (
    DATE,
    INSTANT,
    period_option,
    progress_lines,
    quiet_option,
    renamed,
)
from tracker.store import sandbox

# What a person sees of each read; --json always gives every column.
SERIES_VIEW = ["period_start", "period_end", "value_as_published", "unit_as_published",
               "qualifier", "status", "publisher", "date_published", "obs_id", "release_id"]
VINTAGE_VIEW = ["period_start", "period_end", "vintage", *SERIES_VIEW[2:]]
REVISION_VIEW = ["indicator", "region", "measure", "period_end", "changed_on", "changed",
                 "previous_value_as_published", "previous_unit_as_published",
                 "previous_qualifier", "previous_publisher", "previous_date_published",
                 "value_as_published", "unit_as_published", "qualifier", "status", "publisher",
                 "date_published", "change_pct"]
CONFLICT_VIEW = ["indicator", "region", "measure", "period_end", "value_as_published_a",
                 "unit_as_published_a", "publisher_a", "source_rank_a", "value_as_published_b",
                 "unit_as_published_b", "publisher_b", "source_rank_b", "relative_difference"]
RELEASE_VIEW = ["release_id", "kind", "source_id", "publisher", "title", "date_published",
                "grade", "source_rank", "observations", "events"]
TARGET_VIEW = ["target_id", "indicator", "measure", "comparator", "value_as_published",
               "unit_as_published", "period_end", "publisher", "issued", "draft",
               "superseded_by"]


def _key_options(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed([
        click.argument("indicator"),  # a code or any name: gdp, GDP, 地区生产总值
        click.option("--region", default="440000", show_default=True,
                     help="Region: code or name (440300, 深圳, Shenzhen)."),
        click.option("--measure", default="level", show_default=True,
                     help="level | yoy_pct | share_national_pct | rank_national."),
        click.option("--cluster", default=None, help="Cluster code, for per-cluster indicators."),
    ]):
        func = option(func)
    return func


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


def _history_options(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed([
        click.option("--known-at", type=INSTANT, default=None,
                     help="What the warehouse held at this instant (ISO 8601; a date means the "
                          "end of that day, Beijing time): reproduces an earlier report."),
        click.option("--publisher", default=None,
                     help="Only this publisher's own releases (its own chain of vintages)."),
    ]):
        func = option(func)
    return func


_DISPLAY = click.option("--display", is_flag=True,
                        help="Add the value in display units (value_display 14.58万亿元, "
                             "display_value in display_unit); the table shows it.")


def _view(columns: list[str], display: bool) -> list[str]:
    """A table's columns; with --display the value in display units comes first."""
    return ["period_start", "period_end", "value_display", *columns[2:]] if display else columns


@main.command()
@_key_options
@click.option("--as-of", type=DATE, default=None,
              help="Only what was published on or before this date.")
@_history_options
@period_option
@_DISPLAY
@warehouse_option
@output_options
def series(indicator: str, region: str, measure: str, cluster: str | None,
           as_of: dt.date | None, known_at: dt.datetime | None, publisher: str | None,
           period: tuple[str, ...], display: bool, warehouse: Path | None, out: Output) -> None:
    """One row per period: the figure known on --as-of, best-ranked source first."""
    with failures():
        emit(tracker.open(warehouse).series(indicator, region=region, measure=measure,
                                            cluster=cluster, as_of=as_of, known_at=known_at,
                                            publisher=publisher, period=period or None,
                                            display=display), out, _view(SERIES_VIEW, display))


@main.command()
@_key_options
@_history_options
@period_option
@_DISPLAY
@warehouse_option
@output_options
def vintages(indicator: str, region: str, measure: str, cluster: str | None,
             known_at: dt.datetime | None, publisher: str | None, period: tuple[str, ...],
             display: bool, warehouse: Path | None, out: Output) -> None:
    """Every vintage of every period of a series (`tracker vintage-table`: one column a
    publication date)."""
    with failures():
        emit(tracker.open(warehouse).vintages(indicator, region=region, measure=measure,
                                              cluster=cluster, known_at=known_at,
                                              publisher=publisher, period=period or None,
                                              display=display),
             out, VINTAGE_VIEW if not display else
             ["period_start", "period_end", "vintage", "value_display", *SERIES_VIEW[2:]])


@main.command("vintage-table")
@_key_options
@_history_options
@period_option
@click.option("--as-published", is_flag=True,
              help="Cells as printed (value_as_published) rather than in the base unit.")
@warehouse_option
@output_options
def vintage_table(indicator: str, region: str, measure: str, cluster: str | None,
                  known_at: dt.datetime | None, publisher: str | None, period: tuple[str, ...],
                  as_published: bool, warehouse: Path | None, out: Output) -> None:
    """Periods as rows, one column per publication date (ALFRED's all-releases view): each
    cell the figure `tracker series --as-of DATE` gives for the period."""
    with failures():
        emit(tracker.open(warehouse).vintage_table(
            indicator, region=region, measure=measure, cluster=cluster, known_at=known_at,
            publisher=publisher, period=period or None,
            values="value_as_published" if as_published else "value"), out)


@main.command("first-release")
@_key_options
@_history_options
@period_option
@_DISPLAY
@warehouse_option
@output_options
def first_release(indicator: str, region: str, measure: str, cluster: str | None,
                  known_at: dt.datetime | None, publisher: str | None,
                  period: tuple[str, ...], display: bool, warehouse: Path | None,
                  out: Output) -> None:
    """One row per period: the figure as first published."""
    with failures():
        emit(tracker.open(warehouse).first_release(indicator, region=region, measure=measure,
                                                   cluster=cluster, known_at=known_at,
                                                   publisher=publisher, period=period or None,
                                                   display=display),
             out, _view(SERIES_VIEW, display))


@main.command()
@click.argument("indicator", required=False)
@click.option("--region", default=None, help="Region: code or name (440300, 深圳, Shenzhen).")
@click.option("--measure", default=None, help="Measure code.")
@_history_options
@warehouse_option
@output_options
def revisions(indicator: str | None, region: str | None, measure: str | None,
              known_at: dt.datetime | None, publisher: str | None, warehouse: Path | None,
              out: Output) -> None:
    """Each day the as-of answer changed value, qualifier or status."""
    with failures():
        emit(tracker.open(warehouse).revisions(indicator, region=region, measure=measure,
                                               known_at=known_at, publisher=publisher),
             out, REVISION_VIEW)


@main.command()
@click.argument("indicator", required=False)
@click.option("--region", default=None, help="Region: code or name (440300, 深圳, Shenzhen).")
@click.option("--measure", default=None, help="Measure code.")
@click.option("--tolerance", default=0.005, show_default=True, type=float,
              help="Relative difference below which two figures agree.")
@click.option("--as-of", type=DATE, default=None, help="Each publisher's figure known then.")
@click.option("--known-at", type=INSTANT, default=None,
              help="What the warehouse held at this instant.")
@warehouse_option
@output_options
def conflicts(indicator: str | None, region: str | None, measure: str | None, tolerance: float,
              as_of: dt.date | None, known_at: dt.datetime | None, warehouse: Path | None,
              out: Output) -> None:
    """The same figure reported differently by different publishers (a: the one series shows)."""
    with failures():
        emit(tracker.open(warehouse).conflicts(indicator, region=region, measure=measure,
                                               tolerance=tolerance, as_of=as_of,
                                               known_at=known_at), out, CONFLICT_VIEW)


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
        emit(sandbox.query(tracker.open(warehouse).path, text, values, named, timeout), out)
