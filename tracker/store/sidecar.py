"""A small JSON file beside each raw payload: what the release was, so the raw store alone can
rebuild the warehouse (as owid/etl's snapshot .dvc files describe their snapshots).

`raw/<ab>/<sha256>.<release_id>.json` holds the release's description (publisher, title,
dates, URLs, source, ingester and its params in `extra`), its kind, the payload's SHA-256 and
the figures exactly as the ingester handed them to the store (before validation, so a rebuild
validates, converts and quarantines them again the same way). Version 2 keeps the figures as
Parquet bytes in base64 (`figures_parquet`): their types exactly, and a million-row release in
a tenth of a second and a megabyte, where JSON rows took seconds and hundreds of megabytes.
Version 1 sidecars (figures as JSON rows) are still read. One payload can back several
releases (the same bytes under a corrected description), hence one sidecar per release.
Written after the release's transaction commits, so no sidecar describes a release that was
rolled back; a crash in between leaves a release without one, which `tracker check` reports.
"""

from __future__ import annotations

import base64
import datetime as dt
import fnmatch
import io
import json
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from tracker.storage import Store
from tracker.store.release import ReleaseMeta

VERSION = 2
# The column types a figures or targets frame holds; any other comes back as text.
_TYPES: dict[str, Any] = {"String": pl.String, "Date": pl.Date, "Float64": pl.Float64,
                          "Int64": pl.Int64, "Int32": pl.Int32, "Boolean": pl.Boolean,
                          "Float32": pl.Float32, "Null": pl.String}


@dataclass(frozen=True)
class Sidecar:
    """One release as its sidecar describes it."""

    path: str  # its name in the raw store
    release_id: str
    kind: str
    sha256: str
    raw_path: str
    ingested_at: str
    meta: ReleaseMeta
    figures: pl.DataFrame


def path_for(raw_path: str | Path, release_id: str) -> str:
    """The name in the raw store of the sidecar of `release_id` (whose payload is at
    `raw_path`)."""
    return f"{PurePosixPath(raw_path)}.{release_id}.json"


def write(raw_root: Store, raw_path: Path, release_id: str, kind: str, digest: str,
          meta: ReleaseMeta, figures: pl.DataFrame, ingested_at: dt.datetime) -> str:
    """Write the sidecar whole; one already there is kept (a rebuild keeps the original
    ingestion time). Return its name."""
    target = path_for(raw_path, release_id)
    if raw_root.exists(target):
        return target
    record = {
        "version": VERSION, "release_id": release_id, "kind": kind, "sha256": digest,
        "raw_path": str(raw_path), "ingested_at": ingested_at.isoformat(),
        "meta": {f.name: getattr(meta, f.name) for f in fields(meta)},
        "schema": {name: str(dtype) for name, dtype in figures.schema.items()},
        "figures_parquet": base64.b64encode(_parquet(figures)).decode("ascii"),
    }
    raw_root.put_new(target, json.dumps(record, ensure_ascii=False, indent=1,
                                        default=_plain).encode("utf-8"))
    return target


def _parquet(figures: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    figures.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def read(raw_root: Store, name: str) -> Sidecar:
    """One sidecar back as a release description and its figures frame."""
    data = raw_root.read(name)
    if data is None:
        raise FileNotFoundError(f"no sidecar {name} in {raw_root.name}")
    record = json.loads(data.decode("utf-8"))
    given = dict(record["meta"])
    given["date_published"] = dt.date.fromisoformat(given["date_published"])
    given["date_accessed"] = dt.datetime.fromisoformat(given["date_accessed"])
    return Sidecar(name, record["release_id"], record["kind"], record["sha256"],
                   record["raw_path"], record["ingested_at"], ReleaseMeta(**given),
                   _figures(record))


def _figures(record: dict[str, Any]) -> pl.DataFrame:
    if "figures_parquet" in record:  # version 2
        return pl.read_parquet(io.BytesIO(base64.b64decode(record["figures_parquet"])))
    return frame_from(record)


def frame_record(frame: pl.DataFrame) -> dict[str, Any]:
    """A figures frame as JSON-ready `schema` and `figures` (the journal stores held ones so)."""
    return {"schema": {name: str(dtype) for name, dtype in frame.schema.items()},
            "figures": json.loads(frame.write_json())}


def frame_from(record: dict[str, Any]) -> pl.DataFrame:
    """The frame `frame_record` wrote, with its column types."""
    schema = {name: _TYPES.get(kind, pl.String) for name, kind in record["schema"].items()}
    rows = json.dumps(record["figures"], ensure_ascii=False)
    return (pl.read_json(io.StringIO(rows), schema=schema) if record["figures"]
            else pl.DataFrame(schema=schema))


def all_in(raw_root: Store) -> list[str]:
    """The name of every sidecar in the raw store (`<ab>/<sha256>.<release_id>.json`)."""
    return [n for n in raw_root.names()
            if n.count("/") == 1 and fnmatch.fnmatchcase(n.split("/")[1], "*.R*.json")]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)
