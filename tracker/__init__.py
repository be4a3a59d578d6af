"""tracker: Guangdong's economic indicators, every figure dated, versioned and traceable.

    import tracker
    wh = tracker.open()                       # warehouse/tracker.duckdb, read-only
    wh.series("nev_output", as_of="2025-02-01")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError

if TYPE_CHECKING:
    from tracker.store.release import ReleaseMeta
    from tracker.warehouse import Warehouse, open

__all__ = ["ReleaseMeta", "TrackerError", "Warehouse", "open"]

# Imported on first use, not with the package: `import tracker.cli` (and every `tracker`
# command, --help included) would otherwise pay for polars and DuckDB before parsing a flag.
_LAZY = {"ReleaseMeta": "tracker.store.release", "Warehouse": "tracker.warehouse",
         "open": "tracker.warehouse"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'tracker' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # looked up once
    return value
