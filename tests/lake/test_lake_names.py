"""One name for a warehouse, two kinds: a `ducklake:postgres:` URI wherever a file path goes,
its data folder given once, when the lake is created."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tracker.bench.postgres import Server


def test_a_lake_created_with_data_path_is_read_later_without_it(
        postgres: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uri, data = postgres.uri(postgres.create()), tmp_path / "shared"
    monkeypatch.delenv("TRACKER_DATA_PATH", raising=False)
    made = run_cli("init", "-w", uri, "--data-path", data, check=True)
    assert "applied: 001_catalog" in made.stdout
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "release.toml").write_text(
        'publisher = "广东省统计局"\ntitle = "名称测试"\ndate_published = 2025-03-01\n'
        'grade = "A"\ntable = "figures.csv"\n', encoding="utf-8")
    (folder / "figures.csv").write_text(
        "indicator,region,measure,period_start,period_end,value_as_published,unit_as_published\n"
        "gdp,440000,level,2024-01-01,2024-12-31,14.16,万亿元\n", encoding="utf-8")
    run_cli("ingest", "table", folder, warehouse=uri, check=True)  # $TRACKER_WAREHOUSE
    answer = run_cli("series", "gdp", "--json", "-w", uri, check=True)
    assert [r["value_as_published"] for r in json.loads(answer.stdout)] == [14.16]
    assert list((data / "raw").rglob("*")), "raw payloads live under the data path"


def test_a_new_lake_without_a_data_path_and_an_unreachable_catalog_fail_clearly(
        postgres: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_DATA_PATH", raising=False)
    unmade = run_cli("init", "-w", postgres.uri(postgres.create()))
    assert unmade.returncode == 1 and "TRACKER_DATA_PATH" in unmade.stderr
    absent = run_cli("series", "gdp", "-w", postgres.uri(postgres.create()))
    assert absent.returncode == 1 and "tracker build" in absent.stderr
    closed = run_cli("series", "gdp", "-w", "ducklake:postgres:host=127.0.0.1 port=1 "
                     "user=postgres dbname=x password=hunter2")
    assert closed.returncode == 1 and "PostgreSQL is running" in closed.stderr
    assert "hunter2" not in closed.stderr
    for result in (unmade, absent, closed):
        assert "Traceback" not in result.stderr
