"""Words that only mark the clause they stand in: measure cues, qualifiers, comparisons.

Each function reads the token at `w.i` of a sentence walk (see sentences.py) and records what it
says in the clause or sentence state; none consumes more tokens. `MARKS` maps a token kind to
its function: the sentence reader calls these for the kinds listed and its own handlers for
the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tracker.extract.shapes import aside_follows
from tracker.extract.state import Walk, same_months
from tracker.extract.tokens import PRE_QUALIFIERS, cue_kind
from tracker.periods import parse_period


def lookback(w: Walk) -> None:
    """"早在2023年", "对比2024年": the period named next speaks for this sentence only."""
    w.s.leading = False


def compare(w: Walk) -> None:
    """"比上年", "较2020年": the base a change is measured from; before a bracketed figure
    ("比8月当月(3.4%)…", "比去年同期(3.9%)") the period of that figure alone."""
    stated = parse_period(w.token.text)
    if not aside_follows(w.tokens, w.i):
        w.clause.cues.base_year = stated.year
        return
    # "比8月当月(3.4%)提高0.7个百分点": the bracketed rate is the one compared with, of
    # the period named there (the month alone), and only it is.
    w.clause.versus = True
    w.clause.resume = (w.s.period, w.s.status)
    w.s.period = same_months(w.s.period, stated, w.token.text)  # 比去年同期(3.9%)


def final(w: Walk) -> None:
    """"最终增长5.2%": the whole year in force, whatever part of it was named."""
    # "受下半年…拖累，中山…最终增长5.2%": the whole year in force.
    if w.s.period is not None and w.s.period.kind != "point":
        w.s.period = replace(w.s.period, first=1, last=12, kind="year")


def versus(w: Walk) -> None:
    """"比全省GDP增速(6.2%)…": what the clause compares with; a bracketed figure is its own."""
    w.clause.versus = True


def anyshare(w: Walk) -> None:
    """"占比": a share of the one whole the subject has a ratio for."""
    w.clause.cues.any_share = True


def share(w: Walk) -> None:
    """"占全国…", and the averages (年均, 平均) recorded the same way."""
    w.clause.cues.add(w.token.kind, w.token.text)


def cue(w: Walk) -> None:
    """A measure word (增长, 下降, 提高到, 新增, 拉动…)."""
    w.clause.cues.add(cue_kind(w.token.text), w.token.text)


def qual(w: Walk) -> None:
    """A qualifier written before the number (约, 超过, 不到…)."""
    if w.token.text in PRE_QUALIFIERS:
        w.clause.qualifier = PRE_QUALIFIERS[w.token.text]


def ordinal(w: Walk) -> None:
    """"第3家…": an ordinal, so the number counts no figure."""
    w.clause.ordinal = True


def total(w: Walk) -> None:
    """"累计": a total, over the multi-year span in force."""
    w.clause.total = True


def status(w: Walk) -> None:
    """预计, 初步核算: the part's figures from here on have the sentence's status."""
    if w.s.pending is not None:
        w.s.status, w.s.pending = w.s.pending, None


MARKS: dict[str, Callable[[Walk], None]] = {
    "status": status,
    "lookback": lookback,
    "compare": compare,
    "final": final,
    "versus": versus,
    "anyshare": anyshare,
    "share": share,
    "avg": share,
    "cue": cue,
    "qual": qual,
    "ordinal": ordinal,
    "total": total,
}
