"""Where the repository's data folders are, and the default warehouse file."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_DIR = ROOT / "warehouse"
CATALOG_DIR = WAREHOUSE_DIR / "catalog"
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
INGEST_DIR = ROOT / "ingest"
RELEASES_DIR = INGEST_DIR / "releases"
TARGETS_DIR = INGEST_DIR / "targets"
SOURCES_DIR = INGEST_DIR / "sources"


def default_warehouse() -> Path:
    """The embedded default: `$TRACKER_WAREHOUSE`, else `warehouse/tracker.duckdb`."""
    return Path(os.environ.get("TRACKER_WAREHOUSE", WAREHOUSE_DIR / "tracker.duckdb"))


def raw_dir(warehouse: Path) -> Path:
    """Content-addressed raw payloads live beside the database file."""
    return warehouse.parent / "raw"
