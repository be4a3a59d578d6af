"""`tracker extract --explain`: each figure's rule, confidence and why, in a real subprocess."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.explain import period_words
from tracker.extract import decode

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BULLETIN = CORPUS / "bulletin_2024_10.txt"
Cli = Callable[..., subprocess.CompletedProcess[str]]
D = dt.date


@pytest.mark.parametrize(("start", "end", "words"), [
    (D(2024, 1, 1), D(2024, 12, 31), "2024"),
    (D(2024, 1, 1), D(2024, 10, 31), "January–October 2024, year to date"),
    (D(2024, 7, 1), D(2024, 9, 30), "Q3 2024"),
    (D(2024, 10, 1), D(2024, 10, 31), "October 2024"),
    (D(2024, 10, 31), D(2024, 10, 31), "at 31 October 2024"),
    (D(2021, 1, 1), D(2025, 12, 31), "2021–2025, 5 years"),
    (D(2024, 3, 1), D(2024, 8, 31), "March–August 2024"),
    (D(2023, 11, 1), D(2024, 2, 29), "November 2023 – February 2024"),
    (D(2024, 3, 5), D(2024, 8, 31), "2024-03-05 to 2024-08-31"),
])
def test_periods_read_as_people_say_them(start: dt.date, end: dt.date, words: str) -> None:
    assert period_words(start, end) == words


def test_explain_json_gives_rule_confidence_and_why(cli: Cli) -> None:
    plain = cli("extract", BULLETIN, "--published", "2024-11-20", "--json", check=True)
    result = cli("extract", BULLETIN, "--published", "2024-11-20", "--json", "--explain",
                 check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # --explain adds the reasons and changes nothing of the figures themselves.
    assert [{k: v for k, v in r.items() if k != "why"} for r in rows] == [
        json.loads(line) for line in plain.stdout.splitlines()]
    text = decode(BULLETIN.read_bytes()).text
    assert rows
    for row in rows:
        why = row["why"]
        assert row["rule"] and why["rule"] == row["rule"]
        assert 0.0 <= row["confidence"] <= 1.0
        assert why["confidence"] == f"{row['confidence']:.2f}"
        assert why["region"] == {"440000": "广东省 Guangdong (440000)",
                                 "100000": "全国 China (100000)"}[row["region"]]
        assert f"({row['period_start']}..{row['period_end']})" in why["period"]
        assert text[row["start"]:row["end"]].replace("\n", "↵") in why["quote"]
        assert f"at chars {row['start']}-{row['end']}" in why["quote"]
    ytd = [r for r in rows if r["indicator"] == "industrial_value_added"
           and r["measure"] == "yoy_pct"]
    assert ytd[0]["why"]["period"].startswith("January–October 2024, year to date")
    assert ytd[0]["why"]["value"] == "4.1%"


def test_explain_for_people_shows_each_figure_with_its_reasons(cli: Cli) -> None:
    result = cli("extract", BULLETIN, "--published", "2024-11-20", "--explain", check=True)
    rows = [json.loads(line) for line in cli(
        "extract", BULLETIN, "--published", "2024-11-20", "--json", check=True).stdout.splitlines()]
    out = result.stdout
    assert out.count("rule ") == len(rows) and out.count("region ") == len(rows)
    for row in rows:
        assert f"rule {row['rule']}, confidence {row['confidence']:.2f}" in out
    assert "广东省 Guangdong (440000)" in out
    assert "January–October 2024, year to date (2024-01-01..2024-10-31)" in out
    assert "“全省规模以上工业增加值同比增长4.1%”" in out
    assert "Traceback" not in result.stderr


def test_explain_of_a_bad_file_fails_clearly(cli: Cli, tmp_path: Path) -> None:
    result = cli("extract", tmp_path / "missing.txt", "--published", "2024-11-20", "--explain")
    assert result.returncode == 1
    assert "no such file" in result.stderr and "Traceback" not in result.stderr
