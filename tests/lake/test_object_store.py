"""A DuckLake whose data path is an object store (`s3://bucket/prefix`): the Parquet files and
the raw payloads both in the bucket, on the tests' own S3-compatible server (tests/lake/s3.py)
and PostgreSQL, through real `tracker` processes. It answers as a file does, copies either way
losing nothing, serves its payloads for provenance, and a store it cannot use is told plainly.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import tracker
from tests.conftest import run_cli
from tests.lake.s3 import ObjectStore
from tests.lake.test_copy import contents, copy, payloads, raw_files, withdraw_one
from tests.serve.conftest import start, stop
from tracker.bench.postgres import Server, free_port

PINNED = "2026-03-01T08:00:00+08:00"  # both builds record the same instants


def test_a_lake_on_an_object_store_builds_and_answers_as_a_file(
        postgres: Server, s3_env: ObjectStore, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_NOW", PINNED)
    monkeypatch.delenv("TRACKER_DATA_PATH", raising=False)
    bucket, file = s3_env.new_bucket(), tmp_path / "file" / "tracker.duckdb"
    uri = postgres.uri(postgres.create())
    run_cli("build", "--no-report", "-w", file, check=True)
    run_cli("build", "--no-report", "-w", uri, "--data-path", f"s3://{bucket}/team",
            check=True)
    keys = s3_env.keys(bucket)
    assert any(k.startswith("team/main/observations/") and k.endswith(".parquet") for k in keys)
    with tracker.open(file) as local:
        releases = local.releases().select("release_id", "raw_path", "sha256").rows()
    assert releases and all(f"team/raw/{raw_path}" in keys and
                            f"team/raw/{raw_path}.{rid}.json" in keys
                            for rid, raw_path, _ in releases)
    assert not (tmp_path / "team").exists() and not list((file.parent / "raw").glob("*.json"))
    # Read later, from "another machine", without naming the data path: the catalog has it.
    on_lake = run_cli("series", "gdp", "--json", "-w", uri, check=True).stdout
    assert json.loads(on_lake) == json.loads(
        run_cli("series", "gdp", "--json", "-w", file, check=True).stdout)
    assert json.loads(on_lake)
    counted = run_cli("sql", "-w", uri, "SELECT count(*) AS n FROM observations", check=True)
    assert counted.stdout == run_cli("sql", "-w", file, "SELECT count(*) AS n FROM "
                                     "observations", check=True).stdout
    # A provenance link: the served raw payload comes back from the bucket, byte for byte.
    served = start(uri, tmp_path / "serve.log")  # type: ignore[arg-type]
    try:
        rid, raw_path, sha = releases[0]
        with urllib.request.urlopen(f"{served.url}/raw/{rid}", timeout=30) as answer:
            data = answer.read()
    finally:
        stop(served)
    with tracker.open(file) as local:
        assert data == local.raw_payload(raw_path) and hashlib.sha256(data).hexdigest() == sha
    # Without its credentials the same read is refused, saying which variable is missing.
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    refused = run_cli("series", "gdp", "-w", uri)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "AWS_SECRET_ACCESS_KEY" in refused.stderr and bucket in refused.stderr


def test_a_file_copied_into_an_object_store_lake_and_back_loses_nothing(
        seeded_template: Path, postgres: Server, s3_env: ObjectStore, tmp_path: Path) -> None:
    source = tmp_path / "source" / "tracker.duckdb"
    run_cli("backup", source.parent, "-w", seeded_template, check=True)
    (source.parent / "catalog").mkdir()  # a user's catalog, to carry across too
    (source.parent / "catalog" / "indicators.csv").write_text(
        "code,name_zh,name_en,unit,kind,aliases_zh\n"
        "charging_piles,充电桩数量,Charging piles,unit,stock,充电桩\n", encoding="utf-8")
    withdraw_one(source)  # and a journal line (raw/events.jsonl)
    bucket, uri = s3_env.new_bucket(), postgres.uri(postgres.create())
    url = f"s3://{bucket}/copied"
    into = copy(source, uri, url)  # type: ignore[arg-type]
    assert all(r["same"] for r in into) and sum(r["added"] for r in into) > 0
    back = tmp_path / "back" / "tracker.duckdb"
    copy(uri, back)
    with tracker.open(source) as a, tracker.open(uri) as b, tracker.open(back) as c:
        assert contents(a) == contents(b) == contents(c)
        assert payloads(a) == payloads(b) == payloads(c) and payloads(a)
        files = raw_files(a)
        assert "events.jsonl" in files and raw_files(b) == files == raw_files(c)
    held = s3_env.keys(bucket)
    assert all(f"copied/raw/{name}" in held for name in files)  # in the bucket itself
    assert "copied/catalog/indicators.csv" in held
    found = run_cli("search", "充电", "--json", "-w", uri, check=True).stdout
    assert [r["code"] for r in json.loads(found)] == ["charging_piles"]
    assert (back.parent / "catalog" / "indicators.csv").is_file()
    again = copy(source, uri, url)  # type: ignore[arg-type]
    assert [r["added"] for r in again] == [0] * len(again)
    with tracker.open(uri) as b:
        assert raw_files(b) == files  # no journal line twice


def test_a_store_that_cannot_be_used_is_told_plainly(
        postgres: Server, s3_env: ObjectStore, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def init(url: str) -> str:
        done = run_cli("init", "-w", postgres.uri(postgres.create()), "--data-path", url)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        return done.stderr

    missing = init("s3://no-such-bucket-here/lake")
    assert "no-such-bucket-here" in missing and "Create it" in missing
    assert "s3://bucket/prefix" in init("gs://bucket/lake")
    with monkeypatch.context() as env:
        env.delenv("AWS_ACCESS_KEY_ID")
        assert "AWS_ACCESS_KEY_ID" in init(f"s3://{s3_env.new_bucket()}/lake")
    with monkeypatch.context() as env:
        env.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nobody there
        assert "to answer" in init("s3://somewhere/lake")
    # A server that checks credentials, as AWS does (moto's, told to from its first request).
    port = free_port()
    checking = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "0"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
        refused = init("s3://any-bucket/lake")
        assert "refused the credentials" in refused and "tracker-test" in refused
    finally:
        checking.terminate()
        checking.wait(timeout=10)
