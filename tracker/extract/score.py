"""Score the extractor on a corpus: recall and precision per document and overall.

    python -m tracker.extract.score tests/corpus [--verbose]

The corpus folder holds `index.csv` (file, kind, published, region, publisher, title and,
optionally, `phenomena`: the document's tags separated by ";") and, for each document,
`<file stem>.expected.csv` with the figures a careful reader finds in it (values in base units;
an optional `phenomenon` column tags a row with what makes it hard to read, else the row carries
the document's tags). A found figure counts when indicator, region, cluster, measure, period,
qualifier and status all agree and the value agrees to 1e-6 (relative). Every quote must also be
the exact text at its offsets; a figure whose quote does not is counted as wrong.

After the documents come recall per phenomenon tag and recall and precision per batch (a blind
batch is named in the document's kind: "blind batch 7").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extract import Figure, decode, extract_figures

KEY_COLUMNS = ("indicator", "region", "cluster", "measure", "period_start", "period_end",
               "qualifier", "status")


@dataclass
class DocumentScore:
    """One document's result: what was expected, found, matched, missed and wrongly found."""

    file: str
    kind: str
    expected: int
    found: int
    matched: int
    tags: tuple[str, ...] = ()  # the document's phenomena
    # (tags, matched) for every expected row
    rows: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)
    missed: list[dict[str, str]] = field(default_factory=list)
    extra: list[Figure] = field(default_factory=list)
    bad_quotes: list[Figure] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of expected figures found."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of found figures that were expected."""
        return self.matched / self.found if self.found else 1.0


@dataclass
class CorpusScore:
    """All documents' scores and the pooled recall/precision."""

    documents: list[DocumentScore]

    @property
    def recall(self) -> float:
        """Pooled recall over every expected figure of the corpus."""
        expected = sum(d.expected for d in self.documents)
        return sum(d.matched for d in self.documents) / expected if expected else 1.0

    @property
    def precision(self) -> float:
        """Pooled precision over every figure found in the corpus."""
        found = sum(d.found for d in self.documents)
        return sum(d.matched for d in self.documents) / found if found else 1.0


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row.get(c) or "" for c in KEY_COLUMNS)


def _figure_row(f: Figure) -> dict[str, str]:
    row = {c: str(getattr(f, c) or "") for c in KEY_COLUMNS}
    row["value"] = repr(f.value)
    return row


def score_document(folder: Path, meta: dict[str, str]) -> DocumentScore:
    """Extract one corpus document and compare it with its expected figures."""
    path = folder / meta["file"]
    data = path.read_bytes()
    figures = extract_figures(data, dt.date.fromisoformat(meta["published"]), meta["region"])
    text = decode(data).text
    expected_path = folder / (path.name.rsplit(".", 1)[0] + ".expected.csv")
    with expected_path.open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    tags = tuple(t for t in (meta.get("phenomena") or "").split(";") if t)
    score = DocumentScore(meta["file"], meta["kind"], len(expected), len(figures), 0, tags)
    open_rows = list(expected)
    for f in figures:
        if text[f.start:f.end] != f.quote:
            score.bad_quotes.append(f)
            continue
        row = _figure_row(f)
        match = next((e for e in open_rows if _key(e) == _key(row)
                      and abs(float(e["value"]) - f.value) <= 1e-6 * max(1.0, abs(f.value))),
                     None)
        if match is None:
            score.extra.append(f)
        else:
            open_rows.remove(match)
            score.matched += 1
    score.missed = open_rows
    score.rows = [((e["phenomenon"],) if e.get("phenomenon") else tags,
                   not any(e is m for m in open_rows)) for e in expected]
    return score


def score_corpus(folder: Path) -> CorpusScore:
    """Score every document listed in `folder/index.csv`."""
    with (folder / "index.csv").open(encoding="utf-8", newline="") as fh:
        index = list(csv.DictReader(fh))
    return CorpusScore([score_document(folder, meta) for meta in index])


def report(score: CorpusScore, verbose: bool = False) -> str:
    """The per-document and overall table, with misses and extras when verbose."""
    lines = [f"{'document':<36} {'kind':<34} {'exp':>4} {'found':>5} {'ok':>4} "
             f"{'recall':>7} {'precision':>9}"]
    for d in score.documents:
        lines.append(f"{d.file:<36} {d.kind:<34} {d.expected:>4} {d.found:>5} {d.matched:>4} "
                     f"{d.recall:>7.1%} {d.precision:>9.1%}")
        if verbose:
            lines += [f"    missed: {','.join(_key(m))} value={m['value']}" for m in d.missed]
            lines += [f"    extra:  {','.join(_key(_figure_row(f)))} value={f.value} "
                      f"| {f.quote}" for f in d.extra]
        lines += [f"    QUOTE MISMATCH at {f.start}-{f.end}: {f.quote!r}" for f in d.bad_quotes]
    total_exp = sum(d.expected for d in score.documents)
    total_found = sum(d.found for d in score.documents)
    total_ok = sum(d.matched for d in score.documents)
    lines.append(f"{'overall':<36} {'':<34} {total_exp:>4} {total_found:>5} {total_ok:>4} "
                 f"{score.recall:>7.1%} {score.precision:>9.1%}")
    return "\n".join([*lines, "", *by_phenomenon(score), "", *by_batch(score)])


def by_phenomenon(score: CorpusScore) -> list[str]:
    """Recall per phenomenon tag over the expected rows that carry it."""
    counts: dict[str, list[int]] = {}
    for d in score.documents:
        for tags, ok in d.rows:
            for tag in tags or ("untagged",):
                counts.setdefault(tag, [0, 0])
                counts[tag][0] += 1
                counts[tag][1] += ok
    lines = [f"{'phenomenon':<36} {'exp':>4} {'ok':>4} {'recall':>7}"]
    lines += [f"{tag:<36} {n:>4} {ok:>4} {ok / n:>7.1%}"
              for tag, (n, ok) in sorted(counts.items())]
    return lines


_BATCH = re.compile(r"blind batch (\d+)")


def batch(document: DocumentScore) -> str:
    """The blind batch a document came in ("blind 7"), or "team" for the team's own."""
    m = _BATCH.search(document.kind)
    return f"blind {m.group(1)}" if m else "team"


def by_batch(score: CorpusScore) -> list[str]:
    """Recall and precision per batch of documents."""
    groups: dict[str, list[DocumentScore]] = {}
    for d in score.documents:
        groups.setdefault(batch(d), []).append(d)
    lines = [f"{'batch':<36} {'docs':>4} {'exp':>4} {'found':>5} {'ok':>4} {'recall':>7} "
             f"{'precision':>9}"]
    for name in sorted(groups, key=lambda b: (b != "team", int(b.split()[-1]) if b != "team"
                                              else 0)):
        part = CorpusScore(groups[name])
        exp, found = sum(d.expected for d in part.documents), sum(d.found for d in part.documents)
        ok = sum(d.matched for d in part.documents)
        lines.append(f"{name:<36} {len(part.documents):>4} {exp:>4} {found:>5} {ok:>4} "
                     f"{part.recall:>7.1%} {part.precision:>9.1%}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the scores; exit 1 if any quote is not the text at its offsets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    score = score_corpus(args.folder)
    print(report(score, args.verbose))
    return 1 if any(d.bad_quotes for d in score.documents) else 0


if __name__ == "__main__":
    sys.exit(main())
