"""`tracker export`: every observation with its provenance, in the format its file name says."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import tracker
from tracker.cli.app import failures, main, warehouse_option
from tracker.errors import InputError
from tracker.formats import FORMATS, SUFFIXES


@main.command()
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "format", type=click.Choice(FORMATS), default=None,
              help=f"Instead of the extension ({', '.join(SUFFIXES)}); `-` (stdout) means CSV "
                   "unless this says otherwise.")
@click.option("--excel", is_flag=True, help="CSV for Excel: UTF-8 with a byte order mark.")
@warehouse_option
def export(path: Path, format: str | None, excel: bool, warehouse: Path | None) -> None:
    """Write every observation with its provenance columns to PATH (`-`: standard output)."""
    with failures():
        wh = tracker.open(warehouse)
        if str(path) == "-":
            count = wh.export(sys.stdout.buffer, format=format, excel=excel)
        else:
            try:
                count = wh.export(path, format=format, excel=excel)
            except OSError as exc:  # a folder that is a file, no permission, a full disk
                raise InputError(str(path), "a file name in a folder that can be written",
                                 _why(path, exc), "Choose another path (nothing was exported)."
                                 ) from None
    # On stderr when the rows go to stdout, so that a pipe receives only the rows.
    click.echo(f"wrote {count} observations to {path}", err=str(path) == "-")


def _why(path: Path, exc: OSError) -> str:
    """What stood in the way, in words: a file where a folder should be, or the system's."""
    for folder in path.parents:
        if folder.exists():
            return (f"{folder} is a file, not a folder" if not folder.is_dir()
                    else f"{exc.strerror or exc} ({type(exc).__name__})")
    return str(exc)
