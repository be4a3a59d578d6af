"""Flags spelt one way on every command: dates and instants parsed by one type each (a bad one
is a usage error, exit 2, with one message), deprecated spellings kept as hidden aliases, the
period filter, and the stderr lines long work reports as it goes."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from tracker import clock
from tracker.frames import PERIOD_TYPES

F = TypeVar("F", bound=Callable[..., Any])


class DateType(click.ParamType):
    """A calendar date YYYY-MM-DD (Asia/Shanghai); anything else is a usage error."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return clock.calendar_date(str(value))
        except ValueError:
            self.fail(f"expected a date YYYY-MM-DD (2025-03-01), got {value!r}", param, ctx)


class InstantType(click.ParamType):
    """An instant in ISO 8601, or a date meaning the end of that day in Beijing."""

    name = "INSTANT"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            return clock.instant(str(value))
        except ValueError:
            self.fail(f"expected a date YYYY-MM-DD or an ISO 8601 instant "
                      f"(2025-03-01T10:00+08:00), got {value!r}", param, ctx)


DATE = DateType()
INSTANT = InstantType()


def renamed(new: str, old: str, **attrs: Any) -> Callable[[F], F]:
    """Accept `old` (a hidden, deprecated spelling) for the option `new`; put it below the
    command's other decorators.

    `new` and `old` are flags ("--source-id", "--source"); the command sees only `new`'s
    parameter (`attrs`, such as its type, apply to `old` too). Giving both with different
    values is a usage error.
    """
    dest = new.lstrip("-").replace("-", "_")
    alias = f"_deprecated_{old.lstrip('-').replace('-', '_')}"

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            given = kwargs.pop(alias)
            if given is not None:
                if kwargs.get(dest) not in (None, given):
                    raise click.UsageError(f"{old} is the old spelling of {new}: give one")
                click.echo(f"note: {old} is now spelt {new}", err=True)
                kwargs[dest] = given
            return func(*args, **kwargs)

        option = click.option(old, alias, default=None, hidden=True,
                              help=f"Deprecated spelling of {new}.", **attrs)
        return option(command)  # type: ignore[return-value]

    return decorate


def period_option(func: F) -> F:
    """--period year|ytd|quarter|month|stock (repeatable): only periods of those kinds."""
    return click.option(
        "--period", "period", type=click.Choice(PERIOD_TYPES), multiple=True,
        help="Only periods of this kind: year (full years), ytd (year to date), quarter, "
             "month, stock; repeat for several.")(func)


def quiet_option(func: F) -> F:
    """--quiet: no progress lines on stderr."""
    return click.option("--quiet", "-q", is_flag=True,
                        help="No progress lines on standard error.")(func)


def progress_lines(quiet: bool) -> Callable[[str], None]:
    """Where long work says each step: a line on stderr (a terminal or a log alike), unless
    `quiet`."""
    return (lambda _line: None) if quiet else (lambda line: click.echo(line, err=True))


class _Lines(logging.Handler):
    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        self.say(f"refresh: {record.getMessage()}")


@contextlib.contextmanager
def runner_lines(say: Callable[[str], None]) -> Iterator[None]:
    """The runner's line per source run (tracker.schedule logs it) passed to `say` meanwhile."""
    log = logging.getLogger("tracker.schedule")
    handler, level = _Lines(say), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
