"""Where a warehouse keeps its own files: raw payloads, their sidecars, the journal of
decisions and a user's catalog. Beside a DuckDB file, or under a DuckLake's data path: a folder
(a shared mount) or an object store's URL (`s3://bucket/prefix`), the same files under the same
names in both (tracker/storage/folder.py, tracker/storage/bucket.py).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from tracker.errors import TrackerError
from tracker.storage.base import Store
from tracker.storage.folder import Folder

__all__ = ["Folder", "Store", "home", "is_url"]


def is_url(where: str | Path) -> bool:
    """Whether a data path names an object store rather than a folder."""
    return "://" in str(where)


def home(where: str | Path) -> Store:
    """The store at a data path: a folder, or an `s3://bucket/prefix` URL."""
    if not is_url(where):
        return Folder(Path(where))
    text = str(where)
    if not text.startswith("s3://"):
        raise TrackerError(
            f"data path {text!r}: expected a folder or an S3 URL (s3://bucket/prefix; any "
            f"S3-compatible store, through AWS_ENDPOINT_URL), got the scheme "
            f"{text.split('://', 1)[0]}://: name a folder or an s3:// URL")
    from tracker.storage.bucket import Bucket  # boto3 costs a shell command 0.2 s to import

    return Bucket.at(text)


def local_folder(store: Store) -> Path | None:
    """A folder on this machine holding the store's files (None if it has none): the folder
    itself, or the objects fetched into a temporary folder of this process (a user's catalog
    CSVs under an object store, which the catalog reads as files)."""
    if isinstance(store, Folder):
        return store.root if store.root.is_dir() else None
    names = store.names()
    if not names:
        return None
    folder = Path(tempfile.mkdtemp(prefix="tracker-catalog-"))
    atexit.register(shutil.rmtree, folder, True)
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(store.read(name) or b"")
    return folder
