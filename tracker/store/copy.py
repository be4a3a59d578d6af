"""Copy a warehouse between kinds (a DuckDB file, a DuckLake), losing nothing.

Every table the code's migrations made is copied row for row: releases, observations, targets,
runs, quarantine, release events, source rankings and held figures (the catalog tables are
synced from the same CSVs on both sides, a user's catalog/ folder copied first). Rows already in
the target are not copied again (a multiset difference), so a re-run adds nothing, and all rows
land in one transaction. Everything under raw/ is copied before the rows, file by file: the
payloads (checked against their releases' SHA-256), their sidecars, and the journal of decisions
(raw/events.jsonl, whose lines the target lacks are appended), so `tracker rebuild --from-raw`
works on the copy too. Afterwards every table is compared by its row count and a hash of its
contents, every raw file by its SHA-256; any difference is an error naming it.

Instants stay as written (ingested_at, recorded_at), so `known_at` answers the same on the copy:
a lake's own snapshots are not copied (the copy's snapshots are of the copy), and a lake marks
the commit that took the rows in, so that `known_at` before it answers from those rows' times
(tracker/store/travel.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tracker.errors import TrackerError
from tracker.storage import Store
from tracker.store import journal, travel
from tracker.store.migrate import CATALOG_TABLES
from tracker.store.transaction import transaction

BOOKKEEPING = {"_migrations", "_catalog_state"}


@dataclass(frozen=True)
class TableCopy:
    """One table: rows in the source, rows the copy added, rows in the target afterwards, and
    whether the contents' hashes agree."""

    table: str
    source_rows: int
    added: int
    target_rows: int
    same: bool


@dataclass(frozen=True)
class RawCopy:
    """What a copy did to the raw folder: files copied, files the target held already (the same
    bytes), journal lines added, and release payloads missing at the source."""

    copied: int
    present: int
    journal_lines: int
    payloads_missing: int


