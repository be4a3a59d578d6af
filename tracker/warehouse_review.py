"""Figures held for review under a confidence threshold (tracker/store/review.py holds the SQL)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from tracker import clock
from tracker.handle import Handle
from tracker.store import review
from tracker.store.release import ReleaseMeta


class Reviews(Handle):
    """Hold doubtful figures, list them, accept or reject them."""

    def append_reviewed(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes,
                        threshold: float, *, strict: bool = False,
                        run_id: str | None = None) -> review.Reviewed:
        """Append the figures sure enough for `threshold` as one release; hold the rest."""
        self._writable()
        with self._writer() as con:
            return review.append_reviewed(con, self.raw_root, self.catalog, meta, figures, raw,
                                          threshold, clock.now(), strict=strict, run_id=run_id)

    def held(self, release: str | None = None, status: str | None = None) -> pl.DataFrame:
        """Figures held for review (status pending, accepted or rejected), with their release."""
        with self._reads.connection() as con:
            return review.held(con, release, status)

    def accept(self, ids: Sequence[str], by: str) -> list[review.Decision]:
        """Append held figures to their releases, each once, all in one transaction."""
        self._writable()
        with self._writer() as con:
            return review.accept(con, self.catalog, ids, by, clock.now())

    def reject(self, ids: Sequence[str], reason: str, by: str) -> list[review.Decision]:
        """Record held figures as rejected, with the reason, in one transaction."""
        self._writable()
        with self._writer() as con:
            return review.reject(con, ids, reason, by, clock.now())
