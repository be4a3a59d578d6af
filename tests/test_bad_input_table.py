"""Every bad input a clear error (issue 14): a table of bad command lines, each asserting its
exit code (1 refused, 2 usage, 3 damaged or failed, 4 quarantined), a message naming what was
expected, no traceback, and a warehouse left as it was (byte for byte for reads; the same
releases and figures for ingests, which record their failed run).

Most cases run in-process through click's CliRunner (the whole table in seconds); a sample
runs as real subprocesses of the installed `tracker`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import tracker
from tests.conftest import TRACKER_BIN
from tracker.cli import main

BAD_DATES = ["2024-02-30", "2024-13-01", "2024-00-10", "2023-02-29", "2024-06-31", "yesterday",
             "31/12/2024", "20240230", "9999-99-99", "not a date", "2024-1-32", "２０２４年",
             "-1", "2024-02-30T10:00", "2024-12-01T25:00"]
BAD_INDICATORS = ["gdpp", "nev_outptu", "'; DROP TABLE observations; --", "国内生产总值X",
                  "gdp OR 1=1", "%", "x" * 300]
BAD_REGIONS = ["999999", "44030", "深圳市区", "' OR '1'='1", "Shenzen"]
BAD_MEASURES = ["levell", "yoy", "%", "rank"]
REFUSED_SQL = ["SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hosts')",
               "SELECT * FROM read_blob('/etc/hosts')", "SELECT * FROM glob('/etc/*')",
               "COPY observations TO 'x.csv'", "COPY (SELECT 1) TO '/tmp/x.parquet'",
               "EXPORT DATABASE 'dump'", "ATTACH 'x.duckdb' AS x", "DETACH warehouse",
               "INSTALL httpfs", "LOAD httpfs", "CHECKPOINT", "FORCE CHECKPOINT",
               "SET enable_external_access = true", "PRAGMA enable_profiling",
               "CALL pragma_version()", "DELETE FROM observations", "DROP TABLE releases",
               "UPDATE releases SET title = 'x'", "INSERT INTO releases SELECT * FROM releases",
               "CREATE TABLE t AS SELECT 1", "BEGIN TRANSACTION", "VACUUM", "SELECT 1; SELECT 2",
               "", "   ;  "]
BROKEN_SQL = ["SELEC 1", "SELECT nope FROM observations", "SELECT * FROM nowhere",
              "SELECT 1 +", "SELECT 'unterminated", "SELECT sum(title) FROM releases"]


@dataclass(frozen=True)
class Case:
    """One bad command line: its arguments (`{dir}` is the case folder) and what must show."""

    args: tuple[str, ...]
    expect: str  # words the message must hold (what was expected, or what to do)
    codes: frozenset[int] = frozenset({1, 2, 3, 4})
    ingests: bool = False  # records a (failed) run, so only the figures must stay the same


def _cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}

    def add(name: str, *args: str, expect: str, codes: set[int] | None = None,
            ingests: bool = False) -> None:
        assert name not in cases, name
        cases[name] = Case(args, expect, frozenset(codes or {1, 2, 3, 4}), ingests)

    for d in BAD_DATES:
        add(f"series --as-of {d!r}", "series", "gdp", "--as-of", d, expect="YYYY-MM-DD")
        add(f"vintages --known-at {d!r}", "vintages", "gdp", "--known-at", d,
            expect="YYYY-MM-DD")
        add(f"withdraw --effective {d!r}", "withdraw", "Rnothere", "--effective", d,
            "--reason", "x", expect="YYYY-MM-DD", codes={1, 2})
    for d in BAD_DATES[:5]:
        add(f"conflicts --as-of {d!r}", "conflicts", "--as-of", d, expect="YYYY-MM-DD")
        add(f"ingest text --published {d!r}", "ingest", "text", "{dir}/report.txt",
            "--published", d, "--publisher", "x", "--title", "y", expect="YYYY-MM-DD",
            ingests=True)
    for code in BAD_INDICATORS:
        add(f"series {code!r}", "series", code, expect="unknown indicator")
        add(f"first-release {code!r}", "first-release", code, expect="unknown indicator")
    for code in BAD_INDICATORS[:3]:
        add(f"vintages {code!r}", "vintages", code, expect="unknown indicator")
        add(f"targets --indicator {code!r}", "targets", "--indicator", code,
            expect="unknown indicator")
    for code in BAD_REGIONS:
        add(f"series --region {code!r}", "series", "gdp", "--region", code,
            expect="unknown region")
        add(f"revisions --region {code!r}", "revisions", "--region", code,
            expect="unknown region")
    for code in BAD_MEASURES:
        add(f"series --measure {code!r}", "series", "gdp", "--measure", code,
            expect="unknown measure")
        add(f"conflicts --measure {code!r}", "conflicts", "--measure", code,
            expect="unknown measure")
    add("series --cluster unknown", "series", "cluster_revenue", "--cluster", "nope",
        expect="unknown cluster")
    for query in REFUSED_SQL:
        add(f"sql refused {query!r}", "sql", query, expect="refused")
    for query in BROKEN_SQL:
        add(f"sql broken {query!r}", "sql", query, expect="the query did not run")
    add("sql missing $r", "sql", "SELECT $r", expect="--param r=VALUE")
    add("sql extra value", "sql", "SELECT 1", "5", expect="takes no parameters")
    add("sql too few values", "sql", "SELECT ?, ?", "1", expect="takes 2 value(s)")
    add("sql unused --param", "sql", "SELECT 1", "--param", "x=1", expect="does not use")
    add("sql --param without =", "sql", "SELECT 1", "--param", "x", expect="NAME=VALUE")
    add("sql --timeout 0", "sql", "SELECT 1", "--timeout", "0", expect="--timeout")
    add("sql --timeout abc", "sql", "SELECT 1", "--timeout", "abc", expect="--timeout")
    for flag in ("0", "-3", "abc", "1.5"):
        add(f"releases --limit {flag}", "releases", "--limit", flag, expect="--limit")
    for value in ("abc", "1e", ""):
        add(f"conflicts --tolerance {value!r}", "conflicts", "--tolerance", value,
            expect="--tolerance")
    for value in ("abc", "1.5", ""):
        add(f"provenance {value!r}", "provenance", value, expect="OBSERVATION_ID")
    for value in ("999999999", "0"):
        add(f"provenance {value}", "provenance", value, expect="no observation with id")
    add("provenance -5", "provenance", "-5", expect="No such option")
    add("withdraw an unknown release", "withdraw", "Rnothere", "--reason", "x",
        expect="no release with id", ingests=True)
    add("events of an unknown release", "events", "--release", "Rnothere",
        expect="release", codes={1, 2})
    for option in ("--nope", "-z", "--as-off"):
        add(f"series {option}", "series", "gdp", option, "x", expect="No such option")
    add("series without an indicator", "series", expect="Missing argument")
    add("an unknown command", "seires", "gdp", expect="No such command")
    add("report --lang fr", "report", "--lang", "fr", expect="'zh', 'en'")
    add("export --format xls", "export", "{dir}/x.out", "--format", "xls", expect="--format")
    for name in ("x.xls", "x.txt", "noextension", "x.csv.bak"):
        add(f"export {name}", "export", f"{{dir}}/{name}", expect="a file name ending in")
    add("export under a file", "export", "{dir}/report.txt/x.csv", expect="is a file, not a folder")
    add("export onto a folder", "export", "{dir}", expect="a file name ending in")
    add("export onto a folder named .csv", "export", "{dir}/folder.csv",
        expect="a file name in a folder that can be written")
    for name in ("no-release-toml", "bad-toml", "no-publisher", "no-title", "no-date",
                 "future-date", "bad-grade", "no-table", "empty-csv", "utf16-csv",
                 "binary-csv", "truncated-xlsx", "corrupt-parquet", "missing-columns",
                 "feb-30-toml", "unknown-extension"):
        add(f"ingest table {name}", "ingest", "table", f"{{dir}}/{name}", expect=_WORDS[name],
            ingests=True)
    add("ingest table --strict a huge line", "ingest", "table", "{dir}/huge-line", "--strict",
        expect="characters)", ingests=True)
    add("ingest table --strict a bad row", "ingest", "table", "{dir}/bad-row", "--strict",
        expect="--strict refuses the whole release", ingests=True)
    add("ingest table a folder that does not exist", "ingest", "table", "{dir}/absent",
        expect="does not exist")
    add("ingest table a file", "ingest", "table", "{dir}/report.txt", expect="is a file")
    for name, words in (("empty.txt", "an empty file"), ("utf16.txt", "UTF-16"),
                        ("binary.txt", "binary")):
        add(f"ingest text {name}", "ingest", "text", f"{{dir}}/{name}", "--published",
            "2025-01-01", "--publisher", "x", "--title", "y", expect=words, ingests=True)
    add("ingest text --grade D", "ingest", "text", "{dir}/report.txt", "--published",
        "2025-01-01", "--publisher", "x", "--title", "y", "--grade", "D", expect="--grade")
    add("ingest text --threshold 2", "ingest", "text", "{dir}/report.txt", "--published",
        "2025-01-01", "--publisher", "x", "--title", "y", "--review", "--threshold", "2",
        expect="--threshold")
    add("ingest text published in the future", "ingest", "text", "{dir}/report.txt",
        "--published", "2999-01-01", "--publisher", "x", "--title", "y",
        expect="later than today", ingests=True)
    for name, words in (("bad-toml", "sources"), ("unknown-kind", "kind"),
                        ("missing-drop", "params.folder"), ("bad-schedule", "schedule"),
                        ("unknown-param", "not a")):
        add(f"refresh sources {name}", "refresh", "--sources-dir", f"{{dir}}/sources-{name}",
            "-q", expect=words, ingests=True)
    add("refresh an unknown source", "refresh", "--source-id", "nope", "--sources-dir",
        "{dir}/sources-missing-drop", expect="no source with id", ingests=True)
    add("backup under a file", "backup", "{dir}/report.txt/copy", expect="a folder that can")
    add("backup onto itself", "backup", "{wh_dir}", expect="other than the warehouse")
    for name in ("series", "releases", "check", "export"):
        extra = ["gdp"] if name == "series" else (["{dir}/x.csv"] if name == "export" else [])
        add(f"{name} on a text file as --warehouse", name, *extra, "-w", "{dir}/report.txt",
            expect="is damaged", codes={3})
        add(f"{name} on a folder as --warehouse", name, *extra, "-w", "{dir}",
            expect="a warehouse file that can be opened")
        add(f"{name} on no warehouse", name, *extra, "-w", "{dir}/none.duckdb",
            expect="no warehouse at")
    add("rebuild on a warehouse without raw payloads", "rebuild", "--from-raw", "-w",
        "{dir}/bare/tracker.duckdb", expect="raw payloads with their sidecars")
    add("rebuild without --from-raw", "rebuild", expect="--from-raw")
    return cases


# What each bad release folder's message must name.
_WORDS = {
    "no-release-toml": "release.toml", "bad-toml": "release.toml", "no-publisher": "publisher",
    "no-title": "title", "no-date": "date_published", "future-date": "later than today",
    "bad-grade": "grade", "no-table": "table", "empty-csv": "expected", "utf16-csv": "UTF-8",
    "binary-csv": "expected", "truncated-xlsx": "XLSX", "corrupt-parquet": "Parquet",
"missing-columns": "column", "feb-30-toml": "release.toml",
    "unknown-extension": "table",
}
HEADER = ("indicator,region,measure,period_start,period_end,value_as_published,"
          "unit_as_published,quote")
GOOD = "nev_output,440000,level,2024-01-01,2024-12-31,361.78,万辆,新能源汽车产量 361.78 万辆"
TOML = 'publisher = "广东省统计局"\ntitle = "坏数据"\ndate_published = 2025-06-01\n'


def _release(folder: Path, toml: str, table: str | None = "figures.csv",
             data: bytes | None = None) -> None:
    folder.mkdir(parents=True)
    if toml:
        body = toml + (f'table = "{table}"\n' if table else "")
        (folder / "release.toml").write_text(body, encoding="utf-8")
    if table and data is not None:
        (folder / table).write_bytes(data)


def _files(root: Path) -> None:
    csv = f"{HEADER}\n{GOOD}\n".encode()
    (root / "report.txt").write_text("2024年全省新能源汽车产量361.78万辆。", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "utf16.txt").write_bytes("全省新能源汽车产量361.78万辆。".encode("utf-16"))
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (root / "folder.csv").mkdir()
    _release(root / "no-release-toml", "", None)
    (root / "no-release-toml" / "figures.csv").write_bytes(csv)
    _release(root / "bad-toml", 'publisher = "x\ntitle = ', "figures.csv", csv)
    _release(root / "no-publisher", TOML.split("\n", 1)[1], "figures.csv", csv)
    _release(root / "no-title", TOML.replace('title = "坏数据"\n', ""), "figures.csv", csv)
    _release(root / "no-date", TOML.replace("date_published = 2025-06-01\n", ""),
             "figures.csv", csv)
    _release(root / "future-date", TOML.replace("2025-06-01", "2999-01-01"), "figures.csv", csv)
    _release(root / "bad-grade", TOML + 'grade = "Z"\n', "figures.csv", csv)
    _release(root / "no-table", TOML, "figures.csv", None)
    _release(root / "empty-csv", TOML, "figures.csv", b"")
    _release(root / "utf16-csv", TOML, "figures.csv", f"{HEADER}\n{GOOD}\n".encode("utf-16"))
    _release(root / "binary-csv", TOML, "figures.csv", bytes(range(256)) * 64)
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.save(root / "book.xlsx")
    _release(root / "truncated-xlsx", TOML, "figures.xlsx",
             (root / "book.xlsx").read_bytes()[:300])
    _release(root / "corrupt-parquet", TOML, "figures.parquet", b"PAR1" + os.urandom(200))
    _release(root / "huge-line", TOML, "figures.csv",
             f"{HEADER}\n{GOOD}\n{'9' * 5_000_000}\n".encode())
    _release(root / "missing-columns", TOML, "figures.csv",
             b"indicator,region\nnev_output,440000\n")
    _release(root / "feb-30-toml", TOML.replace("2025-06-01", "2024-02-30"), "figures.csv", csv)
    _release(root / "unknown-extension", TOML, "figures.docx", b"not a table")
    _release(root / "bad-row", TOML, "figures.csv",
             f"{HEADER}\n{GOOD}\nnev_output,440000,level,2024-01-01,2024-12-31,NaN,万辆,\n"
             .encode())
    drop = '[params]\nfolder = "{folder}"\nperiod_column = "p"\npublisher = "x"\n' \
           '[[params.values]]\ncolumn = "v"\nindicator = "gdp"\nunit = "亿元"\n'
    head = 'id = "drop_x"\nkind = "{kind}"\nschedule = "{cron}"\nenabled = true\n'
    filedrop = head.format(kind="filedrop", cron="0 1 * * *")
    sources = {
        "bad-toml": 'id = "drop_x"\nkind = ',
        "unknown-kind": head.format(kind="carrier_pigeon", cron="0 1 * * *"),
        "missing-drop": filedrop + drop.format(folder=root / "no-such-folder"),
        "bad-schedule": head.format(kind="filedrop", cron="every tuesday")
                        + drop.format(folder=root),
        "unknown-param": filedrop + drop.format(folder=root) + '[params.extra]\nwhat = 1\n',
    }
    for name, text in sources.items():
        (root / f"sources-{name}").mkdir()
        (root / f"sources-{name}" / "x.toml").write_text(text, encoding="utf-8")
    tracker.open(root / "bare" / "tracker.duckdb", read_only=False).init()


CASES = _cases()


@pytest.fixture(scope="module")
def bench(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A seeded warehouse copy and the bad files, shared by the whole table."""
    root = tmp_path_factory.mktemp("bad-input")
    shutil.copytree(seeded_template.parent, root / "wh")
    (root / "files").mkdir()
    _files(root / "files")
    yield root


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _figures(path: Path) -> tuple[object, ...]:
    with tracker.open(path) as wh:
        return wh.sql("SELECT (SELECT count(*) FROM releases), (SELECT count(*) FROM "
                      "observations), (SELECT bit_xor(hash(o)) FROM observations o), "
                      "(SELECT count(*) FROM targets)").row(0)


