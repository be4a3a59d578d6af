"""Append one release whole or not at all, deduplicated against what the warehouse holds.

Identity lives here, not in constraints (DuckLake enforces none): a release is the same release
when its source and the SHA-256 of its raw bytes match one already held; a figure is unchanged
when the figure known on the release's publication date for the same series key (what `series`
answers as of that date) came from the same source and publisher with the same value, qualifier
and status. Everything is written inside one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from tracker.catalog import Catalog
from tracker.errors import RowError, StrictModeError
from tracker.store import keys, validate
from tracker.store.release import ReleaseMeta, sha256

OBS_COLUMNS = [
    "indicator", "region", "cluster", "measure", "period_start", "period_end", "period_type",
    "value", "unit", "value_as_published", "unit_as_published", "qualifier", "status",
    "locator_kind", "locator", "quote", "quote_start", "quote_end",
]
TARGET_COLUMNS = [
    "indicator", "region", "cluster", "measure", "kind", "comparator", "value", "unit",
    "value_as_published", "unit_as_published", "period_start", "period_end", "plan_title",
    "doc_number", "publisher", "issued", "issued_approximate", "url", "grade", "draft",
    "supersedes", "phrase", "locator",
]
KEY_MATCH = " AND ".join(
    f'i."{c}" IS NOT DISTINCT FROM h."{c}"' for c in validate.SERIES_KEY
)


@dataclass
class AppendResult:
    """What one append did: the release id, whether it was new, and row counts."""

    release_id: str
    status: str  # added | unchanged
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0
    errors: list[RowError] = field(default_factory=list)


def release_id(source_id: str, digest: str) -> str:
    """Deterministic, so that a re-run after a crash names the same release."""
    return "R" + hashlib.sha256(f"{source_id}\n{digest}".encode()).hexdigest()[:15]


def store_raw(raw_root: Path, raw: bytes, digest: str) -> Path:
    """Write the raw bytes content-addressed (atomically); return the path relative to root."""
    relative = Path(digest[:2]) / digest
    target = raw_root / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)
    return relative


def _held(con: duckdb.DuckDBPyConnection, source_id: str, digest: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM releases WHERE source_id = ? AND sha256 = ?", [source_id, digest]
    ).fetchone()
    return bool(row and row[0])


def _insert_release(con: duckdb.DuckDBPyConnection, rid: str, kind: str, source_id: str,
                    meta: ReleaseMeta, digest: str, size: int, raw_path: Path,
                    run_id: str | None) -> None:
    con.execute(
        "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, now(), ?)",
        [rid, kind, source_id, meta.publisher, meta.title, meta.url_main, meta.url_download,
         meta.date_published, meta.published_approximate, meta.date_accessed, meta.license,
         meta.doc_number, meta.grade, digest, size, str(raw_path), meta.media_type, meta.ingester,
         meta.ingester_version, run_id, json.dumps(meta.extra, ensure_ascii=False, default=str)],
    )


def _quarantine(con: duckdb.DuckDBPyConnection, errors: list[RowError], frame: pl.DataFrame,
                rid: str, source_id: str, run_id: str | None) -> None:
    """Keep each refused row as it arrived, with the reason."""
    if not errors:
        return
    originals = [json.dumps(frame.row(e.row - 1, named=True), ensure_ascii=False, default=str)
                 if 0 < e.row <= frame.height else None for e in errors]
    rows = pl.DataFrame(
        {"run_id": [run_id] * len(errors), "release_id": [rid] * len(errors),
         "source_id": [source_id] * len(errors), "row_number": [e.row for e in errors],
         "column_name": [e.column for e in errors], "expected": [e.expected for e in errors],
         "got": [None if e.got is None else str(e.got) for e in errors],
         "reason": [str(e) for e in errors], "row_json": originals},
        schema_overrides={"run_id": pl.Utf8, "got": pl.Utf8, "row_json": pl.Utf8},
    )
    con.register("_quarantine_rows", rows.to_arrow())
    con.execute(
        "INSERT INTO quarantine BY NAME SELECT * REPLACE (row_json::JSON AS row_json), "
        "now()::TIMESTAMP AS quarantined_at FROM _quarantine_rows"
    )
    con.unregister("_quarantine_rows")


def _insert_observations(con: duckdb.DuckDBPyConnection, good: pl.DataFrame, rid: str,
                         source_id: str, meta: ReleaseMeta, run_id: str | None) -> int:
    con.register("_incoming_rows", good.select(OBS_COLUMNS).to_arrow())
    # known: the figure known on this release's date (from any source) for each incoming series
    # and period; held: those that this source and publisher gave. What matches a held figure
    # exactly is a restatement that changes no as-of answer; the rest is new. (Comparing with
    # this source's latest figure instead would drop an older release backfilled after a newer
    # one, and a restatement that follows another publisher's different figure.)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _new AS
        WITH incoming AS MATERIALIZED (
            SELECT {keys.COLUMNS} AS series_id, * FROM _incoming_rows
        ),
        known AS (
            SELECT o.series_id, {", ".join(f'o."{c}"' for c in validate.SERIES_KEY)},
                   arg_max({{'value': o.value, 'qualifier': o.qualifier, 'status': o.status,
                             'source_id': o.source_id, 'release_id': o.release_id}},
                           (o.date_published, o.obs_id)) AS latest
            FROM observations o SEMI JOIN incoming i
              ON o.series_id = i.series_id AND o.period_start = i.period_start
             AND o.period_end = i.period_end
            WHERE o.date_published <= $published
            GROUP BY ALL
        ),
        held AS (
            SELECT * FROM known
            WHERE latest.source_id = $source
              AND latest.release_id IN (SELECT release_id FROM releases
                                        WHERE publisher = $publisher)
        )
        SELECT i.* FROM incoming i ANTI JOIN held h
        ON i.series_id = h.series_id AND {KEY_MATCH} AND i.value = h.latest.value
           AND i.qualifier = h.latest.qualifier AND i.status = h.latest.status
        """,
        {"source": source_id, "publisher": meta.publisher, "published": meta.date_published},
    )
    con.unregister("_incoming_rows")
    base = con.execute("SELECT coalesce(max(obs_id), 0) FROM observations").fetchone()
    # Sorted by series so that zone maps keep pruning; obs_id order within a release is free.
    added = con.execute(
        """
        INSERT INTO observations BY NAME
        SELECT *, $base + row_number() OVER () AS obs_id, $rid AS release_id,
               $source AS source_id, $published AS date_published, $run AS run_id
        FROM _new ORDER BY series_id, period_start, period_end
        """,
        {"base": base[0] if base else 0, "rid": rid, "source": source_id,
         "published": meta.date_published, "run": run_id},
    ).fetchone()
    con.execute("DROP TABLE _new")
    return int(added[0]) if added else 0


