"""`known_at=` on a DuckLake reads the lake's own snapshots (tracker/store/travel.py): what the
lake held at an instant is what it had committed by then, whatever a row's `ingested_at` says,
and `tracker snapshots` lists the snapshot that answers."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

import tracker
from tests.conftest import run_cli
from tests.lake.server import Lake
from tracker import clock
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse


def append(wh: Warehouse, title: str, published: dt.date, value: float) -> str:
    """One release of Guangdong's 2024 GDP; its id."""
    meta = ReleaseMeta(publisher="广东省统计局", title=title, grade="A", date_published=published,
                       ingester="test", source_id="travel")
    row = {"indicator": "gdp", "region": "440000", "measure": "level",
           "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
           "value_as_published": value, "unit_as_published": "亿元"}
    return wh.append_release(meta, pl.DataFrame([row]), title.encode()).release_id


def test_known_at_before_a_releases_commit_does_not_see_it_though_its_ingested_at_is_earlier(
        lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    with tracker.open(lake.uri, read_only=False, data_path=lake.data) as wh:
        first = append(wh, "初步核算", dt.date(2025, 1, 20), 141_000.0)
        between = clock.now()
        # The second release says it was ingested an hour before `between` (a pinned clock):
        # the rows' times would count it as held then; the lake committed it only after.
        monkeypatch.setenv("TRACKER_NOW", (between - dt.timedelta(hours=1)).isoformat())
        second = append(wh, "最终核实", dt.date(2025, 1, 25), 141_600.0)
        monkeypatch.delenv("TRACKER_NOW")
        ingested = dict(wh.releases("travel").select("release_id", "ingested_at").iter_rows())
        assert clock.from_stored(ingested[second]) < between

        assert wh.series("gdp")["release_id"].to_list() == [second]
        assert wh.series("gdp", known_at=between)["release_id"].to_list() == [first]
        assert wh.vintages("gdp", known_at=between)["release_id"].to_list() == [first]
        assert wh.first_release("gdp", known_at=between)["release_id"].to_list() == [first]
        assert wh.revisions("gdp", known_at=between).height == 0
        assert wh.revisions("gdp").height == 1
        # The connection reads the lake itself again after a read of the past.
        assert wh.series("gdp")["release_id"].to_list() == [second]

        listed = run_cli("snapshots", "-w", lake.uri, "--nl", check=True)
        rows = [json.loads(line) for line in listed.stdout.splitlines()]
        answering = max((r for r in rows if dt.datetime.fromisoformat(r["snapshot_time"])
                         <= between), key=lambda r: r["snapshot_id"])
        held = wh.sql(f"SELECT release_id FROM releases AT (VERSION => "
                      f"{answering['snapshot_id']}) WHERE source_id = 'travel'")
        assert held["release_id"].to_list() == [first]  # that snapshot is the answer's
        assert any(r["snapshot_id"] > answering["snapshot_id"] for r in rows)
        # A later commit: the past read again (from the attachment kept for it) is unchanged.
        third = append(wh, "修订", dt.date(2025, 2, 10), 141_700.0)
        assert wh.series("gdp", known_at=between)["release_id"].to_list() == [first]
        assert wh.series("gdp")["release_id"].to_list() == [third]


def test_known_at_before_the_lake_existed_answers_from_row_times_on_the_oldest_snapshot(
        lake: Lake) -> None:
    with tracker.open(lake.uri, read_only=False, data_path=lake.data) as wh:
        append(wh, "初步核算", dt.date(2025, 1, 20), 141_000.0)
        assert wh.series("gdp", known_at="2024-01-01").height == 0
        assert wh.conflicts(known_at="2024-01-01").height == 0
        assert wh.series("gdp", known_at=clock.now()).height == 1
