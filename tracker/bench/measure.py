"""How the warehouse benchmark times things: interleaved, so that load from other processes on
a shared machine falls on the API and its baselines alike."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
Row = tuple[str, str, str, str, str]  # work, tracker, lean DuckDB, SQLite, ratio or note

WRITER = """
import sys, time
from pathlib import Path
from tracker.store.connect import write_connection
started = time.monotonic()
with write_connection(Path(sys.argv[1])):
    print(time.monotonic() - started, flush=True)
"""


def interleaved(funcs: Mapping[str, Callable[[int], object]],
                repeats: int) -> dict[str, list[float]]:
    """Seconds of each function per round; round i calls every function with i in turn."""
    out: dict[str, list[float]] = {name: [] for name in funcs}
    for i in range(repeats):
        for name, func in funcs.items():
            start = time.perf_counter()
            func(i)
            out[name].append(time.perf_counter() - start)
    return out


def ms(values: list[float], q: float = 0.5) -> float:
    """The q-quantile in milliseconds."""
    if len(values) < 2:
        return 1000 * values[0]
    return 1000 * statistics.quantiles(values, n=100)[max(0, int(q * 100) - 1)]


def ratio(api: float, base: float) -> str:
    """The API's cost as a multiple of its baseline's."""
    return f"{api / base:.2f}x" if base else ""


def once(func: Callable[[], T]) -> tuple[float, T]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def once_cpu(func: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of this process and its threads, result) of one call: on a
    shared machine the CPU figure is the steadier one."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


_PEAKS = [0.0]  # the peaks before each reset, for the process's own


def peak_reset() -> None:
    """Start a new peak of this process's resident memory (Linux), so that each piece of work
    reports its own; where that is not possible the peak stays the process's."""
    _PEAKS.append(peak_mb())
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_overall() -> float:
    """The peak resident memory of this process over its life, in MB, resets included."""
    return max([*_PEAKS, peak_mb()])


def peak_mb(field: str = "VmHWM") -> float:
    """The peak resident memory of this process since peak_reset(), in MB (VmRSS: what it
    holds now)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def after_idle(call: Callable[[], object], idle: float, repeats: int) -> list[float]:
    """Seconds of `call` each time after `idle` seconds without one (a notebook's rhythm)."""
    out = []
    for _ in range(repeats):
        time.sleep(idle)
        out.append(once(call)[0])
    return out


def writer_wait(path: Path) -> float:
    """Seconds a writer in another process waits for this process's open readers to let go."""
    done = subprocess.run([sys.executable, "-c", WRITER, str(path)], check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "TRACKER_LOCK_TIMEOUT": "30"})
    return float(done.stdout.strip().splitlines()[-1])


def shell(args: list[str], env: dict[str, str], repeats: int = 5) -> float:
    """Median wall seconds of a command."""
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env={**os.environ, **env})
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def import_seconds(module: str) -> float:
    """Cumulative import time of `module` in a fresh interpreter (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          check=True, capture_output=True, text=True)
    for line in done.stderr.splitlines()[::-1]:
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1e6
    return float("nan")
