"""Exit codes of the commands that ingest (`ingest table`, `ingest text`, `refresh`), for cron.

0    everything appended, or already held
1    refused: a bad option, source declaration, file or release description, or (with
     --strict) a bad row; the message says what to fix and nothing was appended
2    a usage error caught by the command line parser (an unknown option, a missing argument)
3    failed: a source could not be fetched or read, the warehouse file is damaged, or
     something unexpected broke; the run is in `tracker runs` as failed (or partial, when
     releases before the fault went in)
4    done, but some rows were quarantined (`tracker quarantine --run-id RUN` lists them)
75   the warehouse stayed locked by another process (EX_TEMPFAIL): retry later
130  interrupted (Ctrl-C); the run is recorded as failed
143  stopped by SIGTERM (a job runner's timeout); the run is recorded as failed
"""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

import click

from tracker.errors import TrackerError, WarehouseBusyError
from tracker.sources.context import describe

EXIT_OK = 0
EXIT_FAILED = 3
EXIT_QUARANTINED = 4
EXIT_BUSY = 75
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


def _terminate(signum: int, _frame: FrameType | None) -> None:
    # SIGTERM would end the process where it stands and leave its run `running`; raised as
    # an interruption it unwinds through the run context (and any open transaction) instead.
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextmanager
def ingesting() -> Iterator[None]:
    """Turn what an ingest raised into its message on stderr and its exit code."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    except WarehouseBusyError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BUSY)
    except TrackerError as exc:  # refused (1), or a damaged warehouse (3)
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        click.echo(f"interrupted{f' by {exc}' if str(exc) else ''}: the run is recorded as "
                   "failed (see `tracker runs`)", err=True)
        sys.exit(EXIT_TERMINATED if str(exc) == "SIGTERM" else EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: say so, keep the traceback, and tell cron it failed
        click.echo("".join(traceback.format_exception(exc)), err=True)
        click.echo(f"error: {describe(exc)}. The run is recorded as failed "
                   "(see `tracker runs`).", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        signal.signal(signal.SIGTERM, previous)


def finish(failed: bool, quarantined: int, run_ids: list[str]) -> NoReturn:
    """Exit 3 if anything failed, else 4 if rows were quarantined (saying where), else 0."""
    if not failed and quarantined:
        runs = ", ".join(run_ids)
        click.echo(f"{quarantined} row(s) quarantined: `tracker quarantine --run-id RUN` lists "
                   f"them (run {runs})", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_QUARANTINED if quarantined else EXIT_OK)
