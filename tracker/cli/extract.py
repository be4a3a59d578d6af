"""`tracker extract FILE` and `tracker ingest text FILE`: figures out of a text release."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import polars as pl
from click.core import ParameterSource

import tracker
from tracker.cli.app import (
    echo_result,
    emit,
    failures,
    ingest,
    json_option,
    main,
    warehouse_option,
)
from tracker.cli.exits import finish, ingesting
from tracker.cli.flags import DATE
from tracker.explain import explain as reasons
from tracker.extract import Figure
from tracker.sources.text import extract_file, ingest_text

VIEW = ["indicator", "region", "cluster", "measure", "period_start", "period_end",
        "value_as_published", "unit_as_published", "qualifier", "status", "start", "end",
        "quote"]


def _frame(figures: list[Figure]) -> pl.DataFrame:
    rows = [f.as_json() for f in figures]
    return pl.DataFrame(rows) if rows else pl.DataFrame(schema={c: pl.Utf8 for c in VIEW})


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--published", type=DATE, required=True,
              help="Publication date YYYY-MM-DD (resolves 去年).")
@click.option("--region", default="440000", show_default=True,
              help="The release's own region (what 全省/全市 mean).")
@click.option("--explain", is_flag=True,
              help="Show each figure's rule, confidence and why: quote, period, region.")
@json_option
def extract(file: Path, published: dt.date, region: str, explain: bool, as_json: bool) -> None:
    """Print the catalog figures a text or HTML release states, with quotes and offsets."""
    with failures():
        figures = extract_file(file, published=published, region=region)
    if explain:
        _explain(figures, as_json)
        return
    emit(_frame(figures), as_json, VIEW)


def _explain(figures: list[Figure], as_json: bool) -> None:
    """Each figure with its reasons: a JSON line with `why`, or a short block for a person."""
    for n, figure in enumerate(figures, 1):
        why = reasons(figure)
        if as_json:
            click.echo(json.dumps({**figure.as_json(), "why": why}, ensure_ascii=False))
            continue
        click.echo(f"{n}. {why['series']}: {why['value']}\n"
                   f"   rule {why['rule']}, confidence {why['confidence']}\n"
                   f"   region {why['region']}\n"
                   f"   period {why['period']}\n"
                   f"   quote  {why['quote']}")
    if not figures and not as_json:
        click.echo("(no figures)")


@ingest.command("text")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--published", type=DATE, required=True, help="Publication date YYYY-MM-DD.")
@click.option("--publisher", required=True, help="Who published the release.")
@click.option("--title", required=True, help="The release's title.")
@click.option("--url", default=None, help="Where the release was read.")
@click.option("--grade", type=click.Choice(["A", "B", "C"]), default="A", show_default=True,
              help="A official or major outlet, B repost, C weak copy.")
@click.option("--region", default="440000", show_default=True, help="The release's region.")
@click.option("--dry-run", is_flag=True, help="Show what would be appended; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse the release if any figure is bad.")
@click.option("--review", is_flag=True,
              help="Hold figures less sure than --threshold for `tracker review`.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="With --review: the confidence a figure needs to be appended at once.")
@warehouse_option
@json_option
@click.pass_context
def ingest_text_command(ctx: click.Context, file: Path, published: dt.date, publisher: str,
                        title: str, url: str | None, grade: str, region: str, dry_run: bool,
                        strict: bool, review: bool, threshold: float, warehouse: Path | None,
                        as_json: bool) -> None:
    """Append the figures of a text release as one release (raw bytes kept, quotes located)."""
    if not review and ctx.get_parameter_source("threshold") is ParameterSource.COMMANDLINE:
        raise click.UsageError("--threshold only applies with --review (which holds the "
                               "figures under it for `tracker review`)")
    with ingesting():
        done = ingest_text(None if dry_run else tracker.open(warehouse, read_only=False), file,
                           published=published, publisher=publisher, title=title, url=url,
                           grade=grade, region=region, dry_run=dry_run, strict=strict,
                           review=threshold if review else None)
    if done.result is None:
        emit(_frame(done.figures), as_json, VIEW)
        if as_json:
            return
        if done.held is None:
            click.echo(f"dry run: {len(done.figures)} figure(s) would be appended; "
                       "nothing written")
        else:
            click.echo(f"dry run: {len(done.figures)} figure(s) found; "
                       f"{len(done.figures) - done.held} would be appended and {done.held} held "
                       f"for review (confidence under {threshold:g}); nothing written")
        return
    echo_result(done.result, as_json, held=done.held)
    if done.held and not as_json:
        click.echo(f"review them: tracker review --release {done.result.release_id} "
                   "--status pending")
    finish(False, done.result.quarantined, [str(done.run_id)])
