"""Catalog commands: indicators, regions, clusters, and search by any name people type."""

from __future__ import annotations

from pathlib import Path

import tracker
from tracker.cli.app import Output, emit, failures, main, output_options, warehouse_option


@main.command()
@warehouse_option
@output_options
def indicators(warehouse: Path | None, out: Output) -> None:
    """The indicator catalog."""
    with failures():
        emit(tracker.open(warehouse).indicators(), out)
