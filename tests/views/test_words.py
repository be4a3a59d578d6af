"""Every word the charts and the report show lives in tracker/labels.py, in both languages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import tracker
from tracker.labels import REPORT_TEXT, TOOLTIP_TITLES, WORDS, word

PACKAGE = Path(tracker.__file__).parent
# The modules that draw for people: their words come from tracker/labels.py.
DRAWING = sorted([*(PACKAGE / "views").glob("*.py"), PACKAGE / "report.py",
                  PACKAGE / "report_html.py", PACKAGE / "report_data.py"])
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_chinese_word_is_written_outside_the_words_module() -> None:
    found = [f"{p.name}:{line}: {text!r}" for p in DRAWING for line, text in _literals(p)
             if CJK.search(text)]
    assert found == []


def test_the_check_finds_a_chinese_word_where_one_is_written(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""说明 in a docstring is fine."""\nTITLE = "实际与目标"\n',
                      encoding="utf-8")
    assert [t for _, t in _literals(module) if CJK.search(t)] == ["实际与目标"]


def test_each_word_has_both_languages_with_the_same_blanks() -> None:
    def blanks(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, (zh, en) in WORDS.items():
        assert zh and en and CJK.search(zh) and not CJK.search(en), key
        assert blanks(zh) == blanks(en), key
    for table in (TOOLTIP_TITLES, REPORT_TEXT):
        assert table["zh"].keys() == table["en"].keys()
    assert word("avt.title", "en", name="GDP") == "GDP: actual against target"