def _insert_targets(con: duckdb.DuckDBPyConnection, good: pl.DataFrame, rid: str,
                    run_id: str | None) -> int:
    frame = good.rename({"id": "target_id"}).select(["target_id", *TARGET_COLUMNS])
    con.register("_incoming", frame.to_arrow())
    row = con.execute(
        """
        INSERT INTO targets BY NAME
        SELECT i.*, $rid AS release_id, $run AS run_id
        FROM _incoming i ANTI JOIN targets t ON i.target_id = t.target_id
        RETURNING 1
        """,
        {"rid": rid, "run": run_id},
    ).fetchall()
    con.unregister("_incoming")
    return len(row)


def append(con: duckdb.DuckDBPyConnection, raw_root: Path, cat: Catalog, meta: ReleaseMeta,
           frame: pl.DataFrame, raw: bytes, *, kind: str = "figures", strict: bool = False,
           run_id: str | None = None) -> AppendResult:
    """Validate and write one release inside one transaction on a read-write connection."""
    where = f"release {meta.title!r}"
    meta.validate(where)
    source_id = meta.source_id or meta.ingester
    digest = sha256(raw)
    rid = release_id(source_id, digest)
    if _held(con, source_id, digest):
        return AppendResult(rid, "unchanged", unchanged=frame.height)
    check = validate.figures if kind == "figures" else validate.targets
    good, errors = check(frame, cat, where)
    if strict and errors:
        raise StrictModeError(where, errors)
    raw_path = store_raw(raw_root, raw, digest)
    con.execute("BEGIN TRANSACTION")
    try:
        if _held(con, source_id, digest):  # a concurrent writer got here first
            con.execute("ROLLBACK")
            return AppendResult(rid, "unchanged", unchanged=frame.height)
        _insert_release(con, rid, kind, source_id, meta, digest, len(raw), raw_path, run_id)
        if kind == "figures":
            added = _insert_observations(con, good, rid, source_id, meta, run_id)
        else:
            added = _insert_targets(con, good, rid, run_id)
        _quarantine(con, errors, frame, rid, source_id, run_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return AppendResult(rid, "added", added, good.height - added, len(errors), errors)
