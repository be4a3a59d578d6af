"""`tracker serve`: the warehouse in a web browser, read-only (see tracker/serve/)."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.app import main, warehouse_option
from tracker.paths import locate


@main.command()
@warehouse_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets others on the network read.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port.")
@click.option("--time-limit", "time_limit", default=20.0, show_default=True,
              type=click.FloatRange(min=0, min_open=True),
              help="Seconds a page may take before it is answered 503.")
def serve(warehouse: Path | None, host: str, port: int, time_limit: float) -> None:
    """Browse the warehouse read-only in a web browser: progress, indicators, every figure's
    source document, with JSON and CSV of every page."""
    # Imported here: the web stack costs every other command a tenth of a second.
    import uvicorn

    from tracker.serve.app import create_app

    where = locate(warehouse)  # a file or a DuckLake
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the "
                   "warehouse", err=True)
    if where.file is not None and not where.file.exists():
        click.echo(f"note: no warehouse at {where.name} yet; the pages say how to build it",
                   err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"tracker serve: http://{shown}:{port}/ (read-only, {where.name}); Ctrl-C stops")
    app = create_app(warehouse, host=host, time_limit=time_limit)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                timeout_keep_alive=5, limit_concurrency=64, timeout_graceful_shutdown=3)
