"""DuckLake warehouses for the tests: a lake (its catalog database and data folder), cloned from
templates, on the tests' own PostgreSQL server (tracker/bench/postgres.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

import tracker
from tracker.bench.postgres import Server
from tracker.paths import locate
from tracker.store import lake
from tracker.store.connect import close_all


@dataclass(frozen=True)
class Lake:
    """A DuckLake warehouse: its catalog database and its data folder."""

    server: Server
    database: str
    data: Path

    @property
    def uri(self) -> str:
        """What --warehouse and tracker.open() take."""
        return self.server.uri(self.database)

    def clone(self, data: Path) -> Lake:
        """A private copy: the catalog cloned from this one, the data folder copied to `data`
        (the copy attaches with its own data path)."""
        close_all()  # CREATE DATABASE ... TEMPLATE needs the template without sessions
        shutil.copytree(self.data, data)
        clone = Lake(self.server, self.server.create(template=self.database), data)
        # The copy's catalog names its own data folder, as a lake created there would.
        self.server.psql(clone.database, "UPDATE ducklake_metadata SET value = "
                         f"'{data}/' WHERE key = 'data_path'")
        return clone


def new_lake(server: Server, data: Path) -> Lake:
    """An empty, migrated lake."""
    made = Lake(server, server.create(), data)
    with tracker.open(made.uri, read_only=False, data_path=data) as wh:
        wh.init()
    return made


def raw_connection(warehouse: Path | str) -> duckdb.DuckDBPyConnection:
    """A plain read-write DuckDB connection to either kind, for a test that tampers with what
    the API would never write (the data folder comes from TRACKER_DATA_PATH)."""
    where = locate(warehouse)
    if where.file is not None:
        return duckdb.connect(str(where.file))
    return lake.connect(where, read_only=False)
