"""Integrity and recovery: `tracker check`, `tracker backup` and `tracker rebuild --from-raw`.

The raw store (raw/ beside the database file) is the warehouse's ground truth: each payload is
named by its SHA-256 and each release beside it has a sidecar with its description and the
figures as read (tracker/store/sidecar.py). `check` compares the database with it, `rebuild`
makes a new database from it alone, replaying the releases in the order they were ingested, so
that re-derived corrections and vintages come out as they were, and among them, each at its
time, the withdrawals and review decisions of raw/events.jsonl (tracker/store/journal.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tracker import clock
from tracker.errors import InputError, TrackerError, WarehouseMissingError, WarehouseOutdatedError
from tracker.paths import raw_dir
from tracker.sources.context import recorded
from tracker.storage import Folder
from tracker.store import journal, maintain, sidecar
from tracker.store.connect import ReadPool, write_connection
from tracker.warehouse import Warehouse


@dataclass
class Checked:
    """What `check` looked at and what it found wrong (nothing wrong: `problems` empty)."""

    releases: int = 0
    payloads_checked: int = 0
    problems: list[str] = field(default_factory=list)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def check(path: Path) -> Checked:
    """Open the warehouse (a damaged file raises WarehouseDamagedError) and compare it with
    its raw store: every payload present with its SHA-256, every release with its sidecar,
    no orphan or duplicate, every run closed."""
    found = Checked()
    path = Path(path).resolve()
    pool = ReadPool(path)
    try:
        with pool.connection() as con:
            found.problems += maintain.integrity(con)
            held = maintain.payloads(con)
    except WarehouseOutdatedError as exc:
        found.problems.append(str(exc))
        return found
    finally:
        pool.close()
    root = raw_dir(path)
    store = Folder(root)
    found.releases = len(held)
    for release_id, digest, relative, _size in held:
        raw = root / relative
        if not raw.is_file():
            found.problems.append(f"release {release_id}: its raw payload raw/{relative} is "
                                  "missing")
            continue
        found.payloads_checked += 1
        actual = _digest(raw)
        if actual != digest:
            found.problems.append(f"release {release_id}: raw/{relative} was altered (SHA-256 "
                                  f"{actual[:12]}..., recorded {digest[:12]}...)")
        if not store.exists(sidecar.path_for(relative, release_id)):
            found.problems.append(f"release {release_id}: no sidecar beside raw/{relative}, so "
                                  "a rebuild from the raw store cannot restore it")
    known = {r[0] for r in held}
    lost = [n for n in sidecar.all_in(store) if n.split(".")[-2] not in known]
    if lost:
        found.problems.append(f"{len(lost)} sidecar(s) describe releases the database lacks "
                              f"(e.g. {lost[0].split('/')[-1]}); `tracker rebuild --from-raw` "
                              "restores "
                              "them")
    return found


@dataclass
class Rebuilt:
    """What a rebuild appended, what it had to leave out, and where the old file went."""

    releases: int = 0
    added: int = 0
    decisions: int = 0
    skipped: list[str] = field(default_factory=list)
    moved_aside: Path | None = None


def rebuild(path: Path) -> Rebuilt:
    """Make a new warehouse at `path` from its raw store alone; the old file (damaged or not)
    is kept beside it as `<name>.damaged-<time>`, never deleted."""
    path = Path(path).resolve()
    root = raw_dir(path)
    cars = []
    done = Rebuilt()
    store = Folder(root)
    for found in sidecar.all_in(store):
        try:
            cars.append(sidecar.read(store, found))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            done.skipped.append(f"{found.split('/')[-1]}: unreadable sidecar ({exc})")
    if not cars:
        raise InputError(str(root), "raw payloads with their sidecars (written at every ingest)",
                         "none" if root.is_dir() else "no raw/ folder",
                         "Rebuild needs the raw store beside the warehouse file; put back a "
                         "copy from `tracker backup` instead.")
    fresh = path.with_name(f"{path.name}.rebuilding")
    for leftover in (fresh, fresh.with_name(f"{fresh.name}.wal")):
        leftover.unlink(missing_ok=True)
    wh = Warehouse(fresh, read_only=False)
    wh.init()
    decisions, unreadable = journal.entries(store)
    done.skipped += unreadable
    # Releases and decisions in the order they happened (a release before what was decided at
    # the same instant), so obs_ids and re-derived corrections come out as they were.
    timeline: list[tuple[dt.datetime, int, sidecar.Sidecar | journal.Entry]] = sorted(
        [(dt.datetime.fromisoformat(c.ingested_at), 0, c) for c in
         sorted(cars, key=lambda c: (c.ingested_at, c.release_id))]
        + [(e.at, 1, e) for e in decisions], key=lambda t: (t[0], t[1]))
    with wh.writing(), recorded(wh, "rebuild") as run:
        for _, _, car in timeline:
            if isinstance(car, journal.Entry):
                _replay(wh, car, done)
                continue
            raw = root / car.raw_path
            if not raw.is_file() or _digest(raw) != car.sha256:
                done.skipped.append(f"release {car.release_id}: raw/{car.raw_path} is missing "
                                    "or altered")
                continue
            kind: Literal["figures", "targets"] = (
                "targets" if car.kind == "targets" else "figures")
            result = run.append(car.meta, car.figures, raw.read_bytes(), kind=kind)
            done.releases += result.status != "unchanged"
            done.added += result.added
    wh.close()
    if path.exists():
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        done.moved_aside = path.with_name(f"{path.name}.damaged-{stamp}")
        path.replace(done.moved_aside)
        wal = path.with_name(f"{path.name}.wal")
        if wal.exists():  # never to be replayed into the rebuilt file
            wal.replace(done.moved_aside.with_name(f"{done.moved_aside.name}.wal"))
    fresh.replace(path)
    return done


def _replay(wh: Warehouse, entry: journal.Entry, done: Rebuilt) -> None:
    try:
        # The rebuild's own write connection (wh.writing() holds it), not a second one.
        with wh._writer() as con:
            journal.replay(con, wh.catalog, entry)
    except TrackerError as exc:  # e.g. its release was skipped above
        what = entry.record.get("release_id") or entry.record.get("held_id")
        done.skipped.append(f"{entry.kind} of {what} at {entry.at.isoformat()}: {exc}")
    else:
        done.decisions += 1


def backup(path: Path, dest: Path) -> Path:
    """A consistent copy of the warehouse file at `dest` (a folder, or a .duckdb file name)
    and the raw store beside it, taken on the write lock: readers let go meanwhile and come
    back after, writers wait. The copy has no WAL, and any stale one at `dest` is removed."""
    path = Path(path).resolve()
    if not path.exists():
        raise WarehouseMissingError(str(path))
    target = dest / path.name if dest.suffix != ".duckdb" else dest
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(dest), "a folder that can be written", str(exc),
                         "Choose another destination (nothing was copied).") from None
    if target.resolve() == path:
        raise InputError(str(dest), "a destination other than the warehouse itself",
                         str(target), "Choose another folder (nothing was copied).")
    target.with_name(f"{target.name}.wal").unlink(missing_ok=True)
    with write_connection(path) as con:
        maintain.copy_to(con, path, target)
    _copy_raw(raw_dir(path), raw_dir(target))
    return target


def _copy_raw(source: Path, target: Path) -> None:
    """Payloads and sidecars not yet in `target` (content-addressed: a name never changes),
    and the journal of decisions whole, as it grows."""
    if not source.is_dir() or source.resolve() == target.resolve():
        return
    decisions = source / journal.NAME
    if decisions.is_file():
        target.mkdir(parents=True, exist_ok=True)
        tmp = (target / journal.NAME).with_suffix(".tmp")
        tmp.write_bytes(decisions.read_bytes())
        tmp.replace(target / journal.NAME)
    for item in source.glob("*/*"):
        copy = target / item.relative_to(source)
        if not copy.exists() and ".tmp" not in item.name:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(item.read_bytes())
