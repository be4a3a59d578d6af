"""Where the package's data is, where the project's data folders are, and the default warehouse.

Package data (schema steps, the default catalog, the source rankings) sits inside the package, so
a wheel installed anywhere finds it. Project data (the bundled releases, declared sources, the
default warehouse and report) sits in a project folder: the checkout when the package runs from
one, else the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE / "migrations"
DEFAULT_CATALOG_DIR = PACKAGE / "data" / "catalog"
RANKINGS_FILE = PACKAGE / "data" / "source_rankings.toml"

# A checkout has pyproject.toml beside the package; an installed wheel sits in site-packages,
# where the parent folder is shared with every other package and is no place for data.
_CHECKOUT = PACKAGE.parent
ROOT = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
WAREHOUSE_DIR = ROOT / "warehouse"
INGEST_DIR = ROOT / "ingest"
RELEASES_DIR = INGEST_DIR / "releases"
TARGETS_DIR = INGEST_DIR / "targets"
SOURCES_DIR = INGEST_DIR / "sources"


def default_warehouse() -> Path:
    """The embedded default: `$TRACKER_WAREHOUSE`, else `warehouse/tracker.duckdb`."""
    return Path(os.environ.get("TRACKER_WAREHOUSE", WAREHOUSE_DIR / "tracker.duckdb"))


def catalog_dir() -> Path:
    """The catalog CSVs: `$TRACKER_CATALOG` (a test or benchmark catalog), else the package's."""
    return Path(os.environ.get("TRACKER_CATALOG", DEFAULT_CATALOG_DIR))


def user_catalog_dir(warehouse: Path) -> Path | None:
    """A user's own catalog rows, `catalog/*.csv` beside the warehouse file, if the folder is
    there (see tracker/catalog_files.py)."""
    folder = warehouse.parent / "catalog"
    return folder if folder.is_dir() else None


def raw_dir(warehouse: Path) -> Path:
    """Content-addressed raw payloads live beside the database file."""
    return warehouse.parent / "raw"
