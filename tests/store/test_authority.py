"""Official figures first, whatever arrives later; withdrawals, corrections and `--known-at`.

Release folders written to disk and ingested through the `tracker` command in real
subprocesses, on real DuckDB files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import polars as pl

from tests.conftest import run_cli
from tests.store.test_bad_input import write_release
from tracker.warehouse import Warehouse

NEV_2025 = "nev_output,440000,level,2025-01-01,2025-12-31,{value},万辆,新能源汽车产量{value}万辆"


def nev_release(folder: Path, value: float, **fields: Any) -> Path:
    """A release folder with the 2025 NEV output figure at `value` 万辆."""
    return write_release(folder, [NEV_2025.format(value=value)], **fields)


def rows(result: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def nev_2025(wh_path: Path, *args: str) -> dict[str, Any] | None:
    out = rows(run_cli("series", "nev_output", "--nl", *args, warehouse=wh_path, check=True))
    found = [r for r in out if (r["period_start"], r["period_end"]) == ("2025-01-01", "2025-12-31")]
    return found[0] if found else None


def test_a_later_repost_of_another_value_never_replaces_the_bureaus_figure(
        seeded_path: Path, tmp_path: Path) -> None:
    bulletin = nev_release(tmp_path / "bulletin", 380.5, publisher="广东省统计局",
                           title="2025年广东省国民经济和社会发展统计公报", grade="A",
                           date_published=dt.date(2026, 3, 28))
    repost = nev_release(tmp_path / "repost", 420.0, publisher="某财经自媒体",
                         title="网传广东新能源车产量", grade="C",
                         date_published=dt.date(2026, 4, 2))
    run_cli("ingest", "table", bulletin, "--source-id", "bureau", warehouse=seeded_path,
            check=True)
    run_cli("ingest", "table", repost, "--source-id", "wechat", warehouse=seeded_path,
            check=True)
    answer = nev_2025(seeded_path)
    assert answer is not None
    assert (answer["value_as_published"], answer["publisher"]) == (380.5, "广东省统计局")
    assert (answer["source_rank"], answer["source_tier"]) == (1, "statistics")
    own = nev_2025(seeded_path, "--publisher", "某财经自媒体")
    assert own is not None and own["value_as_published"] == 420.0
    conflicts = [r for r in rows(run_cli("conflicts", "nev_output", "--nl",
                                         warehouse=seeded_path, check=True))
                 if r["period_end"] == "2025-12-31" and r["measure"] == "level"]
    assert [(c["publisher_a"], c["publisher_b"]) for c in conflicts] == [
        ("广东省统计局", "某财经自媒体")]
    progress = rows(run_cli("progress", "--nl", warehouse=seeded_path, check=True))
    nev = [p for p in progress if p["indicator"] == "nev_output" and p["measure"] == "level"
           and p["latest_year"] == 2025]
    assert nev and all(p["latest_publisher"] == "广东省统计局" for p in nev)
    assert all(p["latest_value_as_published"] == 380.5 for p in nev)


def test_rankings_loaded_into_a_warehouse_reorder_its_answers(seeded_path: Path,
                                                              tmp_path: Path) -> None:
    run_cli("ingest", "table", nev_release(tmp_path / "a", 380.5, publisher="广东省统计局",
                                           title="统计公报", date_published=dt.date(2026, 3, 28)),
            "--source-id", "bureau", warehouse=seeded_path, check=True)
    run_cli("ingest", "table", nev_release(tmp_path / "b", 401.0, publisher="新华社",
                                           title="报道", date_published=dt.date(2026, 3, 30)),
            "--source-id", "wire", warehouse=seeded_path, check=True)
    assert nev_2025(seeded_path)["publisher"] == "广东省统计局"  # type: ignore[index]
    rules = tmp_path / "rankings.toml"
    rules.write_text('default_rank = 5\n[grade_floor]\nA = 1\n'
                     '[[tier]]\nrank = 1\nname = "wire"\npublisher = "新华社"\n',
                     encoding="utf-8")
    loaded = run_cli("rankings", "--load", rules, warehouse=seeded_path, check=True)
    assert "re-ranked" in loaded.stdout and "wire" in loaded.stdout
    assert nev_2025(seeded_path)["publisher"] == "新华社"  # type: ignore[index]
    run_cli("rankings", "--reset", warehouse=seeded_path, check=True)
    assert nev_2025(seeded_path)["publisher"] == "广东省统计局"  # type: ignore[index]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[tier]]\nrank = 1\nname = "x"\npublisher = "("\n', encoding="utf-8")
    refused = run_cli("rankings", "--load", bad, warehouse=seeded_path)
    assert refused.returncode == 1 and "regular expression" in refused.stderr
    assert "Traceback" not in refused.stderr


def six_releases(root: Path) -> list[Path]:
    """One publisher's releases of one figure: an estimate, a restatement, a same-day pair, a
    revision, a qualifier-only change, and a backfill dated between them."""
    specs = [("2026-01-20", "预计", 360.0, "about", "E"),
             ("2026-02-10", "快报", 360.0, "about", "E"),
             ("2026-03-01", "快报更正", 372.0, "exact", "P"),
             ("2026-03-01", "快报", 371.0, "exact", "A"),
             ("2026-03-28", "公报", 372.0, "exact", "A"),
             ("2026-02-20", "补录", 360.0, "over", "P")]
    folders = []
    for i, (day, title, value, qualifier, status) in enumerate(specs):
        folder = root / f"r{i}"
        write_release(folder, None, publisher="广东省统计局", title=title,
                      date_published=dt.date.fromisoformat(day))
        (folder / "figures.csv").write_text(
            "indicator,region,measure,period_start,period_end,value_as_published,"
            "unit_as_published,qualifier,status\n"
            f"nev_output,440000,level,2025-01-01,2025-12-31,{value},万辆,{qualifier},{status}\n",
            encoding="utf-8")
        folders.append(folder)
    return folders


def test_any_ingest_order_through_the_cli_gives_the_same_answer_on_every_day(
        empty_path: Path, tmp_path: Path) -> None:
    folders = six_releases(tmp_path / "releases")
    rng = random.Random(8)
    orders = [folders, folders[::-1], *(rng.sample(folders, len(folders)) for _ in range(2))]
    days = [dt.date(2026, 1, 19) + dt.timedelta(days=n) for n in range(0, 72, 3)]
    seen = []
    for n, order in enumerate(orders):
        path = tmp_path / f"wh{n}" / "tracker.duckdb"
        run_cli("ingest", "table", *order, "--source-id", "bureau", warehouse=path, check=True)
        with Warehouse(path) as wh:
            answers = [wh.series("nev_output", as_of=d).select(
                "value", "qualifier", "status", "release_id").rows() for d in days]
            revisions = wh.revisions("nev_output").select(
                "changed_on", "previous_value", "value", "changed").rows()
        cli = nev_2025(path, "--as-of", "2026-03-01")
        seen.append((answers, revisions, cli and cli["value_as_published"]))
    assert all(s == seen[0] for s in seen)
    answers, revisions, on_march_first = seen[0]
    assert on_march_first == 371.0  # same day: status A beats P, whatever came first
    # the restatement of 10 February changes nothing; the backfill only qualifier and status
    assert [(r[0], r[3]) for r in revisions] == [
        (dt.date(2026, 2, 20), "qualifier,status"), (dt.date(2026, 3, 1), "value,qualifier,status"),
        (dt.date(2026, 3, 28), "value")]
    assert revisions[-1][2] == 372e4


def test_withdraw_and_known_at_from_the_command_line(seeded_path: Path, tmp_path: Path) -> None:
    rumour = nev_release(tmp_path / "rumour", 500.0, publisher="广东省统计局",
                         title="错发的快报", date_published=dt.date(2026, 2, 1))
    out = rows(run_cli("ingest", "table", rumour, "--source-id", "bureau", "--json",
                       warehouse=seeded_path, check=True))
    release_id = out[0]["release_id"]
    with Warehouse(seeded_path) as wh:
        held_at = wh.sql("SELECT max(ingested_at) AS t FROM releases")["t"][0]
    withdrawn = run_cli("withdraw", release_id, "--reason", "sent in error", "--by", "analyst",
                        "--effective", "2026-02-10", warehouse=seeded_path, check=True)
    assert "withdrawn" in withdrawn.stdout
    assert nev_2025(seeded_path, "--as-of", "2026-02-05")["value_as_published"] == 500.0  # type: ignore[index]
    assert nev_2025(seeded_path, "--as-of", "2026-02-10") is None
    back_then = nev_2025(seeded_path, "--known-at", held_at.isoformat())
    assert back_then is not None and back_then["value_as_published"] == 500.0
    events = rows(run_cli("events", "--nl", warehouse=seeded_path, check=True))
    assert [(e["kind"], e["actor"], e["reason"]) for e in events] == [
        ("withdrawn", "analyst", "sent in error")]
    again = run_cli("withdraw", release_id, "--reason", "twice", warehouse=seeded_path)
    assert again.returncode == 1 and "already" in again.stderr
    missing = run_cli("withdraw", "Rnope", "--reason", "x", warehouse=seeded_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_a_corrected_release_description_is_a_recorded_correction(empty_path: Path,
                                                                  tmp_path: Path) -> None:
    folder = nev_release(tmp_path / "rel", 372.0, publisher="广东省统计局", title="公报",
                         date_published=dt.date(2026, 4, 28))
    run_cli("ingest", "table", folder, "--source-id", "bureau", warehouse=empty_path, check=True)
    with Warehouse(empty_path) as wh:
        before = wh.sql("SELECT max(ingested_at) AS t FROM releases")["t"][0]
    toml = (folder / "release.toml").read_text(encoding="utf-8")
    (folder / "release.toml").write_text(toml.replace("2026-04-28", "2026-03-28"),
                                         encoding="utf-8")
    fixed = rows(run_cli("ingest", "table", folder, "--source-id", "bureau", "--json",
                         warehouse=empty_path, check=True))
    assert fixed[0]["status"] == "corrected" and len(fixed[0]["corrects"]) == 1
    assert nev_2025(empty_path, "--as-of", "2026-04-01")["value_as_published"] == 372.0  # type: ignore[index]
    assert nev_2025(empty_path, "--as-of", "2026-04-01", "--known-at",
                    before.isoformat()) is None
    again = rows(run_cli("ingest", "table", folder, "--source-id", "bureau", "--json",
                         warehouse=empty_path, check=True))
    assert again[0]["status"] == "unchanged"
    with Warehouse(empty_path) as wh:
        (event,) = wh.events().iter_rows(named=True)
        assert event["kind"] == "corrected" and "2026-04-28 -> 2026-03-28" in event["reason"]
        assert wh.releases().height == 2
        assert wh.vintages("nev_output").filter(pl.col("hidden_from").is_null()).height == 1
