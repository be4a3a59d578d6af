"""Named, ordered schema steps from tracker/migrations/*.sql, recorded in the database.

Each step runs in its own transaction together with its record in `_migrations`, so a crash
leaves the schema at a step boundary. The catalog tables are then synced from the CSVs (the
package's, with the user's folder beside the warehouse merged over them).

A new DuckLake gets the schema the steps build, made in a scratch in-memory database and created
table by table: DuckLake cannot change a column's type with an expression (migration 006 turns
TIMESTAMP into TIMESTAMPTZ that way), and a new lake has no rows to convert. Steps after the
lake was created run on it as written, so they keep to what DuckLake supports (ADD COLUMN,
UPDATE, CREATE TABLE; no constraints beyond NOT NULL, no indexes, no sequences).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from tracker import catalog_files
from tracker.paths import MIGRATIONS_DIR, catalog_dir
from tracker.store import lake
from tracker.store.transaction import transaction

CATALOG_TABLES = {
    "indicators": "indicators.csv",
    "measures": "measures.csv",
    "regions": "regions.csv",
    "clusters": "clusters.csv",
    "units": "units.csv",
    "scales": "scales.csv",
}


def migrations(folder: Path = MIGRATIONS_DIR) -> list[tuple[str, str]]:
    """(name, sql) for every migration file, in order of its numeric prefix."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.sql"))]


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the migrations this database has recorded."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR NOT NULL, applied_at TIMESTAMP)"
    )
    return [r[0] for r in con.execute("SELECT name FROM _migrations ORDER BY name").fetchall()]


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Migrations this code has and the database has not recorded (read-only: creates nothing)."""
    # Asked of the table itself: listing duckdb_tables() would also list a lake's PostgreSQL
    # catalog, which costs a round trip per table there.
    try:
        done = {r[0] for r in con.execute("SELECT name FROM _migrations").fetchall()}
    except duckdb.CatalogException:
        done = set()
    return [name for name, _ in migrations() if name not in done]


def migrate(con: duckdb.DuckDBPyConnection, folder: Path = MIGRATIONS_DIR,
            user_catalog: Path | None = None) -> list[str]:
    """Apply the pending migrations and sync the catalog; return the migrations' names."""
    done = set(applied(con))
    pending = [(name, sql) for name, sql in migrations(folder) if name not in done]
    # All pending migrations in one transaction: a process killed halfway leaves the schema
    # as it was, never half upgraded under readers that expect all of it.
    on_lake = lake.is_lake(con)
    if pending and on_lake and not done:
        with transaction(con):
            for statement in built(pending):
                con.execute(statement)
            con.executemany("INSERT INTO _migrations VALUES (?, now())",
                            [[name] for name, _ in pending])
    elif pending:
        with transaction(con):
            for name, sql in pending:
                con.execute(sql)
                con.execute("INSERT INTO _migrations VALUES (?, now())", [name])
        if not on_lake:
            # Into the file at once: DuckDB 1.5.5 cannot replay an ALTER ... SET DATA TYPE from
            # the WAL ("no default database set"), so a process killed before a checkpoint
            # would leave a warehouse that no connection can open.
            con.execute("CHECKPOINT")
    new = [name for name, _ in pending]
    sync_catalog(con, user=user_catalog)
    if new:
        # Imported here: every connection imports this module for its version check, and
        # rankings brings tracker/authority.py, which only a migration needs.
        from tracker.store import rankings

        rankings.fill(con)  # releases held before ranks existed
    return new


def built(steps: list[tuple[str, str]]) -> list[str]:
    """CREATE TABLE statements for the tables `steps` build from nothing, in creation order."""
    scratch = duckdb.connect()
    try:
        for _, sql in steps:
            scratch.execute(sql)
        rows = scratch.execute("SELECT sql FROM duckdb_tables() WHERE database_name = 'memory' "
                               "ORDER BY table_oid").fetchall()
    finally:
        scratch.close()
    return [r[0] for r in rows]


def sync_catalog(con: duckdb.DuckDBPyConnection, folder: Path | None = None,
                 user: Path | None = None) -> bool:
    """Replace the catalog tables' rows with the CSVs' when the CSVs changed; True if it did."""
    folder = folder or catalog_dir()
    con.execute("CREATE TABLE IF NOT EXISTS _catalog_state (sha256 VARCHAR, synced_at TIMESTAMP)")
    current = catalog_files.digest(folder, user)
    row = con.execute("SELECT sha256 FROM _catalog_state").fetchone()
    if row and row[0] == current:
        return False
    with transaction(con):
        files = catalog_files.rows(folder, user)
        for table, filename in CATALOG_TABLES.items():
            con.execute(f"DELETE FROM {table}")
            # Only the table's columns (a user file may add `aliases`); empty cells are NULL.
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            rows = pl.DataFrame([{c: row.get(c) or None for c in columns}
                                 for row in files[filename]],
                                schema=dict.fromkeys(columns, pl.String))
            con.register("_catalog_rows", rows.to_arrow())
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _catalog_rows")
            con.unregister("_catalog_rows")
        con.execute("DELETE FROM _catalog_state")
        con.execute("INSERT INTO _catalog_state VALUES (?, now())", [current])
    return True
