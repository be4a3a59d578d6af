"""One clock: nothing in the package reads the wall clock except tracker/clock.py.

A lint as a test (after dlt, which keeps all date handling in one module): a direct call
elsewhere would date things by the machine's zone and escape `TRACKER_NOW`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker import clock

PACKAGE = Path(clock.__file__).parent
DIRECT = re.compile(r"\b(?:datetime\.now|date\.today|datetime\.today|datetime\.utcnow|"
                    r"time\.time|time\.localtime|fromtimestamp)\(")


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path.name != "clock.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if DIRECT.search(line)]
    assert offenders == [], "use tracker.clock instead:\n" + "\n".join(offenders)


def test_a_pinned_now_is_utc_aware_and_its_date_is_beijings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2025-03-01T07:30:00+08:00")
    assert clock.now() == dt.datetime(2025, 2, 28, 23, 30, tzinfo=dt.UTC)
    assert clock.today() == dt.date(2025, 3, 1)


@pytest.mark.parametrize(("given", "expected"), [
    ("2025-03-01", dt.date(2025, 3, 1)),
    (dt.datetime(2025, 3, 1, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
     dt.date(2025, 3, 1)),
    (dt.datetime(2025, 2, 28, 23, 0, tzinfo=dt.UTC), dt.date(2025, 3, 1)),
    ("2025-03-01T07:00:00+08:00", dt.date(2025, 3, 1)),
])
def test_an_as_of_instant_is_read_as_its_date_in_beijing(given: object,
                                                         expected: dt.date) -> None:
    assert clock.calendar_date(given) == expected  # type: ignore[arg-type]


def test_a_bare_known_at_date_means_the_end_of_that_day_in_beijing() -> None:
    end = clock.instant("2025-03-01")
    assert end.tzinfo is not None
    assert end.astimezone(clock.SHANGHAI).date() == dt.date(2025, 3, 1)
    assert end.astimezone(clock.SHANGHAI).time() == dt.time.max
    assert clock.instant("2025-03-01T10:00") == dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC)
