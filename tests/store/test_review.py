"""Review (issue 9, item 5): doubtful figures held instead of appended, then accepted or rejected.

Real warehouse files, real `tracker` subprocesses. Thresholds come from the confidences the
engine gives the corpus bulletin, so the tests hold whatever the engine is unsure of.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import tracker
from tests.conftest import ROOT, run_cli
from tests.lake.server import raw_connection
from tracker.extract import decode
from tracker.sources.text import extract_file, read_release

BULLETIN = ROOT / "tests" / "corpus" / "bulletin_2024_10.txt"
META = ("--published", "2024-11-20", "--publisher", "广东省统计局",
        "--title", "2024年1—10月广东经济运行简况")
NOW = "2026-12-01T09:30:00+00:00"


def lines(out: str) -> list[dict[str, Any]]:
    """The JSON objects a command printed, one a line."""
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def threshold() -> float:
    """The bulletin's highest confidence: every figure less sure than that is held."""
    confidences = [f.confidence for f in extract_file(BULLETIN, "2024-11-20")]
    assert min(confidences) < max(confidences), "the engine gives every figure one confidence"
    return max(confidences)


def count(path: Path, table: str) -> int:
    """Rows of a warehouse table."""
    return int(tracker.open(path).sql(f"SELECT count(*) AS n FROM {table}")["n"][0])


@pytest.fixture
def reviewed(empty_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, Any]]:
    """The bulletin ingested with --review at its highest confidence: what the ingest said."""
    monkeypatch.setenv("TRACKER_NOW", NOW)
    done = run_cli("ingest", "text", BULLETIN, *META, "--review", "--threshold",
                   str(threshold()), "--json", warehouse=empty_path, check=True)
    return empty_path, json.loads(done.stdout)


def test_figures_under_the_threshold_are_held_and_the_rest_appended(
        reviewed: tuple[Path, dict[str, Any]]) -> None:
    path, result = reviewed
    figures = extract_file(BULLETIN, "2024-11-20")
    cut = threshold()
    unsure = [f for f in figures if f.confidence < cut]
    assert result["status"] == "added"
    assert result["added"] == len(figures) - len(unsure) and result["held"] == len(unsure) > 0
    assert count(path, "observations") == result["added"] and count(path, "releases") == 1

    listed = lines(run_cli("review", "--nl", warehouse=path, check=True).stdout)
    assert len(listed) == len(unsure)
    text = decode(BULLETIN.read_bytes()).text
    for row in listed:
        assert row["decision"] == "pending" and row["confidence"] < cut and row["rule"]
        assert row["release_id"] == result["release_id"] and row["publisher"] == "广东省统计局"
        assert text[row["quote_start"]:row["quote_end"]] == row["quote"]
        assert row["locator"] == f"chars {row['quote_start']}-{row['quote_end']}"
        held_at = dt.datetime.fromisoformat(row["held_at"])
        assert held_at == dt.datetime.fromisoformat(NOW)  # stamped by tracker.clock (pinned)
    assert {(r["indicator"], r["quote_start"]) for r in listed} == {
        (f.indicator, f.start) for f in unsure}
    same = lines(run_cli("review", "--release", result["release_id"], "--status", "pending",
                         "--nl", warehouse=path, check=True).stdout)
    assert same == listed
    assert run_cli("review", "--status", "accepted", warehouse=path,
                   check=True).stdout.strip() == "(no rows)"
    people = run_cli("review", warehouse=path, check=True).stdout
    assert all(r["held_id"] in people for r in listed)


def test_the_same_ingest_again_holds_nothing_twice(reviewed: tuple[Path, dict[str, Any]]) -> None:
    path, first = reviewed
    again = run_cli("ingest", "text", BULLETIN, *META, "--review", "--threshold",
                    str(threshold()), "--json", warehouse=path, check=True)
    assert json.loads(again.stdout)["status"] == "unchanged"
    assert json.loads(again.stdout)["held"] == 0
    assert count(path, "held_figures") == first["held"]


