"""A reader process for the concurrency test: queries the warehouse in a loop like a notebook.

    python readers.py WAREHOUSE EXPECTED.json STOPFILE OUT.json

Keeps one `Warehouse` open for its whole life and, until STOPFILE exists, reads releases,
series and runs. Every release it sees must hold exactly the observations a clean ingest of the
same payload gives (EXPECTED maps sha256 -> count): a partial release is an error, and so is
any exception. Writes a summary to OUT and exits 1 if anything went wrong.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

import tracker


def main(warehouse: str, expected_file: str, stop_file: str, out_file: str) -> int:
    expected = json.loads(Path(expected_file).read_text(encoding="utf-8"))
    wh = tracker.open(warehouse)
    errors: list[str] = []
    reads = 0
    seen_max = 0
    while not Path(stop_file).exists():
        try:
            releases = wh.releases()
            for row in releases.iter_rows(named=True):
                if expected.get(row["sha256"]) != row["observations"]:
                    errors.append(f"release {row['release_id']} ({row['title']}) holds "
                                  f"{row['observations']} observations, a clean ingest gives "
                                  f"{expected.get(row['sha256'])}")
            wh.series("industrial_value_added", measure="yoy_pct")
            wh.runs(limit=5)
            seen_max = max(seen_max, releases.height)
            reads += 1
        except Exception:  # any failure at all is what this process exists to report
            errors.append(traceback.format_exc(limit=3))
        time.sleep(0.02)
    Path(out_file).write_text(json.dumps({"reads": reads, "errors": errors[:20],
                                          "max_releases_seen": seen_max}), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
