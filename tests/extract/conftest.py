"""Run the installed `tracker` command in a real subprocess (fixture for the CLI tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRACKER_BIN = Path(sys.executable).parent / "tracker"
Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli() -> Cli:
    """`cli(*args, warehouse=None, check=False)` runs `tracker` and returns the finished process."""

    def run(*args: str | Path, warehouse: Path | None = None,
            check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**os.environ}
        if warehouse is not None:
            env["TRACKER_WAREHOUSE"] = str(warehouse)
        result = subprocess.run([str(TRACKER_BIN), *map(str, args)], capture_output=True,
                                text=True, env=env, cwd=ROOT, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"tracker {args} failed ({result.returncode}):\n{result.stderr}")
        return result

    return run
