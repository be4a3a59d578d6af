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
    assert lines[-1].startswith("overall")
    assert any(line.startswith("bulletin_2024_10.txt") for line in lines)
    assert "%" in lines[-1]
