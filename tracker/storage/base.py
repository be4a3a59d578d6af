"""What a warehouse's file store does, whichever kind it is."""

from __future__ import annotations

from typing import Protocol


class Store(Protocol):
    """Files under one root, named by relative `/`-separated names. A file is written whole or
    not at all, and content-addressed files are never rewritten, so `put_new` keeps what is
    there; the one growing file (the journal) grows by `append`."""

    @property
    def name(self) -> str:
        """How messages name the root: a folder's path or an object store's URL."""
        ...

    def child(self, name: str) -> Store:
        """The store under `name` (raw/, catalog/)."""
        ...

    def read(self, relative: str) -> bytes | None:
        """The file's bytes, or None when there is none (or the name leaves the root)."""
        ...

    def exists(self, relative: str) -> bool:
        """Whether the file is there."""
        ...

    def put_new(self, relative: str, data: bytes) -> bool:
        """Write the file whole unless it is there already; return whether it was written."""
        ...

    def append(self, relative: str, text: str) -> None:
        """Add `text` at the end of the file (made if absent), all of it or none."""
        ...

    def names(self) -> list[str]:
        """Every file under the root, sorted, without those still being written."""
        ...
