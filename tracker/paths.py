"""Where the repository's data folders are, and the default warehouse file."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_DIR = ROOT / "warehouse"
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
INGEST_DIR = ROOT / "ingest"
RELEASES_DIR = INGEST_DIR / "releases"
TARGETS_DIR = INGEST_DIR / "targets"
SOURCES_DIR = INGEST_DIR / "sources"


def default_warehouse() -> Path:
    """The embedded default: `$TRACKER_WAREHOUSE`, else `warehouse/tracker.duckdb`."""
    return Path(os.environ.get("TRACKER_WAREHOUSE", WAREHOUSE_DIR / "tracker.duckdb"))


def catalog_dir() -> Path:
    """The catalog CSVs: `$TRACKER_CATALOG` (a test or benchmark catalog), else the repo's."""
    return Path(os.environ.get("TRACKER_CATALOG", WAREHOUSE_DIR / "catalog"))


def raw_dir(warehouse: Path) -> Path:
    """Content-addressed raw payloads live beside the database file."""
    return warehouse.parent / "raw"
