"""tracker: Guangdong's economic indicators, every figure dated, versioned and traceable.

    import tracker
    wh = tracker.open()                       # warehouse/tracker.duckdb, read-only
    wh.series("nev_output", as_of="2025-02-01")
"""

from tracker.errors import TrackerError
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse, open

__all__ = ["ReleaseMeta", "TrackerError", "Warehouse", "open"]
