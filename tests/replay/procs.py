"""Running `tracker` as real subprocesses, the way cron or an orchestrator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CLI = [sys.executable, "-c", "from tracker.cli import main; main()"]


def env(**extra: str) -> dict[str, str]:
    """The repository importable even without an installed package, output unbuffered.

    `extra` adds variables: TRACKER_NOW pins the clock, TZ sets the machine's zone.
    """
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1", **extra}


def tracker_cli(*args: str, timeout: float = 60,
                **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `tracker ARGS...` to completion (with `extra` environment variables)."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env=env(**extra), cwd=ROOT)


def start(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    """Start `tracker ARGS...` in the background."""
    return subprocess.Popen([*CLI, *args], text=True, env=env(), cwd=ROOT,
                            **kwargs)  # type: ignore[call-overload]
