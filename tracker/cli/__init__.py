"""The `tracker` command line: a thin layer over the Python API (see README)."""

from tracker.cli import (
    export,  # noqa: F401  (registers export)
    extract,  # noqa: F401  (registers its commands)
    history,  # noqa: F401  (registers withdraw, events, rankings)
    maintain,  # noqa: F401  (registers check, backup, rebuild)
    names,  # noqa: F401  (registers indicators, regions, clusters, search)
    refresh,  # noqa: F401  (registers refresh, schedule, sources)
    report,  # noqa: F401  (registers its commands)
    review,  # noqa: F401  (registers review, review accept, review reject)
    serve,  # noqa: F401  (registers serve)
    warehouse,  # noqa: F401  (registers its commands)
)
from tracker.cli.app import main

__all__ = ["main"]
