"""`tracker review`: the figures `ingest text --review` held, and the decisions on them."""

from __future__ import annotations

import dataclasses
import getpass
import json
from pathlib import Path

import click

import tracker
from tracker import clock
from tracker.cli.app import (
    Output,
    emit,
    failures,
    json_option,
    main,
    output_options,
    warehouse_option,
)
from tracker.store.review import DECISIONS, Decision

VIEW = ["held_id", "decision", "confidence", "rule", "indicator", "region", "measure",
        "period_start", "period_end", "value_as_published", "unit_as_published", "quote",
        "release_id", "obs_id", "reason"]


@main.group(invoke_without_command=True)
@click.option("--release", default=None, help="Only the figures held from this release.")
@click.option("--status", type=click.Choice(DECISIONS), default=None,
              help="Only pending, accepted or rejected figures (default: all).")
@warehouse_option
@output_options
@click.pass_context
def review(ctx: click.Context, release: str | None, status: str | None,
           warehouse: Path | None, out: Output) -> None:
    """List the figures held for review; `accept` or `reject` them by id."""
    if ctx.invoked_subcommand is not None:
        if release or status or out != Output():
            raise click.UsageError(
                "--release, --status and the output flags belong to the listing; for "
                f"`{ctx.invoked_subcommand}`, give its own options after it "
                f"(`tracker review {ctx.invoked_subcommand} --help`)")
        ctx.obj = warehouse  # `tracker review -w PATH accept ID` means that warehouse
        return
    with failures():
        emit(tracker.open(warehouse).held(release=release, status=status), out, VIEW)


def _reviewer(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except OSError:
        raise click.UsageError("no login name to record as the reviewer; pass --by NAME") \
            from None


def _echo(decisions: list[Decision], as_json: bool) -> None:
    """One line per figure: what the decision did (or that it had been made before)."""
    for d in decisions:
        if as_json:
            row = {**dataclasses.asdict(d), "decided_at": d.decided_at.isoformat()}
            click.echo(json.dumps(row, ensure_ascii=False))
            continue
        when = clock.shown(d.decided_at).isoformat(timespec="minutes")
        click.echo({
            "added": f"{d.held_id}: accepted, observation {d.obs_id} of release {d.release_id} "
                     f"(`tracker provenance {d.obs_id}`)",
            "unchanged": f"{d.held_id}: accepted; release {d.release_id} already states it, "
                         "nothing added",
            "already_accepted": f"{d.held_id}: already accepted at {when} by {d.decided_by} "
                                f"(observation {d.obs_id}); nothing added",
            "rejected": f"{d.held_id}: rejected ({d.reason})",
            "already_rejected": f"{d.held_id}: already rejected at {when} by {d.decided_by} "
                                f"({d.reason}); nothing changed",
        }[d.outcome])


@review.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--by", default=None, help="Who decides (default: your login name).")
@warehouse_option
@json_option
@click.pass_obj
def accept(parent_warehouse: Path | None, ids: tuple[str, ...], by: str | None,
           warehouse: Path | None, as_json: bool) -> None:
    """Append held figures to their releases with their quotes, each once, in one go."""
    with failures():
        done = tracker.open(warehouse or parent_warehouse, read_only=False).accept(
            ids, _reviewer(by))
    _echo(done, as_json)


@review.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--reason", required=True, help="What is wrong with the figures.")
@click.option("--by", default=None, help="Who decides (default: your login name).")
@warehouse_option
@json_option
@click.pass_obj
def reject(parent_warehouse: Path | None, ids: tuple[str, ...], reason: str, by: str | None,
           warehouse: Path | None, as_json: bool) -> None:
    """Record held figures as rejected, with the reason; nothing is appended."""
    with failures():
        done = tracker.open(warehouse or parent_warehouse, read_only=False).reject(
            ids, reason, _reviewer(by))
    _echo(done, as_json)
