"""`tracker check`, `tracker backup` and `tracker rebuild --from-raw`: integrity and recovery.

`check` exits 0 when nothing is wrong and 3 when something is (each problem on a line); a
damaged database file is exit 3 with a message in every command.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import tracker
from tracker import recovery
from tracker.cli.app import failures, main, warehouse_option

EXIT_PROBLEMS = 3


@main.command()
@warehouse_option
def check(warehouse: Path | None) -> None:
    """Verify the warehouse: it opens, its schema is current, every release's raw payload
    exists with its SHA-256 and sidecar, no figure lacks its release, no identity is held
    twice, every run was closed."""
    with failures():
        found = recovery.check(tracker.open(warehouse).path)
    for problem in found.problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo(f"{found.releases} release(s), {found.payloads_checked} raw payload(s) checked: "
               + (f"{len(found.problems)} problem(s)" if found.problems else "no problems"))
    sys.exit(EXIT_PROBLEMS if found.problems else 0)


@main.command()
@click.argument("dest", type=click.Path(path_type=Path))
@warehouse_option
def backup(dest: Path, warehouse: Path | None) -> None:
    """Copy the warehouse consistently to DEST (a folder, or a .duckdb file name), with its raw
    payloads; readers let go for the copy and carry on after it."""
    with failures():
        target = recovery.backup(tracker.open(warehouse).path, dest)
    click.echo(f"backed up to {target}")


@main.command()
@click.option("--from-raw", "from_raw", is_flag=True, required=True,
              help="Rebuild from the raw payloads and their sidecars (the only way there is).")
@warehouse_option
def rebuild(from_raw: bool, warehouse: Path | None) -> None:
    """Make the warehouse anew from its raw store; the old file is kept beside it."""
    with failures():
        done = recovery.rebuild(tracker.open(warehouse).path)
    for skipped in done.skipped:
        click.echo(f"skipped: {skipped}", err=True)
    aside = f"; the old file is now {done.moved_aside}" if done.moved_aside else ""
    click.echo(f"rebuilt {done.releases} release(s), {done.added} figure(s) and "
               f"{done.decisions} later decision(s) from the raw store{aside}")
    sys.exit(EXIT_PROBLEMS if done.skipped else 0)
