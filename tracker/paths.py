"""Where the package's data is, where the project's data folders are, and the default warehouse.

Package data (schema steps, the default catalog, the source rankings) sits inside the package, so
a wheel installed anywhere finds it. Project data (the bundled releases, declared sources, the
default warehouse and report) sits in a project folder: the checkout when the package runs from
one, else the current directory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
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


LAKE_PREFIX = "ducklake:"


def default_warehouse() -> Path:
    """The embedded default: `$TRACKER_WAREHOUSE`, else `warehouse/tracker.duckdb`."""
    return Path(os.environ.get("TRACKER_WAREHOUSE", WAREHOUSE_DIR / "tracker.duckdb"))


@dataclass(frozen=True)
class Location:
    """Where a warehouse is: a DuckDB file, or a DuckLake catalog (`ducklake:postgres:<libpq
    connection string>`) whose Parquet data and raw payloads sit under `data_path` (None: the
    one the catalog recorded when it was created)."""

    file: Path | None = None
    lake: str | None = None
    data_path: str | None = None

    @property
    def name(self) -> str:
        """How people and error messages name it: the file's path or the lake's URI (without
        a password it may hold)."""
        if self.file is not None:
            return str(self.file)
        return without_password(str(self.lake))

    def beside(self, data_path: str | None) -> str:
        """Where the warehouse keeps its own files (raw/, catalog/): the file's folder, or the
        lake's data path, a folder or an object store's URL (`data_path` is the one the
        catalog recorded)."""
        if self.file is not None:
            return str(self.file.parent)
        folder = self.data_path or data_path
        if not folder:
            from tracker.errors import TrackerError  # errors imports nothing from here

            raise TrackerError(
                f"the DuckLake warehouse {self.name} keeps raw payloads beside its data, but "
                f"its catalog records no data path: set TRACKER_DATA_PATH or --data-path to "
                f"a shared folder or an s3:// URL")
        return folder


def without_password(text: str) -> str:
    """`text` with any libpq `password=...` shown as `password=***`."""
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text)


def locate(where: Path | str | Location | None = None, data_path: Path | str | None = None,
           from_env: bool = True) -> Location:
    """The warehouse `where` names (default `$TRACKER_WAREHOUSE`, else the embedded file): a
    `ducklake:` URI is a lake with `data_path` (default `$TRACKER_DATA_PATH` unless not
    `from_env`, then the one its catalog recorded), anything else a file path."""
    if isinstance(where, Location):
        return where
    given = str(where) if where is not None else os.environ.get("TRACKER_WAREHOUSE")
    if given is not None and given.startswith(LAKE_PREFIX):
        folder = data_path
        if folder is None and from_env:
            folder = os.environ.get("TRACKER_DATA_PATH")
        if folder is not None and "://" not in str(folder):
            folder = str(Path(folder).resolve())
        return Location(lake=given, data_path=None if folder is None else str(folder))
    return Location(file=Path(given if given is not None else default_warehouse()).resolve())


def catalog_dir() -> Path:
    """The catalog CSVs: `$TRACKER_CATALOG` (a test or benchmark catalog), else the package's."""
    return Path(os.environ.get("TRACKER_CATALOG", DEFAULT_CATALOG_DIR))


def user_catalog_dir(warehouse: Path) -> Path | None:
    """A user's own catalog rows, `catalog/*.csv` beside the warehouse file, if the folder is
    there (see tracker/catalog_files.py)."""
    return user_catalog_in(warehouse.parent)


def user_catalog_in(folder: Path) -> Path | None:
    """`folder/catalog` if it is there: a warehouse's own folder (Location.beside)."""
    found = folder / "catalog"
    return found if found.is_dir() else None


def raw_dir(warehouse: Path) -> Path:
    """Content-addressed raw payloads live beside the database file (see Location.beside)."""
    return warehouse.parent / "raw"