def _args(case: Case, bench: Path) -> list[str]:
    return [a.format(dir=bench / "files", wh_dir=bench / "wh") for a in case.args]


def test_the_table_holds_at_least_150_cases() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_input_is_a_clear_error(name: str, bench: Path) -> None:
    case = CASES[name]
    warehouse = bench / "wh" / "tracker.duckdb"
    before = _figures(warehouse) if case.ingests else _digest(warehouse)
    result = CliRunner().invoke(main, _args(case, bench),
                                env={"TRACKER_WAREHOUSE": str(warehouse)})
    said = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{name}: {result.exception!r}")
    assert "Traceback" not in said
    assert result.exit_code in case.codes, f"{name}: exit {result.exit_code}: {said}"
    assert case.expect.lower() in said.lower(), f"{name}: {said}"
    after = _figures(warehouse) if case.ingests else _digest(warehouse)
    assert after == before, f"{name} changed the warehouse"


SAMPLE = ["sql refused \"SELECT * FROM read_csv('/etc/passwd')\"", "series --as-of '2024-02-30'",
          "export under a file", "series on a text file as --warehouse",
          "ingest table truncated-xlsx", "series --region '999999'"]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_sample_of_the_table_in_real_subprocesses(name: str, bench: Path) -> None:
    case = CASES[name]
    warehouse = bench / "wh" / "tracker.duckdb"
    result = subprocess.run([str(TRACKER_BIN), *_args(case, bench)], capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "TRACKER_WAREHOUSE": str(warehouse)})
    assert result.returncode in case.codes, result.stderr
    assert case.expect.lower() in (result.stdout + result.stderr).lower()
    assert "Traceback" not in result.stderr
