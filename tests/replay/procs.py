"""Running `tracker` as real subprocesses, the way cron or an orchestrator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CLI = [sys.executable, "-c", "from tracker.cli import main; main()"]


def env() -> dict[str, str]:
    """The repository importable even without an installed package, output unbuffered."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}


def tracker_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `tracker ARGS...` to completion and return its exit code and output."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env=env(), cwd=ROOT)


def start(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    """Start `tracker ARGS...` in the background."""
    return subprocess.Popen([*CLI, *args], text=True, env=env(), cwd=ROOT,
                            **kwargs)  # type: ignore[call-overload]
