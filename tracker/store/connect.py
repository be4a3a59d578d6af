"""Connections that never stand in each other's way across processes.

A DuckDB file admits one writing process and, while it is written, no reader. Two rules make
long-lived notebooks and scheduled refreshes coexist:

* Readers keep their read-only connection open across idle, so a notebook's next call costs
  what a warm one does, and close it as soon as a writer has announced itself: a watcher
  thread checks for announcements every `WATCH_SECONDS`, and every call checks first.
* A writer announces itself with an intent file beside the database
  (`<db>.write-intent.<pid>`, holding the process's start time), then retries the lock with
  backoff until readers have let go.
  Intent files of dead processes are ignored and removed, so a SIGKILLed writer blocks no one;
  a pid reused by another process does not pass for the writer, its start time differs.

Every write happens inside one transaction, so a reader that opens after it sees the release
whole and one that opened before sees none of it.

A DuckLake warehouse (tracker/store/lake.py) needs none of this hand-over: every reader reads a
snapshot while writers commit. Its read pool keeps one connection open for good and remembers
across calls only while no writer has committed (what reads remember is kept per snapshot); its
writers take turns through the lake's writer lock.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import random
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import duckdb

from tracker import clock
from tracker.errors import (
    InputError,
    TrackerError,
    WarehouseBusyError,
    WarehouseDamagedError,
    WarehouseMissingError,
    WarehouseOutdatedError,
)
from tracker.paths import Location
from tracker.store import lake, migrate, travel

# DuckDB looks for pandas' types in every bound parameter by importing pandas, twice a
# parameter; without pandas installed each look searches sys.path again (a tenth of a read's
# time). Remembering once that it is absent makes the look free.
if importlib.util.find_spec("pandas") is None:
    sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]

WATCH_SECONDS = 0.2  # how long a writer's announcement can go unnoticed by an idle reader
LOCK_TIMEOUT = float(os.environ.get("TRACKER_LOCK_TIMEOUT", "120"))
_POOLS: weakref.WeakSet[ReadPool | LakePool | lake.WriterLock] = weakref.WeakSet()
# Per read-only connection, what reads may remember while it stays open: no one can write the
# file meanwhile (a writer waits for readers to let go), and a lake's is replaced when its
# snapshot changes, so nothing remembered goes stale.
_MEMOS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict[object, object]] = (
    weakref.WeakKeyDictionary())


def memo(con: duckdb.DuckDBPyConnection) -> dict[object, object] | None:
    """A dict that lives as long as `con` if it is a pooled read-only connection, else None
    (a lake's: as long as it reads the same snapshot)."""
    return None if travel.away(con) else _MEMOS.get(con)


def close_all() -> None:
    """Let go of every read connection of this process now (and a lake's kept-open writers).

    Commands call it before exiting: a connection still open when the interpreter shuts down
    can abort the process ("terminate called without an active exception").
    """
    for pool in list(_POOLS):
        pool.close()
    lake.ENGINE.close()


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflict" in text or "could not set" in text)


# What DuckDB says of a file that is not (or no longer) a whole database.
_DAMAGE = ("not a valid duckdb database", "corrupt", "checksum", "could not read enough bytes",
           "failure while replaying wal", "serialization", "invalid unicode")


def damaged(path: Path, exc: duckdb.Error) -> TrackerError:
    """The error for a file DuckDB refused other than for a lock: damaged, or unreadable."""
    detail = str(exc).strip().splitlines()[0]
    if any(mark in detail.lower() for mark in _DAMAGE):
        return WarehouseDamagedError(str(path), detail)
    return InputError(str(path), "a warehouse file that can be opened", detail,
                      "Check the path given as --warehouse (or $TRACKER_WAREHOUSE) and its "
                      "permissions.")


def started(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (field 22 of /proc/PID/stat);
    None without /proc or without that process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # after the command name, which may hold spaces


def alive(pid: int, start: str | None = None) -> bool:
    """True while process `pid` exists on this machine, and is the one that started at `start`
    when that is given (a pid reused by another process is not it)."""
    if start and (now := started(pid)) is not None:
        return now == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writers_waiting(path: Path) -> bool:
    """True while a live process has announced that it wants to write `path`."""
    waiting = False
    for intent in path.parent.glob(f"{path.name}.write-intent.*"):
        try:
            pid = int(intent.name.rsplit(".", 1)[1])
            start = intent.read_text(encoding="ascii").strip() or None
        except (ValueError, OSError):
            continue
        if alive(pid, start):
            waiting = True
        else:
            with contextlib.suppress(FileNotFoundError):
                intent.unlink()
    return waiting


def _connect_retrying(path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            # Instants are stored UTC-aware (TIMESTAMPTZ); the session zone only decides how
            # they come back, and people here read Beijing time (tracker/clock.py).
            con.execute(f"SET TimeZone = '{clock.ZONE_NAME}'")
            return con
        except duckdb.IOException as exc:
            if not _is_lock_conflict(exc):
                raise damaged(path, exc) from None
            if time.monotonic() > deadline:
                raise WarehouseBusyError(str(path), timeout, str(exc).splitlines()[0]) from exc
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.25)


class ReadPool:
    """One cached read-only connection that lets go when a writer waits."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.RLock()
        self._watcher: threading.Thread | None = None
        _POOLS.add(self)

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one API call."""
        if not self.path.exists():
            raise WarehouseMissingError(str(self.path))
        with self._lock:
            if self._con is not None and writers_waiting(self.path):
                self.close()
            if self._con is None:
                self._wait_for_writers()
                con = _connect_retrying(self.path, True, self.timeout)
                _refuse_outdated(con, str(self.path))
                self._con = con
                _MEMOS[self._con] = {}
                self._start_watcher()
            try:
                yield self._con
            except duckdb.IOException as exc:  # a damaged block met mid-read
                raise damaged(self.path, exc) from None

    def close(self) -> None:
        """Release the file now."""
        with self._lock:
            if self._con is not None:
                _MEMOS.pop(self._con, None)
                self._con.close()
                self._con = None

    def _wait_for_writers(self) -> None:
        deadline = time.monotonic() + self.timeout
        while writers_waiting(self.path) and time.monotonic() < deadline:
            time.sleep(0.01)

    def _start_watcher(self) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        ref = weakref.ref(self)

        def watch() -> None:
            # Holds only a weak reference so that a forgotten Warehouse is still collected.
            while True:
                time.sleep(WATCH_SECONDS)
                pool = ref()
                if pool is None or pool._con is None:
                    return
                if writers_waiting(pool.path):
                    pool.close()
                    return
                del pool

        self._watcher = threading.Thread(target=watch, name="tracker-read-watcher", daemon=True)
        self._watcher.start()


def _refuse_outdated(con: duckdb.DuckDBPyConnection, name: str) -> None:
    outdated = migrate.pending(con)
    if outdated:  # reads would fail on a missing column, with a traceback
        con.close()
        raise WarehouseOutdatedError(name, outdated)


class LakePool:
    """One connection to a lake, open until closed (connecting costs a second): a reader's
    calls each read the latest snapshot, and no writer waits for it; a writer's keeps no one
    out."""

    def __init__(self, location: Location, read_only: bool = True) -> None:
        self.location = location
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.RLock()
        self._depth = 0  # calls under way (one may call another), inside one transaction
        self._snapshot = -1  # the snapshot the memo of reads holds for
        _POOLS.add(self)

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, for one API call: a reader's call reads one snapshot whole, however
        many queries it makes (and fetches the snapshot once)."""
        with self._lock:
            if self._con is None:
                con = lake.connect(self.location, read_only=self.read_only)
                if self.read_only:
                    _refuse_outdated(con, self.location.name)
                self._con = con
            con = self._con
            if not self.read_only or self._depth:
                yield con
                return
            con.execute("BEGIN TRANSACTION")
            # What reads remember (tracker/store/read.py, vintage.py) holds while no writer
            # has committed since: a snapshot never changes.
            snapshot = lake.snapshot_id(con)
            if snapshot != self._snapshot or con not in _MEMOS:
                _MEMOS[con], self._snapshot = {}, snapshot
            self._depth += 1
            try:
                yield con
            finally:
                self._depth -= 1
                with contextlib.suppress(duckdb.Error):  # a read-only transaction: nothing lost
                    con.execute("ROLLBACK")
                travel.go_home(con)  # a read of what was held at an instant moved it

    def close(self) -> None:
        """End the connection (and its PostgreSQL session) now."""
        with self._lock:
            if self._con is not None:
                lake.disconnect(self._con)
                self._con = None


def writer_lock(location: Location) -> lake.WriterLock:
    """The lake's writer lock on a session of its own, ended by `close_all` too."""
    held = lake.WriterLock(location)
    _POOLS.add(held)
    return held


@contextlib.contextmanager
def write_connection(path: Path,
                     timeout: float = LOCK_TIMEOUT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, obtained politely: announce, wait for readers, write, leave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    intent = path.parent / f"{path.name}.write-intent.{os.getpid()}"
    intent.write_text(started(os.getpid()) or "", encoding="ascii")
    try:
        for pool in list(_POOLS):
            if isinstance(pool, ReadPool) and pool.path == path:
                pool.close()
        con = _connect_retrying(path, False, timeout)
        try:
            yield con
        finally:
            con.close()
    finally:
        with contextlib.suppress(FileNotFoundError):
            intent.unlink()

