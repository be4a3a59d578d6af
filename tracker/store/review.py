"""Figures held for review: hold the doubtful ones beside their release, list, accept, reject.

A reviewed ingest appends the figures sure enough for its threshold as one release (append.py)
and holds the rest in `held_figures`, tied to that release. Accepting a held figure adds it to
its release through the same deduplicating insert an append uses; rejecting records why.
Identity lives here, not in constraints (DuckLake enforces none): a held figure's id derives
from its release and the figure, so holding the same release again holds nothing twice, and a
figure is decided once (a decision runs in one transaction with what it writes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import duckdb
import polars as pl

from tracker import clock
from tracker.catalog import Catalog
from tracker.errors import InputError, NotFoundError, ReviewError, StrictModeError
from tracker.storage import Store
from tracker.store import append, validate
from tracker.store.append import AppendResult
from tracker.store.release import FIGURE_COLUMNS, FIGURE_SCHEMA, ReleaseMeta
from tracker.store.transaction import transaction

# A figures frame plus what the extractor said of each figure: its base value and unit, the rule
# that read it and how sure that rule is.
HELD_SCHEMA: dict[str, Any] = {**FIGURE_SCHEMA, "value": pl.Float64, "unit": pl.Utf8,
                               "rule": pl.Utf8, "confidence": pl.Float64}
DECISIONS = ("pending", "accepted", "rejected")
# In releases.extra: the threshold a release was ingested with (see append_reviewed).
THRESHOLD_KEY = "review_threshold"
ID_PATTERN = re.compile(r"H[0-9a-f]{11}")
_HELD_ID = """'H' || left(sha256(concat_ws(chr(10), $release_id, indicator, region,
    coalesce("cluster", ''), measure, period_start, period_end, coalesce(quote_start, -1),
    coalesce(quote_end, -1), value_as_published, unit_as_published, qualifier, status)), 11)"""
_LIST_FIX = "List them with `tracker review --status pending`."


@dataclass
class Reviewed:
    """What a reviewed append did: the release's append, and how many figures it held."""

    result: AppendResult
    held: int
    threshold: float


@dataclass(frozen=True)
class Decision:
    """What one review decision did to one held figure.

    `outcome`: added (a new observation, `obs_id`), unchanged (accepted, but the warehouse
    already knew the figure from the same source), already_accepted, rejected, already_rejected.
    """

    held_id: str
    release_id: str
    outcome: str
    obs_id: int | None
    decided_at: dt.datetime
    decided_by: str
    reason: str | None = None


def append_reviewed(con: duckdb.DuckDBPyConnection, raw_root: Store, cat: Catalog,
                    meta: ReleaseMeta, frame: pl.DataFrame, raw: bytes, threshold: float,
                    at: dt.datetime, *, strict: bool = False,
                    run_id: str | None = None) -> Reviewed:
    """Append the figures of `frame` (HELD_SCHEMA) at or above `threshold`; hold the rest.

    The release is recorded with its raw bytes, its provenance and the threshold even when
    every figure is held. Appending and holding are two transactions (append.append owns its
    own); if a crash falls between them, the same ingest again finds the release recorded with
    a threshold and nothing held, and holds by that threshold what it did not.
    """
    if not 0.0 <= threshold <= 1.0:
        raise InputError("--threshold", "a confidence from 0 to 1", repr(threshold),
                         "Pass e.g. --threshold 0.8.")
    if strict:
        _, errors = validate.figures(frame.select(FIGURE_COLUMNS), cat, f"release {meta.title!r}")
        if errors:
            raise StrictModeError(f"release {meta.title!r}", errors)
    meta = replace(meta, extra={**meta.extra, THRESHOLD_KEY: threshold})
    sure = frame.filter(~_unsure(threshold)).select(FIGURE_COLUMNS)
    result = append.append(con, raw_root, cat, meta, sure, raw, strict=strict, run_id=run_id)
    rid = result.release_id
    if result.status == "unchanged":
        recorded = _recorded_threshold(con, rid)
        if recorded is None or _count(con, rid):
            return Reviewed(result, 0, threshold)  # ingested without review, or held already
        threshold = recorded
    return Reviewed(result, hold(con, rid, unsure(frame, threshold), at), threshold)


