"""How sure the engine is of a figure: the base of the rule that read it, less its doubts.

A reviewer looks at the doubtful figures first, so the doubts are the ones that cause real
mistakes: a value far down a list mapped by position (one missing item shifts every value after
it), text whose words or numbers were joined across an OCR or PDF line break, a period carried
from an earlier sentence rather than stated, and a subject carried from an earlier sentence or
clause. The bases and weights are rows of the lexicon (`[rules]`, `[confidence]`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.lexicon import lexicon


@dataclass(frozen=True)
class Evidence:
    """What a figure was read from, beyond its quote: the rule and the doubts about it."""

    rule: str
    position: int = 0  # the value's place in a list mapped by position (0: first or alone)
    carried_period: bool = False  # the period in force, not one the figure's sentence states
    carried_subject: bool = False  # the subject was named in an earlier sentence or clause
    repaired: bool = False  # the quote spans a line break or stray space joined up


_WEIGHTS = lexicon().confidence


def confidence(evidence: Evidence) -> float:
    """The figure's confidence in 0..1 (two decimals)."""
    weights = _WEIGHTS
    score = lexicon().rule_base(evidence.rule)
    score -= min(evidence.position * weights["position"], weights["position_cap"])
    score -= weights["carried_period"] if evidence.carried_period else 0.0
    score -= weights["carried_subject"] if evidence.carried_subject else 0.0
    score -= weights["repaired"] if evidence.repaired else 0.0
    return round(max(0.0, min(1.0, score)), 2)
