"""Catalog commands: indicators, regions, clusters, and search by any name people type."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option
from tracker.errors import did_you_mean

INDICATOR_VIEW = ["code", "name_zh", "name_en", "unit", "cluster"]
HOLDING_VIEW = ["code", "name_zh", "figures", "series", "regions", "first_period",
                "last_period", "last_published", "last_publisher", "last_release"]


@main.command()
@click.option("--with-data", is_flag=True,
              help="Only indicators holding figures: how many, first and last period, last "
                   "release.")
@warehouse_option
@output_options
def indicators(with_data: bool, warehouse: Path | None, out: Output) -> None:
    """The indicator catalog (the package's, and a user's catalog/ beside the warehouse)."""
    with failures():
        frame = tracker.open(warehouse).indicators(with_data=with_data)
    emit(frame, out, HOLDING_VIEW if with_data else INDICATOR_VIEW)


@main.command()
@warehouse_option
@output_options
def regions(warehouse: Path | None, out: Output) -> None:
    """The regions: codes, Chinese and English names (any of them is accepted as --region)."""
    with failures():
        emit(tracker.open(warehouse).regions(), out)


@main.command()
@warehouse_option
@output_options
def clusters(warehouse: Path | None, out: Output) -> None:
    """The 20 strategic industrial clusters (code or name is accepted as --cluster)."""
    with failures():
        emit(tracker.open(warehouse).clusters(), out)


@main.command()
@click.argument("word")
@warehouse_option
@output_options
def search(word: str, warehouse: Path | None, out: Output) -> None:
    """Indicators whose code, Chinese or English name or alias contains WORD."""
    with failures():
        wh = tracker.open(warehouse)
        found = wh.search(word)
    if found.is_empty():
        hint = did_you_mean(wh.catalog.suggest("indicator", word))
        click.echo(f"error: no indicator is named like {word!r}. {hint + ' ' if hint else ''}"
                   "`tracker indicators` lists them all.", err=True)
        sys.exit(1)
    emit(found, out, INDICATOR_VIEW)
