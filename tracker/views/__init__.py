"""Altair views of the warehouse: each takes a Warehouse and returns a chart.

Each view module splits reading (`<view>_data`, warehouse reads only) from drawing
(`<view>_chart`, pure on polars frames), so that charts can be built from any frames.
"""

from tracker.views.actual_vs_target import actual_vs_target
from tracker.views.clusters import clusters
from tracker.views.conflicts import conflicts
from tracker.views.progress_board import progress_board
from tracker.views.revisions import revisions

__all__ = ["actual_vs_target", "clusters", "conflicts", "progress_board", "revisions"]
