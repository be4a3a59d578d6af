"""The `tracker` command group and the shared option helpers; commands live beside it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
import polars as pl

from tracker.errors import TrackerError
from tracker.store.append import AppendResult
from tracker.store.connect import close_all

F = TypeVar("F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tracker")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Guangdong indicator tracker: every figure dated, versioned and traceable."""
    ctx.call_on_close(close_all)


@main.group()
def ingest() -> None:
    """Append a release (a table of figures, a text document) to the warehouse."""


def warehouse_option(func: F) -> F:
    """--warehouse PATH, defaulting to $TRACKER_WAREHOUSE or warehouse/tracker.duckdb."""
    return click.option(
        "--warehouse", "-w", "warehouse", type=click.Path(path_type=Path), default=None,
        help="Warehouse file (default: $TRACKER_WAREHOUSE or warehouse/tracker.duckdb).",
    )(func)


def json_option(func: F) -> F:
    """--json: one JSON object a line, for programs."""
    return click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")(func)


@contextmanager
def failures() -> Iterator[None]:
    """Turn a TrackerError into a message on stderr and exit code 1 (no traceback)."""
    try:
        yield
    except TrackerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def echo_result(result: AppendResult, as_json: bool, held: int | None = None) -> None:
    """Report one append: a JSON object for a program, a line (and its refusals) for a person.

    `held`: how many figures a reviewed ingest held for `tracker review` (None: no review).
    """
    review = {} if held is None else {"held": held}
    if as_json:
        click.echo(json.dumps({**vars(result), **review,
                               "errors": [str(e) for e in result.errors]}, ensure_ascii=False))
        return
    click.echo(f"{result.release_id}: {result.status}, {result.added} added, "
               f"{result.unchanged} unchanged, {result.quarantined} quarantined"
               + ("" if held is None else f", {held} held for review"))
    for error in result.errors:
        click.echo(f"  quarantined: {error}", err=True)


def emit(frame: pl.DataFrame, as_json: bool, columns: list[str] | None = None) -> None:
    """Print a frame as JSON lines for a program, or as a table (of `columns`) for a person."""
    if as_json:
        for row in frame.iter_rows(named=True):
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    if frame.is_empty():
        click.echo("(no rows)")
        return
    if columns:
        frame = frame.select(c for c in columns if c in frame.columns)
    with pl.Config(tbl_rows=500, tbl_cols=40, fmt_str_lengths=40, tbl_width_chars=30_000,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True,
                   tbl_formatting="ASCII_MARKDOWN", fmt_float="full"):
        click.echo(str(frame))
