"""`tracker refresh` and `tracker sources` as real processes: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from replay import sites
from replay.procs import tracker_cli
from replay.server import ReplayServer, Reply

import tracker


def test_refresh_exit_codes_and_json(server: ReplayServer, tmp_path: Path,
                                     sources_dir: Path) -> None:
    sites.install_portal(server)
    sites.portal_toml(sources_dir, server.url)
    warehouse = str(tmp_path / "w.duckdb")
    args = ("refresh", "--sources-dir", str(sources_dir), "--warehouse", warehouse, "--json")

    done = tracker_cli(*args)
    assert done.returncode == 0, done.stderr
    (line,) = [json.loads(x) for x in done.stdout.splitlines()]
    assert (line["source_id"], line["status"], line["added"]) == ("nbs_portal", "succeeded", 6)

    again = tracker_cli(*args)
    assert again.returncode == 0 and json.loads(again.stdout)["status"] == "unchanged"

    server.set(sites.PORTAL_API + "stream/esData", Reply(200, b'{"success": false, '
               b'"state": 50000, "message": "busy", "data": null}'), method="POST")
    failed = tracker_cli(*args[:-1])
    assert failed.returncode == 3
    assert "failed: source 'nbs_portal'" in failed.stderr and "success=False" in failed.stderr
    assert "nbs_portal" in failed.stdout and "failed" in failed.stdout
    statuses = tracker.open(warehouse).runs(source_id="nbs_portal")["status"].to_list()
    assert statuses == ["failed", "unchanged", "succeeded"]


def test_refresh_refuses_a_bad_declaration_or_an_unknown_source(tmp_path: Path,
                                                               sources_dir: Path) -> None:
    (sources_dir / "x.toml").write_text('id = "xx"\nkind = "ftp"\n', encoding="utf-8")
    bad = tracker_cli("refresh", "--sources-dir", str(sources_dir),
                      "--warehouse", str(tmp_path / "w.duckdb"))
    assert bad.returncode == 1 and "x.toml: field 'kind'" in bad.stderr
    unknown = tracker_cli("refresh", "--source", "nope", "--warehouse", str(tmp_path / "w.duckdb"))
    assert unknown.returncode == 1 and "no source with id 'nope'" in unknown.stderr


def test_base_url_sends_a_shipped_source_to_the_replay_server(server: ReplayServer,
                                                              tmp_path: Path) -> None:
    sites.install_portal(server)  # a catalogue that lacks the shipped source's pinned cid
    done = tracker_cli("refresh", "--source", "nbs_portal_gd_annual", "--base-url", server.url,
                       "--warehouse", str(tmp_path / "w.duckdb"))
    assert done.returncode == 3
    assert f"source 'nbs_portal_gd_annual': {server.url}" in done.stderr
    assert "6f8fbd415cbc40ffa7ecb7fd917f2598" in done.stderr  # the pinned cid, not found here
    (hit,) = server.hits(sites.PORTAL_API + "new/queryIndexTreeAsync")
    assert hit.query["pid"] == ["da5ccb68e9de4671ad967247fe427c91"]


def test_sources_lists_the_declarations() -> None:
    done = tracker_cli("sources", "--nl")
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert rows["gd_stats_bulletins"]["kind"] == "bulletins"
    assert rows["analyst_drop_industry"]["enabled"] is True
    assert rows["nbs_portal_gd_annual"]["next_run"].endswith("+08:00")