def _unsure(threshold: float) -> pl.Expr:
    return pl.col("confidence") < threshold


def unsure(frame: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """The figures of `frame` a review at `threshold` holds: those less sure than it."""
    return frame.filter(_unsure(threshold))


def _recorded_threshold(con: duckdb.DuckDBPyConnection, release_id: str) -> float | None:
    row = con.execute(
        f"SELECT CAST(json_extract(extra, '$.{THRESHOLD_KEY}') AS DOUBLE) FROM releases "
        "WHERE release_id = ?", [release_id],
    ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def _count(con: duckdb.DuckDBPyConnection, release_id: str) -> int:
    row = con.execute("SELECT count(*) FROM held_figures WHERE release_id = ?",
                      [release_id]).fetchone()
    return int(row[0]) if row else 0


def hold(con: duckdb.DuckDBPyConnection, release_id: str, frame: pl.DataFrame,
         at: dt.datetime) -> int:
    """Hold the figures of `frame` (HELD_SCHEMA) for review; return how many were not held yet."""
    if frame.is_empty():
        return 0
    con.register("_held_rows", frame.select(list(HELD_SCHEMA)).to_arrow())
    try:
        with transaction(con):
            added = con.execute(
                f"""
                INSERT INTO held_figures BY NAME
                SELECT i.*, $release_id AS release_id, $at AS held_at, 'pending' AS decision
                FROM (SELECT {_HELD_ID} AS held_id, * FROM _held_rows
                      QUALIFY row_number() OVER (PARTITION BY held_id ORDER BY quote_start) = 1) i
                ANTI JOIN held_figures h ON h.held_id = i.held_id
                """,
                {"release_id": release_id, "at": at},
            ).fetchone()  # the count of rows inserted (DuckLake has no INSERT ... RETURNING)
    finally:
        con.unregister("_held_rows")
    return int(added[0]) if added else 0


def held(con: duckdb.DuckDBPyConnection, release_id: str | None = None,
         decision: str | None = None) -> pl.DataFrame:
    """Held figures with their release's publisher, title and date, oldest release first."""
    if decision is not None and decision not in DECISIONS:
        raise InputError("--status", f"one of {', '.join(DECISIONS)}", repr(decision),
                         "Pass --status pending, accepted or rejected.")
    if con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'held_figures'"
                   ).fetchone() is None:
        raise ReviewError("list", "a warehouse with the review table (migration 010_review)",
                          "one without it", "Nothing was ever held in it; `tracker init` "
                          "applies the pending migrations.")
    if release_id is not None and con.execute(
            "SELECT 1 FROM releases WHERE release_id = ?", [release_id]).fetchone() is None:
        raise NotFoundError("release", release_id)
    return con.execute(
        """
        SELECT h.held_id, h.decision, h.confidence, h.rule, h.indicator, h.region, h."cluster",
               h.measure, h.period_start, h.period_end, h.value, h.unit, h.value_as_published,
               h.unit_as_published, h.qualifier, h.status, h.quote, h.quote_start, h.quote_end,
               h.locator_kind, h.locator, h.release_id, r.publisher, r.title, r.date_published,
               h.held_at, h.decided_at, h.decided_by, h.reason, h.obs_id
        FROM held_figures h LEFT JOIN releases r USING (release_id)
        WHERE ($release_id IS NULL OR h.release_id = $release_id)
          AND ($decision IS NULL OR h.decision = $decision)
        ORDER BY r.date_published, h.release_id, h.quote_start, h.held_id
        """,
        {"release_id": release_id, "decision": decision},
    ).pl()


def _lookup(con: duckdb.DuckDBPyConnection, ids: Sequence[str], action: str) -> pl.DataFrame:
    """The held rows of `ids`, in the order given; every id must name one."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise ReviewError(action, "one or more held-figure ids", "none", _LIST_FIX)
    rows = con.execute("SELECT * FROM held_figures WHERE list_contains($ids, held_id)",
                       {"ids": wanted}).pl()
    unknown = [i for i in wanted if i not in set(rows["held_id"])]
    if unknown:
        malformed = [i for i in unknown if not ID_PATTERN.fullmatch(i)]
        shape = " (an id is H and 11 hex digits)" if malformed else ""
        raise ReviewError(action, "ids of held figures as `tracker review` lists them",
                          f"unknown id(s) {', '.join(map(repr, unknown))}{shape}", _LIST_FIX)
    order = {held_id: n for n, held_id in enumerate(wanted)}
    return rows.sort(pl.col("held_id").replace_strict(order, return_dtype=pl.Int64))


def _already(row: dict[str, Any], outcome: str) -> Decision:
    return Decision(row["held_id"], row["release_id"], outcome, row["obs_id"],
                    row["decided_at"], row["decided_by"], row["reason"])


def _decided(row: dict[str, Any]) -> str:
    extra = (f" as observation {row['obs_id']}" if row["obs_id"] is not None
             else f" ({row['reason']})" if row["reason"] else "")
    when = clock.shown(row["decided_at"]).isoformat(timespec="minutes")
    return f"{row['held_id']} {row['decision']} at {when} by {row['decided_by']}{extra}"


def _in_transaction(con: duckdb.DuckDBPyConnection,
                    work: Callable[[], list[Decision]]) -> list[Decision]:
    with transaction(con):
        done = work()
    return done


def accept(con: duckdb.DuckDBPyConnection, cat: Catalog, ids: Sequence[str], by: str,
           at: dt.datetime) -> list[Decision]:
    """Append each pending figure of `ids` to its release, all in one transaction.

    An accepted figure stays accepted: accepting it again adds nothing and says so. A rejected
    one, an unknown id or a figure the catalog refuses stops the whole call with nothing done.
    """

    def work() -> list[Decision]:
        rows = _lookup(con, ids, "accept")
        rejected = rows.filter(pl.col("decision") == "rejected")
        if rejected.height:
            raise ReviewError("accept", "pending figures", "; ".join(
                _decided(r) for r in rejected.iter_rows(named=True)),
                "A rejected figure stays rejected; leave it out of the ids.")
        done = {r["held_id"]: _already(r, "already_accepted")
                for r in rows.filter(pl.col("decision") == "accepted").iter_rows(named=True)}
        pending = rows.filter(pl.col("decision") == "pending")
        for (release_id,), group in pending.group_by("release_id", maintain_order=True):
            for held_id, obs_id in _add(con, cat, str(release_id), group).items():
                con.execute("UPDATE held_figures SET decision = 'accepted', decided_at = ?, "
                            "decided_by = ?, obs_id = ? WHERE held_id = ?",
                            [at, by, obs_id, held_id])
                done[held_id] = Decision(held_id, str(release_id),
                                         "unchanged" if obs_id is None else "added", obs_id,
                                         at, by)
        return [done[i] for i in rows["held_id"]]

    return _in_transaction(con, work)


def _add(con: duckdb.DuckDBPyConnection, cat: Catalog, release_id: str,
         group: pl.DataFrame) -> dict[str, int | None]:
    """Insert one release's accepted figures; map each held id to its new obs_id (or None)."""
    release = con.execute(
        "SELECT source_id, publisher, title, date_published, ingester FROM releases "
        "WHERE release_id = ?", [release_id]).fetchone()
    if release is None:
        raise ReviewError("accept", f"figures of a recorded release ({release_id})",
                          "a release the warehouse does not hold",
                          "Ingest the release again; it holds its figures anew.")
    source_id, publisher, title, published, ingester = release
    meta = ReleaseMeta(publisher=publisher, title=title, date_published=published,
                       ingester=ingester, source_id=source_id)
    frame = group.select(pl.col(c).cast(t) for c, t in FIGURE_SCHEMA.items())
    good, errors = validate.figures(frame, cat, f"held figures of release {release_id}")
    if errors:
        ids = group["held_id"].to_list()
        raise ReviewError("accept", "figures the catalog accepts", "; ".join(
            f"{ids[e.row - 1]}: {e}" for e in errors), "Reject them with --reason instead.")
    _refuse_second_figure(con, release_id, good, group)
    base = con.execute("SELECT coalesce(max(obs_id), 0) FROM observations").fetchone()
    # The very insert append() makes (its dedup included): append() itself only writes a new
    # release, and this one is held already.
    append._insert_observations(con, good, release_id, source_id, meta, None)
    new = con.execute(
        """
        SELECT o.indicator, o.region, o.measure, o.period_start, o.period_end, o.quote_start,
               o.quote_end, o.obs_id
        FROM observations o WHERE o.release_id = $release_id AND o.obs_id > $base
        """, {"release_id": release_id, "base": base[0] if base else 0}).fetchall()
    found = {tuple(row[:7]): int(row[7]) for row in new}
    return {
        r["held_id"]: found.get((r["indicator"], r["region"], r["measure"], r["period_start"],
                                 r["period_end"], r["quote_start"], r["quote_end"]))
        for r in group.iter_rows(named=True)
    }


def _refuse_second_figure(con: duckdb.DuckDBPyConnection, release_id: str, good: pl.DataFrame,
                          group: pl.DataFrame) -> None:
    """A release states one figure per series and period (validation's duplicate rule)."""
    con.register("_accepting", good.select(validate.SERIES_KEY).to_arrow())
    try:
        key = " AND ".join(f'o."{c}" IS NOT DISTINCT FROM a."{c}"' for c in validate.SERIES_KEY)
        clash = con.execute(
            f"""SELECT o.obs_id, o.indicator, o.region, o.measure, o.period_start, o.period_end,
                       o.value_as_published, o.unit_as_published
                FROM observations o SEMI JOIN _accepting a ON {key}
                WHERE o.release_id = $release_id""", {"release_id": release_id}).fetchall()
    finally:
        con.unregister("_accepting")
    if clash:
        held_ids = ", ".join(group["held_id"])
        listing = "; ".join(f"observation {c[0]} ({c[1]}, {c[2]}, {c[3]}, {c[4]}..{c[5]}: "
                            f"{c[6]:g}{c[7]})" for c in clash)
        raise ReviewError("accept", f"figures release {release_id} does not state yet",
                          f"{held_ids} for the same series and period as {listing}",
                          "A release states one figure per series and period: reject the "
                          "held one, with the reason.")


def reject(con: duckdb.DuckDBPyConnection, ids: Sequence[str], reason: str, by: str,
           at: dt.datetime) -> list[Decision]:
    """Record each pending figure of `ids` as rejected with `reason`, in one transaction.

    Rejecting again changes nothing and says so; an accepted figure is an observation already
    (append-only), so rejecting it stops the call with nothing done.
    """
    if not reason.strip():
        raise ReviewError("reject", "a reason (--reason TEXT)", "an empty reason",
                          "Say what is wrong, e.g. --reason 'the month, not the year to date'.")

    def work() -> list[Decision]:
        rows = _lookup(con, ids, "reject")
        accepted = rows.filter(pl.col("decision") == "accepted")
        if accepted.height:
            raise ReviewError("reject", "pending figures", "; ".join(
                _decided(r) for r in accepted.iter_rows(named=True)),
                "Observations are append-only: a later release corrects an accepted figure.")
        done = []
        for row in rows.iter_rows(named=True):
            if row["decision"] == "rejected":
                done.append(_already(row, "already_rejected"))
                continue
            con.execute("UPDATE held_figures SET decision = 'rejected', decided_at = ?, "
                        "decided_by = ?, reason = ? WHERE held_id = ?",
                        [at, by, reason, row["held_id"]])
            done.append(Decision(row["held_id"], row["release_id"], "rejected", None, at, by,
                                 reason))
        return done

    return _in_transaction(con, work)
