"""Append one release whole or not at all; identity lives here, not in constraints.

DuckLake enforces no UNIQUE or PRIMARY KEY, so identity is decided in this module:

- a **release** is already held when a release of the same source with the same SHA-256 of its
  raw bytes *and the same description* (publisher, title, dates, grade, URLs...) is held and not
  corrected: appending it again adds nothing (`unchanged`);
- the same bytes with a **changed description** (a wrong date or title fixed in release.toml:
  same publisher, title or date unchanged) are a correction: a new release with all its
  figures, and a `corrected` event on the old one, which hides it from as-of answers once the
  correction is known (`known_at` before it still sees it); the same bytes under another title
  on another day are a release of their own;
- every **figure** of a new release is appended, restatements included: whether a figure
  restates an earlier one depends on what other releases say, which may arrive later, so
  deciding it at ingest made answers depend on the ingest order. Reads decide instead, in one
  place (tracker/store/vintage.py), the same way whatever the order.

Everything is written inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from tracker import clock
from tracker.catalog import Catalog
from tracker.errors import RowError, StrictModeError
from tracker.storage import Store
from tracker.store import events, keys, rankings, sidecar, validate
from tracker.store.release import ReleaseMeta, sha256
from tracker.store.transaction import transaction

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
@dataclass
class AppendResult:
    """What one append did: the release id, whether it was new, and row counts."""

    release_id: str
    status: str  # added | corrected | unchanged
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0
    errors: list[RowError] = field(default_factory=list)
    corrects: list[str] = field(default_factory=list)


def release_id(source_id: str, digest: str, described: dict[str, Any]) -> str:
    """A hash of what the release is (its source, raw bytes and description), so the same
    release always gets the same id: after a crash, and whatever order releases come in."""
    canonical = json.dumps(described, sort_keys=True, ensure_ascii=False, default=str)
    return "R" + hashlib.sha256(f"{source_id}\n{digest}\n{canonical}".encode()).hexdigest()[:15]


# The description fields that make two releases of the same bytes the same release.
DESCRIBED = ("kind", "publisher", "title", "date_published", "published_approximate",
             "url_main", "url_download", "license", "doc_number", "grade", "media_type")


def _description(kind: str, meta: ReleaseMeta) -> dict[str, Any]:
    return {"kind": kind, **{f: getattr(meta, f) for f in DESCRIBED if f != "kind"}}


def store_raw(raw_root: Store, raw: bytes, digest: str) -> Path:
    """Write the raw bytes content-addressed (whole or not at all); return the path relative
    to the raw store."""
    relative = Path(digest[:2]) / digest
    raw_root.put_new(relative.as_posix(), raw)
    return relative


def _held(con: duckdb.DuckDBPyConnection, source_id: str,
          digest: str) -> list[dict[str, Any]]:
    """The releases of these bytes from this source that no correction has replaced."""
    frame = con.execute(
        f"""
        SELECT release_id, {", ".join(DESCRIBED)} FROM releases
        WHERE source_id = ? AND sha256 = ?
          AND release_id NOT IN (SELECT release_id FROM release_events WHERE kind = 'corrected')
        """,
        [source_id, digest],
    ).pl()
    return list(frame.iter_rows(named=True))


def _changes(held: dict[str, Any], described: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [held, new] for every description field that differs."""
    return {f: [held[f], described[f]] for f in DESCRIBED if held[f] != described[f]}


def _corrects(held: dict[str, Any], described: dict[str, Any]) -> bool:
    """Whether a new description of held bytes corrects the held release rather than being a
    release of its own: the same publisher, and the title or the date unchanged (a fixed date,
    or a fixed title). A publisher restating the same table under another title on another day
    has published a new release."""
    if held["publisher"] != described["publisher"] or held["kind"] != described["kind"]:
        return False
    return (held["title"] == described["title"]
            or held["date_published"] == described["date_published"])


def _same(held: list[dict[str, Any]], described: dict[str, Any]) -> str | None:
    """The id of the held release that is this very release, if any."""
    return next((h["release_id"] for h in held if not _changes(h, described)), None)


def _insert_release(con: duckdb.DuckDBPyConnection, rid: str, kind: str, source_id: str,
                    meta: ReleaseMeta, digest: str, size: int, raw_path: Path,
                    run_id: str | None, now: dt.datetime) -> None:
    rank, tier = rankings.in_force(con).rank(meta.publisher, meta.title, meta.grade)
    con.execute(
        "INSERT INTO releases BY NAME SELECT ? AS release_id, ? AS kind, ? AS source_id, "
        "? AS publisher, ? AS title, ? AS url_main, ? AS url_download, ? AS date_published, "
        "? AS published_approximate, ? AS date_accessed, ? AS license, ? AS doc_number, "
        "? AS grade, ? AS sha256, ? AS size, ? AS raw_path, ? AS media_type, ? AS ingester, "
        "? AS ingester_version, ? AS run_id, ? AS ingested_at, ?::JSON AS extra, "
        "? AS source_rank, ? AS source_tier",
        [rid, kind, source_id, meta.publisher, meta.title, meta.url_main, meta.url_download,
         meta.date_published, meta.published_approximate, clock.to_instant(meta.date_accessed),
         meta.license, meta.doc_number, meta.grade, digest, size, str(raw_path),
         meta.media_type, meta.ingester, meta.ingester_version, run_id, now,
         json.dumps(meta.extra, ensure_ascii=False, default=str), rank, tier],
    )


