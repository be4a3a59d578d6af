"""The series reads: series, vintages, vintage-table, first-release, revisions, conflicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option
from tracker.cli.flags import DATE, INSTANT, period_option

# What a person sees of each read; the other formats give every column.
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
