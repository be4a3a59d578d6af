"""The `tracker` command group and the shared option helpers; commands live beside it."""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker.errors import TrackerError

if TYPE_CHECKING:
    import polars as pl

    from tracker.store.append import AppendResult

F = TypeVar("F", bound=Callable[..., Any])
# The modules of tracker/cli that register commands (tracker/cli/__init__.py names them), in
# the order they are tried when a command is looked up: one command imports what it needs, so
# `tracker series` loads neither the extraction engine nor the web server.
MODULES: list[str] = []


class LazyGroup(click.Group):
    """A group whose commands are registered by modules imported only when a command is
    looked up (all of them for a listing: --help)."""

    def _load(self, name: str | None) -> None:
        for module in MODULES:
            if name is not None and name in self.commands:
                return
            importlib.import_module(f"tracker.cli.{module}")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load(None)
        return super().list_commands(ctx)


def _close_all() -> None:
    from tracker.store.connect import close_all  # duckdb: not for --help or --version

    close_all()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tracker")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Guangdong indicator tracker: every figure dated, versioned and traceable."""
    ctx.call_on_close(_close_all)


@main.group(cls=LazyGroup)
def ingest() -> None:
    """Append a release (a table of figures, a text document) to the warehouse."""


def _data_path(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Read where every warehouse is located (tracker.paths.locate), whichever command opens it.
    if value is not None:
        os.environ["TRACKER_DATA_PATH"] = value


def warehouse_option(func: F) -> F:
    """--warehouse FILE-OR-URI (default $TRACKER_WAREHOUSE or warehouse/tracker.duckdb), and
    --data-path for a DuckLake's data (default $TRACKER_DATA_PATH)."""
    func = click.option(
        "--data-path", callback=_data_path, expose_value=False, is_eager=True, default=None,
        help="A DuckLake warehouse's data folder (default: $TRACKER_DATA_PATH).")(func)
    return click.option(
        "--warehouse", "-w", "warehouse", type=str, default=None,
        help="Warehouse file, or ducklake:postgres:<libpq connection string> (default: "
             "$TRACKER_WAREHOUSE or warehouse/tracker.duckdb).",
    )(func)


def json_option(func: F) -> F:
    """--json on commands that do work (ingest, refresh, review accept): a JSON object a result."""
    return click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")(func)


@dataclass(frozen=True)
class Output:
    """How a read prints its rows: table (for people), json, nl, csv or tsv; at most `limit`."""

    format: str = "table"
    limit: int | None = None
    excel: bool = False


def output_options(func: F) -> F:
    """The read commands' output flags (as sqlite-utils spells them), handed over as `out`."""

    @functools.wraps(func)
    def command(*args: Any, fmt: str | None, limit: int | None, excel: bool,
                **kwargs: Any) -> Any:
        chosen = fmt or ("csv" if excel else "table")
        return func(*args, out=Output(chosen, limit, excel), **kwargs)

    for option in reversed([
        click.option("--table", "fmt", flag_value="table", help="A table for people (default)."),
        click.option("--json", "fmt", flag_value="json",
                     help="A JSON array; integers beyond 2^53 (series ids) as strings."),
        click.option("--nl", "fmt", flag_value="nl", help="One JSON object a line."),
        click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row."),
        click.option("--tsv", "fmt", flag_value="tsv", help="Tab-separated values."),
        click.option("--excel", is_flag=True,
                     help="CSV for Excel: UTF-8 with a byte order mark (implies --csv)."),
        click.option("--limit", type=click.IntRange(min=1), default=None,
                     help="At most this many rows."),
    ]):
        command = option(command)
    return command  # type: ignore[return-value]


@contextmanager
def failures() -> Iterator[None]:
    """Turn a TrackerError into a message on stderr and its exit code: 1, or 3 for a damaged
    warehouse (no traceback)."""
    try:
        yield
    except TrackerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


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


def emit(frame: pl.DataFrame, out: Output | bool, columns: list[str] | None = None) -> None:
    """Print a frame in the format asked for; a table shows only `columns` (the others every
    column). A bare bool is the older --json flag: JSON lines, else the table."""
    import polars as pl

    from tracker import formats

    if isinstance(out, bool):
        out = Output("nl" if out else "table")
    if out.limit is not None:
        frame = frame.head(out.limit)
    if out.format != "table":
        click.echo(formats.render(frame, out.format, excel=out.excel), nl=False)
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
