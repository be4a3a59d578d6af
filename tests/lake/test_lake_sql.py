"""`tracker sql` on a DuckLake: the same read-only sandbox as on a file (tracker/store/
sandbox_lake.py), real commands against a lake on the tests' own PostgreSQL, and nothing in the
catalog or the data folder changes whatever is refused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import tracker
from tests.conftest import run_cli
from tests.lake.server import Lake
from tests.store.test_sql_sandbox import REFUSED

# (query, words the refusal must say): what only a lake could reach.
LAKE_REFUSED = {
    "postgres_execute": ("SELECT * FROM postgres_execute('__ducklake_metadata_lake', "
                         "'COMMIT; DROP TABLE ducklake_snapshot')", "postgres_execute"),
    "postgres_query": ("SELECT * FROM postgres_query('__ducklake_metadata_lake', "
                       "'SELECT 1')", "postgres_query"),
    "postgres_scan of another server": (
        "SELECT * FROM postgres_scan('host=127.0.0.1 port=1 dbname=x', 'public', 't')",
        "postgres_scan"),
    "text run as SQL": ("SELECT * FROM query('SELECT 1')", "query"),
    "a write to the catalog": ("DELETE FROM __ducklake_metadata_lake.public.ducklake_snapshot",
                               "a DELETE statement"),
    "a write through a function": ("SELECT * FROM ducklake_expire_snapshots('lake', "
                                   "older_than => now())", "read-only"),
    "EXPLAIN": ("EXPLAIN ANALYZE SELECT count(*) FROM observations", "EXPLAIN"),
    "a raw payload": ("SELECT content FROM read_blob('{raw}')", "outside the warehouse"),
}


@pytest.fixture(scope="module")
def shared(seeded_lake: Lake, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """One clone for the module: every test leaves it as it was, and checks that it did."""
    return seeded_lake.clone(tmp_path_factory.mktemp("sql-lake") / "data")


def state(lake: Lake) -> tuple[list[int], dict[str, str]]:
    """The lake's snapshot ids and its data folder's files with their SHA-256."""
    with tracker.open(lake.uri, data_path=lake.data) as wh:
        ids = wh.snapshots()["snapshot_id"].to_list()
    files = {str(p.relative_to(lake.data)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(lake.data.rglob("*")) if p.is_file()}
    return ids, files


def sql(lake: Lake, *args: str | Path) -> tuple[int, str, str]:
    """`tracker sql ARGS -w LAKE` in a process of its own: (exit code, stdout, stderr)."""
    result = run_cli("sql", *args, "-w", lake.uri)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("case", sorted(REFUSED) + sorted(LAKE_REFUSED))
def test_what_a_file_refuses_and_what_reaches_postgresql_are_refused_on_a_lake(
        case: str, shared: Lake) -> None:
    query, words = REFUSED.get(case) or LAKE_REFUSED[case]
    raw = next(p for p in (shared.data / "raw").rglob("*") if p.is_file())
    before = state(shared)
    code, out, err = sql(shared, query.format(raw=raw))
    assert code == 1, err
    assert words in err and "Traceback" not in err and out == ""
    assert "refused" in err or "read-only" in err
    assert state(shared) == before


def test_reads_answer_as_on_the_file_it_was_built_from(shared: Lake,
                                                        seeded_template: Path) -> None:
    query = ("SELECT region, count(*) AS n, sum(value) AS total FROM observations "
             "WHERE indicator = $i GROUP BY region ORDER BY region")
    answers = [json.loads(run_cli("sql", query, "--param", "i=gdp", "--json", "-w", where,
                                  check=True).stdout) for where in (shared.uri, seeded_template)]
    assert answers[0] == answers[1] and answers[0]
    assert list((shared.data / "main").rglob("*.parquet"))  # read from its Parquet files
    code, out, err = sql(shared, "SELECT count(*) AS n FROM releases WHERE grade = ?", "A",
                         "--json")
    assert code == 0 and json.loads(out)[0]["n"] > 0, err
    code, out, _ = sql(shared, "SHOW TABLES", "--json")
    assert code == 0 and "observations" in {r["name"] for r in json.loads(out)}
    code, out, _ = sql(shared, "SELECT count(*) AS n FROM ducklake_snapshots('lake')", "--json")
    assert code == 0 and json.loads(out)[0]["n"] > 0  # the lake's own history is readable
