"""Set-up and entry points for a fresh machine that has only Python 3.11 and git.

    python3 dev.py demo    # create .venv, install the pinned packages, build the warehouse
    python3 dev.py test    # the same set-up, then lint, type-check and run the test suite
    python3 dev.py bench   # the warehouse and extraction benchmarks

Standard library only: it has to run before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def ensure_venv() -> None:
    """Create the virtual environment and install the lock file, once per lock-file content."""
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    lock = LOCK.read_text() + (ROOT / "pyproject.toml").read_text()
    if STAMP.exists() and STAMP.read_text() == lock:
        return
    run(BIN / "python", "-m", "pip", "install", "-q", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "-q", "-r", LOCK)
    run(BIN / "python", "-m", "pip", "install", "-q", "--no-deps", "-e", ".")
    STAMP.write_text(lock)


def have_postgres() -> bool:
    """PostgreSQL's server binaries on PATH or where Debian's package puts them."""
    return (shutil.which("initdb") is not None
            or any(Path("/usr/lib/postgresql").glob("*/bin/initdb")))


def ensure_system_packages() -> None:
    """Chromium (report test), a CJK font (chart images) and PostgreSQL (the DuckLake tests
    start a server of their own) come from Debian's packages."""
    have_browser = shutil.which("chromium") is not None
    have_font = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists()
    if have_browser and have_font and have_postgres():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print("note: chromium, fonts-noto-cjk or postgresql missing and apt-get unusable; "
              "browser tests will be skipped and the DuckLake tests will fail", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk", "postgresql", env=env)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "demo"
    ensure_venv()
    if command == "demo":
        ensure_system_packages()
        run(BIN / "tracker", "build", *argv[1:])
    elif command == "test":
        ensure_system_packages()
        run(BIN / "ruff", "check", "tracker", "tests", "dev.py")
        run(BIN / "mypy")
        run(BIN / "python", "-m", "pytest", *argv[1:])
    elif command == "bench":
        run(BIN / "python", "-m", "tracker.bench.warehouse", *argv[1:])
        run(BIN / "python", "-m", "tracker.bench.lake")  # starts a PostgreSQL of its own
        run(BIN / "python", "-m", "tracker.bench.extract")
    else:
        print(f"unknown command {command!r}: use demo, test or bench", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)
