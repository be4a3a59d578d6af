"""The DuckDB extensions a lake needs, loaded from their pinned wheels by path (nothing is
downloaded at run time), and the object store's credentials handed to DuckDB.

DuckLake and the PostgreSQL scanner are loaded into every lake's engine. httpfs only when a
lake's data path is an object store (`s3://bucket/prefix`): DuckDB then reads and writes the
Parquet files there with a secret made from the same AWS environment variables the raw
payloads' client reads (tracker/storage/s3env.py), scoped to the bucket.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import duckdb

from tracker.errors import TrackerError

LAKE = (("duckdb_extension_postgres_scanner", "postgres_scanner"),
        ("duckdb_extension_ducklake", "ducklake"))
HTTPFS = ("duckdb_extension_httpfs", "httpfs")


def extension_file(module: str, name: str) -> Path:
    """The extension file an installed wheel holds (`<module>/extensions/v<ver>/<name>...`)."""
    spec = importlib.util.find_spec(module)
    folders = list(spec.submodule_search_locations or []) if spec else []
    wanted = f"v{duckdb.__version__}"
    for folder in folders:
        found = Path(folder) / "extensions" / wanted / f"{name}.duckdb_extension"
        if found.is_file():
            return found
    raise TrackerError(
        f"the DuckDB extension {name} for duckdb {duckdb.__version__} is not installed (looked "
        f"for {module}/extensions/{wanted}/): install the pinned wheels with "
        f"`pip install -r requirements.lock` (package {module.replace('_', '-')})")


def quoted(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def load(con: duckdb.DuckDBPyConnection, module: str, name: str) -> None:
    """Load one extension into `con`'s database from its wheel."""
    con.execute(f"LOAD {quoted(str(extension_file(module, name)))}")


def reach_store(con: duckdb.DuckDBPyConnection, url: str) -> None:
    """Let `con`'s database read and write Parquet under the object store's `url`: httpfs
    loaded, and a secret for its bucket from the environment (made again at every attach, so
    a process whose environment changed uses the new credentials). The bucket is checked first
    (tracker/storage/bucket.py), so a missing one or refused credentials are told plainly
    rather than as an HTTP error from the middle of a query."""
    from tracker.storage.bucket import Bucket  # boto3: only for an object store

    store = Bucket.at(url)
    load(con, *HTTPFS)
    s3 = store.settings
    options = [("TYPE", "s3"), ("KEY_ID", quoted(s3.key_id)), ("SECRET", quoted(s3.secret)),
               ("REGION", quoted(s3.region)), ("USE_SSL", str(s3.use_ssl).lower()),
               ("SCOPE", quoted(f"s3://{store.bucket}"))]
    if s3.session_token:
        options.append(("SESSION_TOKEN", quoted(s3.session_token)))
    if s3.host:  # an S3-compatible server: addressed by path, not by a bucket's host name
        options += [("ENDPOINT", quoted(s3.host)), ("URL_STYLE", "'path'")]
    name = "tracker_s3_" + hashlib.sha256(store.bucket.encode()).hexdigest()[:12]
    listed = ", ".join(f"{k} {v}" for k, v in options)
    con.execute(f"CREATE OR REPLACE TEMPORARY SECRET {name} ({listed})")

