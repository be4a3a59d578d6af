"""Figures held for review under a confidence threshold (tracker/store/review.py holds the SQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from tracker import clock
from tracker.handle import Handle
from tracker.store.release import ReleaseMeta

if TYPE_CHECKING:
    from tracker.store import review

# tracker/store/review.py and journal.py are imported in the methods that use them: they bring
# the append path (validation, rankings, sidecars), which a read from the shell never needs.


class Reviews(Handle):
    """Hold doubtful figures, list them, accept or reject them."""

    def append_reviewed(self, meta: ReleaseMeta, figures: pl.DataFrame, raw: bytes,
                        threshold: float, *, strict: bool = False,
                        run_id: str | None = None) -> review.Reviewed:
        """Append the figures sure enough for `threshold` as one release; hold the rest."""
        from tracker.store import journal, review

        self._writable()
        now = clock.now()
        with self._writer() as con:
            done = review.append_reviewed(con, self.raw_root, self.catalog, meta, figures, raw,
                                          threshold, now, strict=strict, run_id=run_id)
        if done.held:  # the release's sidecar has only the sure figures; a rebuild holds these
            journal.held(self.raw_root, done.result.release_id,
                         review.unsure(figures, done.threshold), now)
        return done

    def held(self, release: str | None = None, status: str | None = None) -> pl.DataFrame:
        """Figures held for review (status pending, accepted or rejected), with their release."""
        from tracker.store import review

        with self._reads.connection() as con:
            return review.held(con, release, status)

    def accept(self, ids: Sequence[str], by: str) -> list[review.Decision]:
        """Append held figures to their releases, each once, all in one transaction."""
        from tracker.store import journal, review

        self._writable()
        with self._writer() as con:
            done = review.accept(con, self.catalog, ids, by, clock.now())
        journal.decided(self.raw_root, done, None)
        return done

    def reject(self, ids: Sequence[str], reason: str, by: str) -> list[review.Decision]:
        """Record held figures as rejected, with the reason, in one transaction."""
        from tracker.store import journal, review

        self._writable()
        with self._writer() as con:
            done = review.reject(con, ids, reason, by, clock.now())
        journal.decided(self.raw_root, done, reason)
        return done
