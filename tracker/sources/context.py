"""What a source recipe works with: its declaration, an HTTP client, and a way to save releases.

A recipe loads everything it needs first and saves at the end, so a fault anywhere in loading
leaves the warehouse as it was; each release is then appended whole by the store.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from tracker.sources.config import SourceSpec
from tracker.sources.http import Fetched, HttpClient
from tracker.store.release import ReleaseMeta

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse


@dataclass
class Release:
    """One document or payload ready to append: its description, figures and raw bytes."""

    meta: ReleaseMeta
    figures: pl.DataFrame
    raw: bytes


@dataclass
class Tally:
    """What a run appended, summed over its releases."""

    releases_added: int = 0
    releases_unchanged: int = 0
    added: int = 0
    unchanged: int = 0
    quarantined: int = 0


@dataclass
class Context:
    """One run of one source: the recipe's handle on the network and the warehouse."""

    spec: SourceSpec
    wh: Warehouse
    run_id: str
    client: HttpClient
    tally: Tally = field(default_factory=Tally)

    def meta(
        self, title: str, published: dt.date, fetched: Fetched | None = None, **extra: Any
    ) -> ReleaseMeta:
        """A release description for this source, carrying the fetch's provenance in `extra`."""
        fetch = fetched.metadata() if fetched else {}
        return ReleaseMeta(
            publisher=str(self.spec.params["publisher"]),
            title=title,
            date_published=published,
            ingester=f"tracker.sources.{self.spec.kind}",
            url_main=extra.pop("url_main", None) or (fetched.final_url if fetched else None),
            url_download=fetched.final_url if fetched else None,
            grade=str(self.spec.params.get("grade", "A")),
            source_id=self.spec.id,
            media_type=fetched.content_type or None if fetched else None,
            extra={"fetch": fetch, **extra},
        )

    def save(self, releases: list[Release]) -> None:
        """Append each release (each whole or not at all) and count what happened."""
        for release in releases:
            result = self.wh.append_release(
                release.meta, release.figures, release.raw, run_id=self.run_id
            )
            if result.status == "added":
                self.tally.releases_added += 1
            else:
                self.tally.releases_unchanged += 1
            self.tally.added += result.added
            self.tally.unchanged += result.unchanged
            self.tally.quarantined += result.quarantined

    def seen(self, key: str) -> set[str]:
        """Values of `extra[key]` over this source's releases already in the warehouse."""
        frame = self.wh.releases(source_id=self.spec.id)
        values: set[str] = set()
        for extra in frame["extra"].to_list() if "extra" in frame.columns else []:
            value = json.loads(extra).get(key) if extra else None
            if value is not None:
                values.add(str(value))
        return values
