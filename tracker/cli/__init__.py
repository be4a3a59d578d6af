"""The `tracker` command line: a thin layer over the Python API (see README)."""

from tracker.cli import warehouse  # noqa: F401  (registers its commands)
from tracker.cli.app import main

__all__ = ["main"]