@dataclass(frozen=True)
class Copied:
    """What a copy did: per table, and to the raw folder."""

    tables: list[TableCopy]
    raw: RawCopy


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's own tables (no bookkeeping, no catalog), in creation order."""
    rows = con.execute("SELECT table_name FROM duckdb_tables() "
                       "WHERE database_name = current_database() AND schema_name = 'main' "
                       "ORDER BY table_oid").fetchall()
    skipped = BOOKKEEPING | set(CATALOG_TABLES)
    return [r[0] for r in rows if r[0] not in skipped]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Its column names, sorted (the two kinds may order added columns differently)."""
    return sorted(r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall())


def fingerprint(con: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> tuple[int, int]:
    """(rows, an order-free hash of the rows' contents)."""
    listed = ", ".join(f'"{c}"' for c in names)
    row = con.execute(f'SELECT count(*), coalesce(sum(hash({listed})::HUGEINT), 0) '
                      f'FROM "{table}"').fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def copy_rows(source: duckdb.DuckDBPyConnection, target: duckdb.DuckDBPyConnection
              ) -> list[TableCopy]:
    """Copy every table's missing rows from `source` into `target` in one transaction, then
    compare the two; raise when any table differs."""
    names = tables(source)
    missing = [t for t in names if t not in set(tables(target))]
    if missing:
        raise TrackerError(f"the target warehouse lacks the tables {', '.join(missing)}: "
                           f"upgrade it with `tracker init`, then copy again")
    before: dict[str, tuple[int, int]] = {}
    with transaction(target):
        travel.mark_copy(target)  # a lake's `known_at` then knows these rows' times are older
        for table in names:
            cols = columns(source, table)
            listed = ", ".join(f'"{c}"' for c in cols)
            incoming = source.execute(f'SELECT {listed} FROM "{table}"').arrow()
            before[table] = fingerprint(target, table, cols)
            target.register("_copied_rows", incoming)
            target.execute(f'INSERT INTO "{table}" ({listed}) SELECT {listed} FROM _copied_rows '
                           f'EXCEPT ALL SELECT {listed} FROM "{table}"')
            target.unregister("_copied_rows")
    report = []
    for table in names:
        cols = columns(source, table)
        theirs, ours = fingerprint(source, table, cols), fingerprint(target, table, cols)
        report.append(TableCopy(table, theirs[0], ours[0] - before[table][0], ours[0],
                                theirs == ours))
    different = [c.table for c in report if not c.same]
    if different:
        raise TrackerError(
            f"after the copy the tables {', '.join(different)} differ between source and target "
            f"(the target held other rows before): copy into an empty warehouse")
    return report


def release_payloads(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(raw_path, sha256) of every release's payload."""
    return [(r[0], r[1]) for r in con.execute(
        "SELECT DISTINCT raw_path, sha256 FROM releases ORDER BY raw_path").fetchall()]


def copy_raw(payloads: list[tuple[str, str]], source_root: Store, target_root: Store) -> RawCopy:
    """Copy everything in the source's raw store into the target's (a folder or an object
    store, either way): payloads (each checked against its release's SHA-256), their
    sidecars, the journal, any other file. A file the target holds already must have the same
    bytes; the journal gets the source's lines it lacks, in the source's order. Afterwards
    every file is compared by its SHA-256."""
    expected = dict(payloads)
    copied = present = 0
    names = [n for n in source_root.names() if n != journal.NAME]
    for relative in names:
        if target_root.exists(relative):
            present += 1
            continue
        data = source_root.read(relative) or b""
        digest = expected.get(relative)
        if digest is not None and hashlib.sha256(data).hexdigest() != digest:
            raise TrackerError(f"raw payload {source_root.name}/{relative} does not match its "
                               f"SHA-256 {digest}: the source's raw store is damaged; nothing "
                               f"more was copied")
        target_root.put_new(relative, data)
        copied += 1
    lines = _merge_journal(source_root, target_root)
    differ = [n for n in names if _sha256(source_root, n) != _sha256(target_root, n)]
    if differ:
        raise TrackerError(
            f"after the copy the raw files {', '.join(differ[:5])} differ between source and "
            f"target (the target held other bytes under those names): copy into an empty "
            f"warehouse")
    missing = sum(1 for path in expected if not source_root.exists(path))
    return RawCopy(copied, present, lines, missing)


def _sha256(store: Store, name: str) -> str:
    data = store.read(name)
    return hashlib.sha256(data).hexdigest() if data is not None else ""


def _merge_journal(source: Store, target: Store) -> int:
    """Append to the target's journal the source's whole lines it lacks; return how many. A
    torn last line (a writer killed mid-line, which `tracker check` reports) is not copied."""
    theirs_text = source.read(journal.NAME)
    if theirs_text is None:
        return 0
    theirs = theirs_text.decode("utf-8").split("\n")[:-1]  # whole lines only
    ours = (target.read(journal.NAME) or b"").decode("utf-8")
    held = set(ours.split("\n"))
    missing = [line for line in theirs if line not in held]
    if missing:
        # The target's own torn line stays a line of its own.
        torn = "\n" if ours and not ours.endswith("\n") else ""
        target.append(journal.NAME, torn + "".join(f"{line}\n" for line in missing))
    after = (target.read(journal.NAME) or b"").decode("utf-8")
    if not set(theirs) <= set(after.split("\n")):
        raise TrackerError(f"after the copy the journal {target.name}/{journal.NAME} lacks "
                           f"lines of {source.name}/{journal.NAME}: nothing else writes it "
                           f"during a copy, so copy again")
    return len(missing)


def copy_user_catalog(source_folder: Path | None, target: Store) -> int:
    """Copy a user's catalog/*.csv files the target's catalog store lacks; return how many."""
    if source_folder is None:
        return 0
    copied = 0
    for csv in sorted(source_folder.glob("*.csv")):
        copied += target.put_new(csv.name, csv.read_bytes())
    return copied
