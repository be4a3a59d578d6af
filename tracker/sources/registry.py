"""The source kinds and their recipes, and the declarations that use them."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tracker.paths import SOURCES_DIR
from tracker.sources import bulletins, filedrop, portal
from tracker.sources.config import Param, SourceSpec, load_sources

KINDS: dict[str, ModuleType] = {"bulletins": bulletins, "portal": portal, "filedrop": filedrop}
PARAMS: dict[str, dict[str, Param]] = {kind: module.PARAMS for kind, module in KINDS.items()}


def declared(directory: Path | None = None) -> list[SourceSpec]:
    """Every source declared in `directory` (default ingest/sources/), validated."""
    return load_sources(directory or SOURCES_DIR, PARAMS)
