"""The source rankings in force in one warehouse, and re-ranking its releases.

The repository's rules (tracker/data/source_rankings.toml) apply unless the warehouse carries its
own, loaded with `tracker rankings --load`; each release keeps the rank it was given beside it
so that every read orders by a column, and loading new rules re-ranks every release at once.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import polars as pl

from tracker import authority
from tracker.store.transaction import transaction


def in_force(con: duckdb.DuckDBPyConnection) -> authority.Rankings:
    """The warehouse's own rules if it has any, else the repository's."""
    row = con.execute(
        "SELECT rules, origin FROM source_rankings ORDER BY loaded_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return authority.default()
    return authority.parse(json.loads(row[0]), str(row[1]))


def _rank(frame: pl.DataFrame, rules: authority.Rankings) -> pl.DataFrame:
    ranked = [rules.rank(p, t, g) for p, t, g in
              frame.select("publisher", "title", "grade").iter_rows()]
    return frame.with_columns(
        pl.Series("new_rank", [r for r, _ in ranked], dtype=pl.Int32),
        pl.Series("new_tier", [t for _, t in ranked], dtype=pl.Utf8),
    )


def _write(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    """Set the new ranks on the releases and on their figures' copies, inside the caller's
    transaction, so that no read sees the two disagree."""
    con.register("_ranked", frame.select("release_id", "new_rank", "new_tier").to_arrow())
    con.execute("UPDATE releases SET source_rank = k.new_rank, source_tier = k.new_tier "
                "FROM _ranked k WHERE releases.release_id = k.release_id")
    con.execute("UPDATE observations SET source_rank = k.new_rank, grade = r.grade "
                "FROM _ranked k, releases r WHERE observations.release_id = k.release_id "
                "AND r.release_id = k.release_id")
    con.unregister("_ranked")


def fill(con: duckdb.DuckDBPyConnection) -> int:
    """Rank the releases that have no rank yet (those held before ranks existed)."""
    frame = con.execute("SELECT release_id, publisher, title, grade FROM releases "
                        "WHERE source_rank IS NULL").pl()
    if frame.height:
        with transaction(con):
            _write(con, _rank(frame, in_force(con)))
    return frame.height


def load(con: duckdb.DuckDBPyConnection, spec: dict[str, Any] | None, origin: str,
         now: dt.datetime) -> int:
    """Put `spec` in force (None: back to the repository's rules) and re-rank every release,
    in one transaction; return how many releases changed rank."""
    rules = authority.parse(spec, origin) if spec is not None else authority.default()
    frame = con.execute(
        "SELECT release_id, publisher, title, grade, source_rank, source_tier FROM releases"
    ).pl()
    frame = _rank(frame, rules).filter((pl.col("new_rank") != pl.col("source_rank")).fill_null(True)
             | (pl.col("new_tier") != pl.col("source_tier")).fill_null(True))
    with transaction(con):
        con.execute("DELETE FROM source_rankings")
        if spec is not None:
            con.execute("INSERT INTO source_rankings VALUES (?, ?, ?::JSON)",
                        [now, origin, json.dumps(spec, ensure_ascii=False, default=str)])
        _write(con, frame)
    return frame.height


def table(rules: authority.Rankings) -> pl.DataFrame:
    """The rules as a frame, for `tracker rankings`."""
    rows = [{"rank": t.rank, "tier": t.name, "label_zh": t.label_zh, "label_en": t.label_en,
             "publisher": t.publisher.pattern if t.publisher else None,
             "title": t.title.pattern if t.title else None} for t in rules.tiers]
    rows += [{"rank": rank, "tier": f"grade {grade} at best", "label_zh": None,
              "label_en": None, "publisher": None, "title": None}
             for grade, rank in sorted(rules.grade_floor.items())]
    return pl.DataFrame(rows, schema={"rank": pl.Int64, "tier": pl.Utf8, "label_zh": pl.Utf8,
                                      "label_en": pl.Utf8, "publisher": pl.Utf8,
                                      "title": pl.Utf8})
