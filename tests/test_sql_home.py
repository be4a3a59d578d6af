"""Only tracker/store/ speaks SQL: no other module of the package runs or holds a statement.

The benchmarks (tracker/bench/) are the exception by design: they time raw queries as the
baseline each figure stands beside.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tracker

PACKAGE = Path(tracker.__file__).parent
EXEMPT = (PACKAGE / "store", PACKAGE / "bench")
# Statements as SQL is written here: keywords in capitals, then what they act on.
STATEMENT = re.compile(r"^\s*(SELECT\s|WITH\s+\w+\s+AS|INSERT\s+INTO|UPDATE\s+\w+\s+SET|"
                       r"DELETE\s+FROM|CREATE\s+(TABLE|VIEW|INDEX|SEQUENCE|SCHEMA)|ALTER\s+TABLE|"
                       r"DROP\s+(TABLE|VIEW|INDEX)|COPY\s|ATTACH\s)")


def _speaks_sql(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        # wh.sql(...) is the API's own read-only call (it runs in the store); any other
        # .execute or .sql is a connection spoken to directly.
        api = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            isinstance(node.func.value, ast.Name) and node.func.value.id in ("wh", "self")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("execute", "executemany", "sql") and not api:
            found.append(f"{path.name}:{node.lineno}: .{node.func.attr}(...)")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                STATEMENT.match(node.value):
            found.append(f"{path.name}:{node.lineno}: {node.value.strip()[:40]!r}")
    return found


def test_only_the_store_speaks_sql() -> None:
    modules = [p for p in PACKAGE.rglob("*.py")
               if not any(p.is_relative_to(e) for e in EXEMPT)]
    assert len(modules) > 50
    assert [f for p in modules for f in _speaks_sql(p)] == []


def test_the_check_finds_a_query_outside_the_store(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('def f(con):\n    return con.execute("SELECT 1").pl()\n', encoding="utf-8")
    assert len(_speaks_sql(module)) == 2
