"""The `tracker` command line: a thin layer over the Python API (see README)."""

from tracker.cli.app import MODULES, main

# The modules that register commands on `main` (or `ingest`), imported only when one of their
# commands is looked up (tracker/cli/app.py LazyGroup); the reads first, the commands run most.
MODULES.extend([
    "series",  # series, vintages, vintage-table, first-release, revisions, conflicts
    "warehouse",  # build, init, optimize, ingest table, provenance, targets, releases, sql, ...
    "names",  # indicators, regions, clusters, search
    "history",  # withdraw, events, rankings
    "export",  # export
    "report",  # report, progress
    "review",  # review, review accept, review reject
    "refresh",  # refresh, schedule, sources
    "maintain",  # check, backup, rebuild
    "lake",  # snapshots, copy
    "serve",  # serve
    "extract",  # extract, ingest text
])

__all__ = ["main"]
