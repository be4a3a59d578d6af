"""Phrase -> figures, one phrase a group of rows in phrases.csv: anyone can add a phrasing.

Each row of `phrases.csv` is one figure the phrase states (indicator, the figure's region,
measure, period `start..end`, value in the base unit, qualifier, status); a phrase that states
no catalog figure has one row with an empty indicator. The phrase is read as a whole release
published on `published` by `region`; `\\n` in a phrase is a line break. The engine must find
exactly the figures listed, no more and no fewer.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from tracker.extract import extract_figures

PHRASES = Path(__file__).with_name("phrases.csv")
Key = tuple[str, str, str, str]  # phenomenon, phrase, published, region
Row = tuple[str, str, str, str, float, str, str]


def _cases() -> dict[Key, set[Row]]:
    cases: dict[Key, set[Row]] = defaultdict(set)
    with PHRASES.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            key = (r["phenomenon"], r["phrase"].replace("\\n", "\n"), r["published"],
                   r["region"])
            cases[key]  # a phrase with no figure still gets its (empty) case
            if r["indicator"]:
                cases[key].add((r["indicator"], r["figure_region"], r["measure"], r["period"],
                                round(float(r["value"]), 6), r["qualifier"], r["status"]))
    return cases


CASES = _cases()


def test_every_phenomenon_of_issue_9_has_phrases() -> None:
    phenomena = {key[0] for key in CASES}
    assert phenomena >= {"ocr_breaks", "unknown_list_items", "cities_listed", "pairs_joined",
                         "from_to", "ranks_words", "shares_words", "multiples", "asides",
                         "verbs", "subjects_written", "enterprise_counts", "period_carry",
                         "pipe_tables", "cell_lines", "html_tables"}


@pytest.mark.parametrize("key", list(CASES), ids=[f"{k[0]}-{i}" for i, k in enumerate(CASES)])
def test_phrase(key: Key) -> None:
    _, phrase, published, region = key
    data = phrase.encode()
    figures = extract_figures(data, dt.date.fromisoformat(published), region)
    found = {(f.indicator, f.region, f.measure,
              f"{f.period_start.isoformat()}..{f.period_end.isoformat()}", round(f.value, 6),
              f.qualifier, f.status) for f in figures}
    assert found == CASES[key]
    assert len(found) == len(figures)  # each figure once
