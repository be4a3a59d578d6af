"""Extraction throughput: `python -m tracker.bench.extract [--releases 1000] [--seed 7]`.

Builds a synthetic corpus in memory from the team's corpus documents (tests/corpus): each
release is one of them with its figures perturbed (same digits count, new values) and re-encoded
in its original encoding (UTF-8 or GB18030). Measures, on one core and in the same run:
decoding alone and a plain regex scan for numbers with units (baselines), then the full
`extract_figures`. The goal is at least 1 MB of release text a second.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from tracker.extract import decode, extract_figures
from tracker.extract.numbers import VALUE
from tracker.extract.tokens import grammar
from tracker.paths import ROOT

CORPUS = ROOT / "tests" / "corpus"
GOAL_MB_S = 1.0
_DECIMAL = re.compile(r"\d+\.\d+")


@dataclass(frozen=True)
class Release:
    """One synthetic release: raw bytes and what extract_figures needs beside them."""

    data: bytes
    published: dt.date
    region: str


def corpus_releases(count: int, seed: int) -> list[Release]:
    """`count` releases cycled from the corpus documents, each with fresh numbers."""
    with (CORPUS / "index.csv").open(encoding="utf-8", newline="") as fh:
        index = list(csv.DictReader(fh))
    rng = random.Random(seed)
    out: list[Release] = []
    for i in range(count):
        meta = index[i % len(index)]
        data = (CORPUS / meta["file"]).read_bytes()
        decoded = decode(data)

        def jiggle(m: re.Match[str]) -> str:
            decimals = len(m.group().split(".")[1])
            return f"{float(m.group()) * rng.uniform(0.8, 1.2):.{decimals}f}"

        text = _DECIMAL.sub(jiggle, decoded.text)
        out.append(Release(text.encode(decoded.encoding), dt.date.fromisoformat(
            meta["published"]), meta["region"]))
    return out


def timed(func: Callable[[], object], repeats: int = 3) -> float:
    """Best CPU seconds of `repeats` calls of `func` (one core; as timeit, the minimum is the
    figure least disturbed by other processes sharing the machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    """Build the synthetic corpus, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    compile_s = timed(grammar, repeats=1)
    releases = corpus_releases(args.releases, args.seed)
    megabytes = sum(len(r.data) for r in releases) / 1e6
    chars = sum(len(decode(r.data).text) for r in releases)
    scan = re.compile(VALUE)
    found: list[int] = []

    def extract_all() -> None:
        found[:] = [len(extract_figures(r.data, r.published, r.region)) for r in releases]

    rows = [
        ("decode only (baseline)", timed(lambda: [decode(r.data) for r in releases])),
        ("regex scan for numbers+units (baseline)",
         timed(lambda: [sum(1 for _ in scan.finditer(decode(r.data).text)) for r in releases])),
        ("extract_figures (full engine)", timed(extract_all)),
    ]
    print(f"synthetic corpus: {len(releases):,} releases, {megabytes:.2f} MB of release bytes, "
          f"{chars:,} characters (from {CORPUS.relative_to(ROOT)})")
    print(f"grammar compiled once in {compile_s * 1000:.0f} ms (not in the figures below)")
    print(f"\n{'measure (CPU time, one core)':<42}{'seconds':>9}{'MB/s':>9}{'releases/s':>12}")
    for name, seconds in rows:
        print(f"{name:<42}{seconds:>9.3f}{megabytes / seconds:>9.2f}"
              f"{len(releases) / seconds:>12,.0f}")
    engine_rate = megabytes / rows[-1][1]
    print(f"\nfigures found: {sum(found):,} ({sum(found) / len(releases):.1f} a release)")
    verdict = "met" if engine_rate >= GOAL_MB_S else "NOT met"
    print(f"goal >= {GOAL_MB_S:g} MB/s on one core: {verdict} ({engine_rate:.2f} MB/s)")


if __name__ == "__main__":
    main()