def _quarantine(con: duckdb.DuckDBPyConnection, errors: list[RowError], frame: pl.DataFrame,
                rid: str, source_id: str, run_id: str | None, now: dt.datetime) -> None:
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
        "$now AS quarantined_at FROM _quarantine_rows", {"now": now}
    )
    con.unregister("_quarantine_rows")


def _insert_observations(con: duckdb.DuckDBPyConnection, good: pl.DataFrame, rid: str,
                         source_id: str, meta: ReleaseMeta, run_id: str | None) -> int:
    # Text handed over as Arrow string views, the layout polars holds it in: no copy of every
    # string (a tenth of a million-row append).
    con.register("_incoming_rows",
                 good.select(OBS_COLUMNS).to_arrow(compat_level=pl.CompatLevel.newest()))
    base = con.execute("SELECT coalesce(max(obs_id), 0) FROM observations").fetchone()
    ranked = con.execute("SELECT source_rank, grade FROM releases WHERE release_id = ?",
                         [rid]).fetchone()
    # Sorted by series so that zone maps keep pruning. Ids are numbered in arrival order
    # (their order within a release is free): numbering in series order sorted twice.
    # The release's rank and grade ride along (looked up once): reads order by them without
    # a join.
    added = con.execute(
        f"""
        INSERT INTO observations BY NAME
        SELECT {keys.COLUMNS} AS series_id, *, $base + row_number() OVER () AS obs_id,
               $rid AS release_id, $source AS source_id, $published AS date_published,
               $run AS run_id, $rank AS source_rank, $grade AS grade
        FROM _incoming_rows
        ORDER BY series_id, period_start, period_end
        """,
        {"base": base[0] if base else 0, "rid": rid, "source": source_id,
         "published": meta.date_published, "run": run_id,
         "rank": ranked[0] if ranked else None, "grade": ranked[1] if ranked else None},
    ).fetchone()
    con.unregister("_incoming_rows")
    return int(added[0]) if added else 0


def _insert_targets(con: duckdb.DuckDBPyConnection, good: pl.DataFrame, rid: str,
                    run_id: str | None) -> int:
    """Targets whose id is new, or whose content changed (a corrected plan): the read keeps the
    latest release's version of each id (tracker/store/read.py targets())."""
    frame = good.rename({"id": "target_id"}).select(["target_id", *TARGET_COLUMNS])
    con.register("_incoming", frame.to_arrow())
    same = " AND ".join(f'i."{c}" IS NOT DISTINCT FROM t."{c}"'
                        for c in ["target_id", *TARGET_COLUMNS])
    row = con.execute(
        f"""
        INSERT INTO targets BY NAME
        SELECT i.*, $rid AS release_id, $run AS run_id
        FROM _incoming i ANTI JOIN targets t ON {same}
        """,
        {"rid": rid, "run": run_id},
    ).fetchone()  # the count of rows inserted (DuckLake has no INSERT ... RETURNING)
    con.unregister("_incoming")
    return int(row[0]) if row else 0


def append(con: duckdb.DuckDBPyConnection, raw_root: Store, cat: Catalog, meta: ReleaseMeta,
           frame: pl.DataFrame, raw: bytes, *, kind: str = "figures", strict: bool = False,
           run_id: str | None = None) -> AppendResult:
    """Validate and write one release inside one transaction on a read-write connection."""
    where = f"release {meta.title!r}"
    meta.validate(where)
    source_id = meta.source_id or meta.ingester
    digest = sha256(raw)
    described = _description(kind, meta)
    rid = release_id(source_id, digest, described)
    held = _held(con, source_id, digest)
    same = _same(held, described)
    if same is not None:
        return AppendResult(same, "unchanged", unchanged=frame.height)
    check = validate.figures if kind == "figures" else validate.targets
    good, errors = check(frame, cat, where)
    if strict and errors:
        raise StrictModeError(where, errors)
    raw_path = store_raw(raw_root, raw, digest)
    now = clock.now()
    with transaction(con):
        held = _held(con, source_id, digest)  # again: a concurrent writer may have been first
        same = _same(held, described)
        if same is not None:  # nothing written yet: the transaction commits empty
            return AppendResult(same, "unchanged", unchanged=frame.height)
        _insert_release(con, rid, kind, source_id, meta, digest, len(raw), raw_path, run_id,
                        now)
        corrected = [h for h in held if _corrects(h, described)]
        for old in corrected:
            changes = _changes(old, described)
            events.record(con, old["release_id"], "corrected", actor=meta.ingester,
                          reason="description corrected: " + ", ".join(
                              f"{f} {a} -> {b}" for f, (a, b) in changes.items()),
                          now=now, effective_from=None, replaced_by=rid,
                          details={"changes": changes}, run_id=run_id)
        if kind == "figures":
            added = _insert_observations(con, good, rid, source_id, meta, run_id)
        else:
            added = _insert_targets(con, good, rid, run_id)
        _quarantine(con, errors, frame, rid, source_id, run_id, now)
    # After the commit: a sidecar never describes a release that was rolled back.
    sidecar.write(raw_root, raw_path, rid, kind, digest, meta, frame, now)
    return AppendResult(rid, "corrected" if corrected else "added", added, good.height - added,
                        len(errors), errors, [h["release_id"] for h in corrected])
