"""Source declarations (`ingest/sources/*.toml`): load, validate, name the file and field on error.

A declaration says what to fetch and when:

    id = "gd_stats_bulletins"        # unique; lower-case letters, digits, underscores
    kind = "bulletins"               # bulletins | portal | filedrop
    schedule = "30 10 * * *"         # cron in Asia/Shanghai (5 fields; 6 = seconds first)
    enabled = true                   # false: only run when asked for by id
    [params]                         # what the kind needs (see its PARAMS)
    [fetch]                          # optional: timeout, retries, backoff, max_wait, min_interval
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from tracker.errors import SourceConfigError
from tracker.sources.http import FetchPolicy

TIMEZONE = "Asia/Shanghai"
_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_TOP = {"id", "kind", "schedule", "enabled", "title", "params", "fetch"}


@dataclass(frozen=True)
class Param:
    """One parameter a source kind accepts: its type, its default (None = required), its use."""

    type: type
    default: Any = None
    doc: str = ""
    keys: tuple[str, ...] = ()  # for a list of tables: the keys every item must have


@dataclass(frozen=True)
class SourceSpec:
    """A validated source declaration."""

    id: str
    kind: str
    schedule: str
    enabled: bool
    params: dict[str, Any]
    fetch: FetchPolicy
    path: Path
    title: str = ""

    def with_base_url(self, base_url: str) -> SourceSpec:
        """The same source pointed at another server (tests use the local replay server)."""
        if "base_url" not in self.params:
            return self
        return replace(self, params={**self.params, "base_url": base_url.rstrip("/")})


def cron_trigger(expression: str) -> CronTrigger:
    """A CronTrigger in Asia/Shanghai from 5 fields (crontab) or 6 (seconds first)."""
    parts = expression.split()
    if len(parts) == 5:
        return CronTrigger.from_crontab(expression, timezone=TIMEZONE)
    if len(parts) == 6:
        names = ("second", "minute", "hour", "day", "month", "day_of_week")
        return CronTrigger(**dict(zip(names, parts, strict=True)), timezone=TIMEZONE)
    raise ValueError(f"has {len(parts)} fields, expected 5 (or 6 with seconds first)")


def load_source(path: Path, kinds: Mapping[str, Mapping[str, Param]]) -> SourceSpec:
    """Read and validate one declaration; `kinds` maps each kind to the parameters it takes."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceConfigError(where, "(file)", f"cannot be read as TOML: {exc}") from None
    if unknown := sorted(set(data) - _TOP):
        raise SourceConfigError(where, unknown[0], f"is not a known field (known: {sorted(_TOP)})")
    source_id = _typed(data, "id", str, where)
    if not _ID.match(source_id):
        raise SourceConfigError(where, "id", f"is {source_id!r}; use lower-case letters, digits "
                                "and underscores, starting with a letter")
    kind = _typed(data, "kind", str, where)
    if kind not in kinds:
        raise SourceConfigError(where, "kind", f"is {kind!r}, expected one of {sorted(kinds)}")
    schedule = _typed(data, "schedule", str, where)
    try:
        cron_trigger(schedule)
    except ValueError as exc:
        raise SourceConfigError(where, "schedule", f"is {schedule!r}, not a cron expression "
                                f"(minute hour day month weekday): {exc}") from None
    enabled = _typed(data, "enabled", bool, where)
    title = data.get("title", "")
    params = _params(data.get("params", {}), kinds[kind], where)
    fetch = _fetch(data.get("fetch", {}), where)
    return SourceSpec(source_id, kind, schedule, enabled, params, fetch, path, str(title))


def load_sources(directory: Path, kinds: Mapping[str, Mapping[str, Param]]) -> list[SourceSpec]:
    """Every `*.toml` in `directory`, sorted by id; two files with one id is an error."""
    specs: dict[str, SourceSpec] = {}
    for path in sorted(directory.glob("*.toml")):
        spec = load_source(path, kinds)
        if spec.id in specs:
            raise SourceConfigError(str(path), "id", f"is {spec.id!r}, already declared in "
                                    f"{specs[spec.id].path}")
        specs[spec.id] = spec
    return [specs[k] for k in sorted(specs)]


def _typed(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise SourceConfigError(where, key, "is missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise SourceConfigError(where, key, f"is {value!r}, expected a {kind.__name__}")
    return value


def _params(given: Any, spec: Mapping[str, Param], where: str) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise SourceConfigError(where, "params", "must be a table ([params])")
    for key in given:
        if key not in spec:
            raise SourceConfigError(where, f"params.{key}", f"is not a parameter of this kind "
                                    f"(known: {sorted(spec)})")
    out: dict[str, Any] = {}
    for key, param in spec.items():
        if key not in given and param.default is None:
            raise SourceConfigError(where, f"params.{key}", f"is missing ({param.doc})")
        value = given.get(key, param.default)
        if param.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, param.type) or (
            param.type is not bool and isinstance(value, bool)
        ):
            raise SourceConfigError(where, f"params.{key}", f"is {value!r}, expected a "
                                    f"{param.type.__name__} ({param.doc})")
        _items(value, param, f"params.{key}", where)
        out[key] = value
    return out


def _items(value: Any, param: Param, name: str, where: str) -> None:
    if not param.keys:
        return
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise SourceConfigError(where, f"{name}[{i}]", f"is {item!r}, expected a table")
        for k in param.keys:
            if k not in item:
                raise SourceConfigError(where, f"{name}[{i}].{k}", f"is missing ({param.doc})")


def _fetch(given: Any, where: str) -> FetchPolicy:
    if not isinstance(given, dict):
        raise SourceConfigError(where, "fetch", "must be a table ([fetch])")
    known = {f.name: f.type for f in fields(FetchPolicy)}
    values: dict[str, Any] = {}
    for key, value in given.items():
        if key not in known:
            raise SourceConfigError(where, f"fetch.{key}", f"is not a fetch setting "
                                    f"(known: {sorted(known)})")
        wanted = str if key == "user_agent" else (int if key in ("retries", "max_bytes") else float)
        ok = isinstance(value, wanted) or (wanted is float and isinstance(value, int))
        if not ok or isinstance(value, bool) or (wanted is not str and value < 0):
            raise SourceConfigError(where, f"fetch.{key}", f"is {value!r}, expected a "
                                    f"non-negative {wanted.__name__}")
        values[key] = float(value) if wanted is float else value
    return FetchPolicy(**values)
