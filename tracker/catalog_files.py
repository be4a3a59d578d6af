"""The catalog's rows: the package's CSVs, and a user's own CSVs beside the warehouse on top.

A user folder (`<warehouse folder>/catalog/`) holds any of the catalog's files with any of their
columns. A row with a new code adds an indicator, region, cluster or measure (it then needs the
columns the kind needs); a row with a known code changes the fields it fills and adds its
aliases (`aliases_zh` for indicators, `aliases` for every kind, `|`-separated) to the package's.
So `code,aliases_zh` / `nev_output,电车产量` teaches the tracker one more name.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from tracker.errors import InputError

# file -> (key column, columns a new row must fill)
FILES = {
    "indicators.csv": ("code", ("name_zh", "name_en", "unit", "kind")),
    "regions.csv": ("code", ("name_zh", "name_en", "level")),
    "clusters.csv": ("code", ("group", "name_zh", "name_en")),
    "measures.csv": ("code", ("name_zh", "name_en", "unit")),
    "units.csv": ("unit_as_published", ("base_unit", "factor")),
    "scales.csv": ("word", ("factor",)),
}
ALIAS_COLUMNS = ("aliases_zh", "aliases")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def _merge(base: list[dict[str, str]], extra: list[dict[str, str]], path: Path
           ) -> list[dict[str, str]]:
    key, needed = FILES[path.name]
    merged = {row[key]: dict(row) for row in base}
    columns = list(base[0]) if base else []
    for n, row in enumerate(extra, start=2):
        code = row.get(key, "")
        if not code:
            raise InputError(f"{path} row {n}", f"a {key!r} in every row", "an empty one",
                             "Fill the column or remove the row.")
        known = merged.get(code)
        if known is None:
            if missing := [c for c in needed if not row.get(c)]:
                raise InputError(f"{path} row {n}", f"the columns {list(needed)} for a new "
                                 f"{key} {code!r}", f"none in {missing}",
                                 "Fill them, or use a code the catalog knows to change it.")
            known = merged[code] = {c: "" for c in columns}
        for column, value in row.items():
            if column in ALIAS_COLUMNS and known.get(column):
                value = "|".join(dict.fromkeys([*known[column].split("|"), *value.split("|")]))
            if value:
                known[column] = value
    return list(merged.values())


def rows(folder: Path, user: Path | None = None) -> dict[str, list[dict[str, str]]]:
    """Every catalog file's rows, the user folder's merged over the package's."""
    found = {}
    for name in FILES:
        table = _read(folder / name)
        if user is not None and (user / name).is_file():
            table = _merge(table, _read(user / name), user / name)
        found[name] = table
    return found


def digest(folder: Path, user: Path | None = None) -> str:
    """A hash of every file that makes the catalog, to know when the tables need a new sync."""
    sha = hashlib.sha256()
    for name in sorted(FILES):
        for base in (folder, user):
            if base is not None and (base / name).is_file():
                sha.update(str(base / name).encode() + b"\0" + (base / name).read_bytes())
    return sha.hexdigest()