def test_accept_appends_the_figure_with_its_quote_once(
        reviewed: tuple[Path, dict[str, Any]]) -> None:
    path, result = reviewed
    held = lines(run_cli("review", "--nl", warehouse=path, check=True).stdout)
    first, second = held[0], held[1]
    before = count(path, "observations")

    done = lines(run_cli("review", "accept", first["held_id"], "--by", "alice", "--json",
                         warehouse=path, check=True).stdout)
    assert [(d["held_id"], d["outcome"], d["decided_by"]) for d in done] == [
        (first["held_id"], "added", "alice")]
    obs_id = done[0]["obs_id"]
    assert count(path, "observations") == before + 1

    source = json.loads(run_cli("provenance", obs_id, "--nl", warehouse=path,
                                check=True).stdout)
    assert source["quote"] == first["quote"] and source["locator"] == first["locator"]
    assert source["release_id"] == result["release_id"]
    assert source["value_as_published"] == first["value_as_published"]
    series = lines(run_cli("series", first["indicator"], "--region", first["region"],
                           "--measure", first["measure"], "--nl", warehouse=path,
                           check=True).stdout)
    assert obs_id in {row["obs_id"] for row in series}

    again = run_cli("review", "accept", first["held_id"], second["held_id"], warehouse=path,
                    check=True)
    assert f"{first['held_id']}: already accepted" in again.stdout
    assert f"observation {obs_id}); nothing added" in again.stdout
    assert f"{second['held_id']}: accepted, observation" in again.stdout
    assert count(path, "observations") == before + 2
    accepted = lines(run_cli("review", "--status", "accepted", "--nl", warehouse=path,
                             check=True).stdout)
    assert {r["held_id"] for r in accepted} == {first["held_id"], second["held_id"]}
    assert all(r["decided_at"] and r["obs_id"] for r in accepted)


