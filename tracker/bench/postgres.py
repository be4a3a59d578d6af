"""A PostgreSQL server of one's own, for DuckLake warehouses in tests and benchmarks: initdb into
a temporary folder owned by the `postgres` user (initdb refuses root), a free loopback port, the
unix socket in that folder, stopped at the end. Databases are cloned from templates with
`createdb -T`, so a built lake is copied in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tracker.store.connect import close_all

_NAMES = itertools.count()
# argv: the pid to outlive, then the command that stops the server.
_REAPER = """
import os, subprocess, sys, time
parent = int(sys.argv[1])
while True:
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        break
    time.sleep(1)
subprocess.run(sys.argv[2:], check=False, capture_output=True)
"""


def binaries() -> Path:
    """The folder of PostgreSQL's server programs: on PATH, or where Debian's package puts
    them. Fails, never skips: CI installs the package (dev.py) and must run these tests."""
    found = shutil.which("initdb")
    if found:
        folder = Path(found).resolve().parent
        if all((folder / name).exists() for name in ("pg_ctl", "createdb", "psql")):
            return folder
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    raise AssertionError(
        "PostgreSQL is not installed (no initdb on PATH nor under /usr/lib/postgresql/*/bin): "
        "the DuckLake tests and benchmark start a server of their own. Install Debian's "
        "`postgresql` package (`python3 dev.py test` does it as root).")


def free_port() -> int:
    """A TCP port on loopback nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running PostgreSQL on 127.0.0.1:`port`, superuser `postgres`, trust authentication."""

    bin: Path
    folder: Path
    port: int

    def conninfo(self, database: str) -> str:
        """The libpq connection string of one of its databases."""
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def uri(self, database: str) -> str:
        """The warehouse name of a DuckLake catalogued in `database`."""
        return f"ducklake:postgres:{self.conninfo(database)}"

    def psql(self, database: str, sql: str) -> None:
        """Run one SQL statement in one of its databases."""
        subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qc", sql],
                       check=True, capture_output=True)

    def create(self, template: str | None = None) -> str:
        """A new database (a copy of `template`); return its name."""
        name = f"t{os.getpid()}_{next(_NAMES)}"
        args = ["-T", template] if template else []
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "postgres", *args, name], check=True, capture_output=True)
        return name


@contextlib.contextmanager
def running(base: Path) -> Iterator[Server]:
    """initdb and start a server in `base` (made the postgres user's), stop it at the end."""
    folder = binaries()
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    base.mkdir(parents=True, exist_ok=True)
    if owner is not None:  # initdb refuses to run as root
        os.chown(base, owner.pw_uid, owner.pw_gid)
    as_owner = ["runuser", "-u", "postgres", "--"] if owner is not None else []
    data, port = base / "data", free_port()
    subprocess.run([*as_owner, str(folder / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync"], check=True,
                   capture_output=True)
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
               f"-c max_connections=200")
    subprocess.run([*as_owner, str(folder / "pg_ctl"), "-D", str(data), "-o", options,
                    "-l", str(base / "server.log"), "-w", "start"], check=True,
                   capture_output=True)
    stop = [*as_owner, str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
    # Stops the server if this process dies without its finally (SIGKILL, a timeout's SIGTERM).
    reaper = subprocess.Popen([sys.executable, "-c", _REAPER, str(os.getpid()), *stop],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield Server(folder, base, port)
    finally:
        close_all()
        subprocess.run(stop, check=False, capture_output=True)
        reaper.kill()
        reaper.wait()
