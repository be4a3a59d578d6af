"""The history of releases beside their figures: withdrawals, corrections and source rankings."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tracker import clock
from tracker.handle import DateLike, Handle, date_arg, who
from tracker.store import events, read

# tracker/store/journal.py (which brings the append path) and rankings.py (which brings
# tracker/authority.py) are imported in the methods that use them: a read from the shell
# never needs them.


class History(Handle):
    """Withdraw a release, list release events, show or load the source rankings."""

    def withdraw(self, release_id: str, reason: str, by: str | None = None,
                 effective: DateLike = None) -> str:
        """Withdraw a release from `effective` (default today, Beijing time) on; return the
        event id. Nothing is deleted: earlier as-of answers still see it."""
        from tracker.store import journal

        self._writable()
        when = date_arg(effective, "effective") or clock.today()
        actor, now = by or who(), clock.now()
        with self._writer() as con:
            event_id = events.withdraw(con, release_id, reason=reason, actor=actor, now=now,
                                       effective_from=when)
        # After the commit, as a release's sidecar: so a rebuild from raw/ withdraws it again.
        journal.withdrawn(self.raw_root, event_id, release_id, reason=reason, actor=actor,
                          at=now, effective_from=when)
        return event_id

    def events(self, release_id: str | None = None) -> pl.DataFrame:
        """Withdrawals and corrections, oldest first."""
        with self._reads.connection() as con:
            return read.events(con, release_id)

    def rankings(self) -> pl.DataFrame:
        """The source rankings in force (the warehouse's own, else the repository's)."""
        from tracker.store import rankings

        with self._reads.connection() as con:
            return rankings.table(rankings.in_force(con))

    def load_rankings(self, path: Path | str | None) -> int:
        """Put a rankings file in force for this warehouse (None: the repository's again) and
        re-rank every release; return how many changed rank."""
        from tracker import authority
        from tracker.store import rankings

        self._writable()
        spec = authority.read_file(Path(path)) if path is not None else None
        with self._writer() as con:
            return rankings.load(con, spec, str(path) if path else "repository", clock.now())