def test_reject_records_the_reason_and_appends_nothing(
        reviewed: tuple[Path, dict[str, Any]]) -> None:
    path, _ = reviewed
    held = lines(run_cli("review", "--nl", warehouse=path, check=True).stdout)
    target, other = held[0]["held_id"], held[1]["held_id"]
    before = count(path, "observations")

    done = run_cli("review", "reject", target, "--reason", "the month, not the year to date",
                   "--by", "bob", warehouse=path, check=True)
    assert f"{target}: rejected (the month, not the year to date)" in done.stdout
    rejected = lines(run_cli("review", "--status", "rejected", "--nl", warehouse=path,
                             check=True).stdout)
    assert [(r["held_id"], r["reason"], r["decided_by"]) for r in rejected] == [
        (target, "the month, not the year to date", "bob")]
    assert rejected[0]["decided_at"] and rejected[0]["obs_id"] is None
    assert count(path, "observations") == before

    again = run_cli("review", "reject", target, "--reason", "still wrong", warehouse=path,
                    check=True)
    assert "already rejected" in again.stdout and "the month, not the year" in again.stdout

    # A decision is made once: accepting a rejected figure (with a good one) changes nothing.
    refused = run_cli("review", "accept", other, target, warehouse=path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"{target} rejected" in refused.stderr and "Nothing was changed" in refused.stderr
    assert count(path, "observations") == before
    run_cli("review", "accept", other, warehouse=path, check=True)
    undo = run_cli("review", "reject", other, "--reason", "second thoughts", warehouse=path)
    assert undo.returncode == 1 and "append-only" in undo.stderr


def test_bad_ids_and_options_fail_clearly(reviewed: tuple[Path, dict[str, Any]]) -> None:
    path, _ = reviewed
    good = lines(run_cli("review", "--nl", warehouse=path, check=True).stdout)[0]["held_id"]
    for ids in (["H123"], ["nonsense", good], ["Hffffffffff0"]):
        result = run_cli("review", "accept", *ids, warehouse=path)
        assert result.returncode == 1, result.stdout
        message = result.stderr
        assert "Traceback" not in message
        assert "expected ids of held figures as `tracker review` lists them" in message
        assert f"got unknown id(s) {ids[0]!r}" in message
        assert "tracker review --status pending" in message and "Nothing was changed" in message
    assert "an id is H and 11 hex digits" in run_cli("review", "reject", "H123", "--reason",
                                                     "x", warehouse=path).stderr
    assert lines(run_cli("review", "--status", "pending", "--nl", warehouse=path,
                         check=True).stdout)[0]["held_id"] == good  # still pending

    empty_reason = run_cli("review", "reject", good, "--reason", " ", warehouse=path)
    assert empty_reason.returncode == 1 and "a reason (--reason TEXT)" in empty_reason.stderr
    no_reason = run_cli("review", "reject", good, warehouse=path)
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    unknown_release = run_cli("review", "--release", "Rnope", warehouse=path)
    assert unknown_release.returncode == 1 and "no release with id 'Rnope'" in \
        unknown_release.stderr
    bad_status = run_cli("review", "--status", "maybe", warehouse=path)
    assert bad_status.returncode == 2 and "pending" in bad_status.stderr
    misplaced = run_cli("review", "--status", "pending", "accept", good, warehouse=path)
    assert misplaced.returncode == 2 and "for `accept`" in misplaced.stderr
    for bad in ("1.5", "-0.1"):
        result = run_cli("ingest", "text", BULLETIN, *META, "--review", "--threshold", bad,
                         warehouse=path)
        assert result.returncode == 2 and "threshold" in result.stderr.lower()
    alone = run_cli("ingest", "text", BULLETIN, *META, "--threshold", "0.5", warehouse=path)
    assert alone.returncode == 2 and "--review" in alone.stderr
    for result in (empty_reason, unknown_release, alone):
        assert "Traceback" not in result.stderr


def _frame(confidence: float) -> tuple[Any, pl.DataFrame, bytes]:
    """The bulletin's release description, its figures at one confidence, and its bytes."""
    meta, figures, frame, raw = read_release(BULLETIN, dt.date(2024, 11, 20), "广东省统计局",
                                             "2024年1—10月广东经济运行简况", None, "A", "440000")
    scored = frame.with_columns(value=pl.Series([f.value for f in figures]),
                                unit=pl.Series([f.unit for f in figures]),
                                rule=pl.Series([f.rule for f in figures]),
                                confidence=pl.lit(confidence))
    return meta, scored, raw


def test_a_release_whose_figures_are_all_held_is_still_recorded(empty_path: Path) -> None:
    meta, frame, raw = _frame(0.1)
    with tracker.open(empty_path, read_only=False) as wh:
        done = wh.append_reviewed(meta, frame, raw, 0.5)
        assert (done.result.status, done.result.added, done.held) == ("added", 0, frame.height)
        release = wh.releases().row(0, named=True)
        assert release["release_id"] == done.result.release_id and release["observations"] == 0
        assert wh.raw_payload(release["raw_path"]) == raw
        assert json.loads(release["extra"])["review_threshold"] == 0.5

        # A crash between the append and the hold leaves the release with nothing held: the
        # same ingest again holds what was missing, by the threshold the release records.
        wh.close()
        with raw_connection(empty_path) as con:
            con.execute("DELETE FROM held_figures")
        assert wh.append_reviewed(meta, frame, raw, 0.9).held == frame.height
        assert wh.append_reviewed(meta, frame, raw, 0.9).held == 0
        assert set(wh.held()["confidence"]) == {0.1}


def test_a_release_ingested_without_review_is_not_held_afterwards(empty_path: Path) -> None:
    run_cli("ingest", "text", BULLETIN, *META, warehouse=empty_path, check=True)
    again = run_cli("ingest", "text", BULLETIN, *META, "--review", "--threshold", "1",
                    "--json", warehouse=empty_path, check=True)
    assert json.loads(again.stdout)["held"] == 0 and count(empty_path, "held_figures") == 0


def test_a_dry_run_says_what_would_be_held(empty_path: Path) -> None:
    cut = threshold()
    unsure = sum(f.confidence < cut for f in extract_file(BULLETIN, "2024-11-20"))
    dry = run_cli("ingest", "text", BULLETIN, *META, "--review", "--threshold", str(cut),
                  "--dry-run", warehouse=empty_path, check=True)
    assert f"{unsure} held for review (confidence under {cut:g})" in dry.stdout
    assert count(empty_path, "releases") == 0
