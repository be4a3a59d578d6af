"""Altair views of the warehouse: each takes a Warehouse and returns a chart.

Each view module splits reading (`<view>_data`, warehouse reads only) from drawing
(`<view>_chart`, pure on polars frames), so that charts can be built from any frames.
Importing the package turns on the offline renderer (tracker/views/offline.py): notebook charts
draw with no network.
"""

from tracker.views.actual_vs_target import actual_vs_target
from tracker.views.clusters import clusters
from tracker.views.conflicts import conflicts
from tracker.views.offline import offline
from tracker.views.progress_board import progress_board
from tracker.views.revisions import revisions

__all__ = ["actual_vs_target", "clusters", "conflicts", "offline", "progress_board",
           "revisions"]

offline()
