"""A warehouse's files in a folder: beside a DuckDB file, or under a lake's shared mount."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Suffixes of files still being written, renamed into place by their writer (or left behind
# when it was killed): never listed, never copied.
_PARTIAL = (".tmp", ".copying")


@dataclass(frozen=True)
class Folder:
    """Files under `root`, each written to a temporary name and renamed into place."""

    root: Path

    @property
    def name(self) -> str:
        """The folder's path."""
        return str(self.root)

    def child(self, name: str) -> Folder:
        """The folder under `name`."""
        return Folder(self.root / name)

    def path(self, relative: str) -> Path | None:
        """The file's path, or None when `relative` leads out of the folder."""
        root = self.root.resolve()
        target = (root / relative).resolve()
        return target if target.is_relative_to(root) else None

    def read(self, relative: str) -> bytes | None:
        """The file's bytes, or None when there is none."""
        target = self.path(relative)
        return target.read_bytes() if target is not None and target.is_file() else None

    def exists(self, relative: str) -> bool:
        """Whether the file is there."""
        target = self.path(relative)
        return target is not None and target.is_file()

    def put_new(self, relative: str, data: bytes) -> bool:
        """Write the file (synced to disk, then renamed into place) unless it is there."""
        target = self.root / relative
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(target)
        return True

    def append(self, relative: str, text: str) -> None:
        """One write in append mode: a crash leaves at most a torn last line."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    def names(self) -> list[str]:
        """Every file under the folder, sorted, without partial ones."""
        if not self.root.is_dir():
            return []
        return [p.relative_to(self.root).as_posix() for p in sorted(self.root.rglob("*"))
                if p.is_file() and not p.suffix.startswith(_PARTIAL)]
