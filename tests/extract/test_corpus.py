"""The team's corpus of releases: recall and precision against hand-written expected figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tracker.extract.score import report, score_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_corpus_recall_precision_and_quotes() -> None:
    score = score_corpus(CORPUS)
    print(report(score, verbose=True))
    assert len(score.documents) >= 8
    assert not [f for d in score.documents for f in d.bad_quotes]
    assert score.recall >= 0.9
    assert score.precision >= 0.95


def test_scorer_runs_as_a_module_and_prints_per_document_lines() -> None:
    result = subprocess.run([sys.executable, "-m", "tracker.extract.score", str(CORPUS)],
                            capture_output=True, text=True, timeout=120, check=True)
    lines = result.stdout.splitlines()
    overall = next(line for line in lines if line.startswith("overall"))
    assert "%" in overall
    assert any(line.startswith("bulletin_2024_10.txt") for line in lines)
    # Recall per phenomenon tag (document tags and row tags), then per batch.
    tables = result.stdout.split("\n\n")
    assert tables[1].startswith("phenomenon") and "ocr_breaks" in tables[1]
    assert tables[2].startswith("batch") and "blind 10" in tables[2]


def test_a_row_tag_overrides_the_documents_tags(tmp_path: Path) -> None:
    (tmp_path / "index.csv").write_text(
        "file,kind,published,region,publisher,title,phenomena\n"
        "a.txt,newspaper (blind batch 3),2025-02-01,440000,p,t,press\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("2024年，全省工业投资增长9.1%，汽车产量增长2%。",
                                    encoding="utf-8")
    (tmp_path / "a.expected.csv").write_text(
        "indicator,region,cluster,measure,period_start,period_end,value,qualifier,status,"
        "phenomenon\n"
        "industrial_investment,440000,,yoy_pct,2024-01-01,2024-12-31,9.1,exact,A,\n"
        "car_output,440000,automobiles,yoy_pct,2024-01-01,2024-12-31,2.5,exact,A,verbs\n",
        encoding="utf-8")
    score = score_corpus(tmp_path)
    assert score.documents[0].rows == [(("press",), True), (("verbs",), False)]
    printed = report(score)
    assert "verbs                                   1    0    0.0%" in printed
    assert "blind 3" in printed
