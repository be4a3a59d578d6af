"""`tracker serve`: the warehouse as read-only web pages, JSON and CSV (see tracker/serve/app.py).

Nothing in the tracker imports this package but the `serve` command, so the web stack costs the
other commands and the Python API nothing.
"""
