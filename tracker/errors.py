"""One root exception, with subclasses that carry their inputs and say what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TrackerError(Exception):
    """Root of every error the tracker raises on purpose."""

    # The command line's exit code for it (tracker/cli/exits.py): 1, refused as given.
    exit_code = 1


# Where a person finds the valid codes of each kind.
_LISTINGS = {"indicator": "`tracker search WORD` or `tracker indicators`",
             "region": "`tracker regions`", "cluster": "`tracker clusters`"}


def did_you_mean(suggestions: Sequence[str]) -> str:
    """'Did you mean 'a'?', or 'Did you mean 'a', 'b' or 'c'?'; empty without suggestions."""
    quoted = [repr(s) for s in suggestions]
    if not quoted:
        return ""
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"Did you mean {listed}?"


class CatalogError(TrackerError):
    """A code or name the catalog does not know (indicator, region, cluster, measure, unit)."""

    def __init__(self, kind: str, value: str,
                 suggestion: str | Sequence[str] | None = None) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = [suggestion] if isinstance(suggestion, str) else list(suggestion or ())
        self.suggestion = self.suggestions[0] if self.suggestions else None
        hint = f" {did_you_mean(self.suggestions)}" if self.suggestions else ""
        where = _LISTINGS.get(kind, "tracker/data/catalog/")
        super().__init__(f"unknown {kind} {value!r}.{hint} Codes, names and aliases are "
                         f"accepted; see {where} for the valid ones.")


class InputError(TrackerError):
    """A file or payload that cannot be read as what it claims to be."""

    def __init__(self, source: str, expected: str, got: str, fix: str) -> None:
        self.source = source
        self.expected = expected
        self.got = got
        self.fix = fix
        super().__init__(f"{source}: expected {expected}, got {got}. {fix}")


class ReleaseError(TrackerError):
    """A release description that lacks what provenance needs (publisher, date...)."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        super().__init__(
            f"{source}: release field {field!r} {problem}. "
            f"Add it to the release description (release.toml or the command's flags)."
        )


class RowError(TrackerError):
    """One bad row in a table of figures; collected for quarantine rather than raised alone."""

    def __init__(self, row: int, column: str, expected: str, got: Any, hint: str = "") -> None:
        self.row = row
        self.column = column
        self.expected = expected
        self.got = got
        self.hint = hint
        extra = f" {hint}" if hint else ""
        shown = repr(got)
        if len(shown) > 200:  # a cell that ran on (a huge line): its start says enough
            shown = f"{shown[:120]}... ({len(str(got))} characters)"
        super().__init__(f"row {row}, column {column!r}: expected {expected}, got {shown}.{extra}")


class StrictModeError(TrackerError):
    """Raised with --strict when any row of a release is bad: nothing was written."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        listing = "\n".join(f"  - {e}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(
            f"{source}: {len(errors)} bad row(s); --strict refuses the whole release and wrote "
            f"nothing:\n{listing}{more}\nFix the rows, or drop --strict to quarantine them."
        )


class WarehouseBusyError(TrackerError):
    """The warehouse file stayed locked by another process for longer than we wait."""

    def __init__(self, path: str, waited: float, detail: str) -> None:
        self.path = path
        self.waited = waited
        self.detail = detail
        super().__init__(
            f"warehouse {path} stayed locked for {waited:.0f}s ({detail}). Another process holds "
            f"it open for writing, or keeps a connection open: close long-lived raw DuckDB "
            f"connections (tracker's own API releases the file after every call) and retry."
        )


class WarehouseMissingError(TrackerError):
    """Reading a warehouse file that has not been built yet."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"no warehouse at {path}. Build it with `tracker build` (or `tracker init` for an "
            f"empty one), or pass the path of an existing warehouse."
        )


class WarehouseOutdatedError(TrackerError):
    """Reading a warehouse written by an older tracker, before its schema was upgraded."""

    def __init__(self, path: str, pending: list[str]) -> None:
        self.path, self.pending = path, pending
        super().__init__(
            f"the warehouse at {path} was made by an older tracker: its schema lacks "
            f"{', '.join(pending)}. Upgrade it with `tracker init` (nothing is lost; any write, "
            f"such as a refresh, upgrades it too), then read again."
        )


# Where the ids of each kind are listed (there is no `tracker observations`).
_FIND_IDS = {
    "observation": "Observation ids are the obs_id column of `tracker series INDICATOR` and "
                   "`tracker vintages INDICATOR` (or `tracker sql`).",
    "release": "List them with `tracker releases`.",
    "target": "List them with `tracker targets`.",
    "source": "List them with `tracker sources`.",
}


class NotFoundError(TrackerError):
    """A lookup (observation id, release id, target id) that matched nothing."""

    def __init__(self, kind: str, key: Any) -> None:
        self.kind = kind
        self.key = key
        where = _FIND_IDS.get(kind, "Look it up with `tracker sql`.")
        super().__init__(f"no {kind} with id {key!r}. {where}")


class FetchError(TrackerError):
    """A source that could not be fetched, or answered with something unusable."""

    def __init__(self, source_id: str, url: str, got: str, fix: str) -> None:
        self.source_id = source_id
        self.url = url
        self.got = got
        self.fix = fix
        super().__init__(f"source {source_id!r}: {url} answered {got}. {fix}")


class SourceConfigError(TrackerError):
    """A source declaration (ingest/sources/*.toml) that does not validate."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: field {field!r} {problem}. Fix the source file and retry.")


class ReviewError(TrackerError):
    """A review decision that cannot be made (unknown ids, a figure decided the other way)."""

    def __init__(self, action: str, expected: str, got: str, fix: str) -> None:
        self.action = action
        self.expected = expected
        self.got = got
        self.fix = fix
        super().__init__(
            f"review {action}: expected {expected}, got {got}. Nothing was changed. {fix}"
        )


class SqlError(TrackerError):
    """User SQL (`tracker sql`) that DuckDB could not run, or parameters that do not fit it."""

    def __init__(self, query: str, problem: str, fix: str) -> None:
        self.query, self.problem, self.fix = query, problem, fix
        super().__init__(f"the query did not run: {problem}. {fix}")


class SqlRefusedError(TrackerError):
    """User SQL that would do more than read the warehouse's tables."""

    def __init__(self, query: str, what: str, why: str) -> None:
        self.query, self.what, self.why = query, what, why
        super().__init__(
            f"refused {what}: {why}. `tracker sql` runs one read of the warehouse (SELECT, "
            f"WITH, FROM, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN) with no access to files or the "
            f"network; values go in as parameters (? with values after the query, or $name "
            f"with --param name=VALUE), and `tracker export PATH` writes the figures to a file."
        )


class WarehouseDamagedError(TrackerError):
    """A warehouse file DuckDB cannot read: truncated, overwritten, not a database at all."""

    exit_code = 3

    def __init__(self, path: str, detail: str) -> None:
        self.path, self.detail = path, detail
        super().__init__(
            f"the warehouse file {path} is damaged ({detail}). Nothing was read or written. "
            f"Rebuild it from the raw payloads with `tracker rebuild --from-raw --warehouse "
            f"{path}`, or put back your last copy from `tracker backup` (and delete any "
            f"{path}.wal: it belongs to the damaged file and must not be replayed into the copy)."
        )
