"""The progress table for a person: a rich table in the terminal, one line per target.

The cell texts and the headline tally are shared with the HTML report (`tracker.report_html`),
so the terminal and the page say the same thing in the same words.
"""

from __future__ import annotations

import sys
from typing import Any

import polars as pl
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tracker.catalog import display
from tracker.labels import (
    FLAG_LABELS,
    STATUS_LABELS,
    check_lang,
    series_name,
    status_mark,
    target_text,
)
from tracker.progress import STATUSES
from tracker.progress_notes import note_of

STATUS_STYLES = {"achieved": "bold green", "missed": "bold red", "on_track": "green",
                 "needs_acceleration": "yellow",
                 "moving_away": "red", "off_track": "dark_orange", "no_data": "dim"}

_HEAD = {
    "zh": ("状态", "指标", "目标", "基期", "最新实际", "完成进度", "R", "来源", "说明"),
    "en": ("status", "indicator", "target", "baseline", "latest actual", "of the way", "R",
           "source", "note"),
}
# The flags said next to the status; the others show in the figure and target cells already.
STATUS_FLAGS = ("single_point", "break")
_UNCOUNTED = {"zh": ("不计入汇总", "征求意见稿", "已被替代"),
              "en": ("outside the counts", "draft", "superseded")}


def figure_text(row: dict[str, Any], prefix: str, lang: str) -> str:
    """`2024: 4486.63亿元 (预计)`: the baseline or latest figure of a row, or a dash."""
    if row[f"{prefix}_value"] is None:
        return "—"
    value = display(row[f"{prefix}_value"], row[f"{prefix}_unit"], lang)
    text = f"{row[f'{prefix}_year']}: {value}"
    mark = status_mark(row[f"{prefix}_status"], prefix == "latest" and row["ytd"], lang)
    return f"{text} ({mark})" if mark else text


def share_text(row: dict[str, Any], lang: str) -> str:
    """The share of the way from the baseline; for a single point, its share of the target."""
    if row["share_achieved"] is not None:
        return f"{row['share_achieved']:.0%}"
    if row["single_point"] and row["share_of_target"] is not None:
        share = row["share_of_target"]
        return f"目标的{share:.1%}" if lang == "zh" else f"{share:.1%} of target"
    return "—"


def status_flags(row: dict[str, Any], lang: str) -> list[str]:
    """The words for the flags that qualify a status: one point only, break in series."""
    return [FLAG_LABELS[lang][f] for f in STATUS_FLAGS if f in (row["flags"] or [])]


def target_flags(row: dict[str, Any], lang: str) -> list[str]:
    """Draft, superseded by a later plan: why a target is outside the headline counts."""
    flags = [FLAG_LABELS[lang]["draft"]] if row["draft"] else []
    if row["superseded_by"]:
        plan = row["superseded_by_plan"] or row["superseded_by"]
        flags.append(f"已被《{plan}》替代" if lang == "zh" else f"superseded by {plan}")
    return flags


def tally_text(frame: pl.DataFrame, lang: str) -> str:
    """The headline counts by status (counted targets only), then what was left out and why."""
    labels = STATUS_LABELS[lang]
    counted = frame.filter(pl.col("counted"))
    counts = dict(counted.group_by("status").len().iter_rows())
    sep = "：" if lang == "zh" else ": "
    parts = [f"{labels[s]}{sep}{counts[s]}" for s in STATUSES if s in counts]
    left_out, draft, superseded = _UNCOUNTED[lang]
    rest = frame.filter(~pl.col("counted"))
    drafts = rest.filter(pl.col("draft")).height
    why = [f"{word} {n}" for word, n in ((draft, drafts), (superseded, rest.height - drafts)) if n]
    aside = ""
    if why:
        aside = (f"（{left_out}：{'，'.join(why)}）" if lang == "zh"
                 else f" ({left_out}: {', '.join(why)})")
    n = counted.height
    total = f"共{n}项目标" if lang == "zh" else f"{n} target{'' if n == 1 else 's'}"
    return " · ".join([total, *parts]) + aside


def progress_table(frame: pl.DataFrame, lang: str = "zh") -> Table:
    """A rich Table of `tracker.progress.assess` output."""
    check_lang(lang)
    labels = STATUS_LABELS[lang]
    table = Table(title="2025年目标进展" if lang == "zh" else "Progress towards the 2025 targets",
                  show_lines=False, header_style="bold")
    for head in _HEAD[lang]:
        table.add_column(head, overflow="fold")
    section = False
    for row in frame.iter_rows(named=True):
        if not row["counted"] and not section:
            table.add_section()  # the targets outside the headline counts, apart
            section = True
        ratio = row["ratio"]
        source = (f"{row['latest_publisher']} {row['latest_date_published']}"
                  if row["latest_publisher"] else "")
        flags, extra = target_flags(row, lang), status_flags(row, lang)
        status = f"[{STATUS_STYLES[row['status']]}]{labels[row['status']]}[/]"
        target = escape(target_text(row, lang)) + (
            f" [dim]\\[{escape('; '.join(flags))}][/]" if flags else "")
        table.add_row(
            status + (f"\n[dim]{escape(' · '.join(extra))}[/]" if extra else ""),
            escape(series_name(row["indicator"], row["cluster"], row["measure"], lang)),
            target, escape(figure_text(row, "baseline", lang)),
            escape(figure_text(row, "latest", lang)), share_text(row, lang),
            f"{ratio:.2f}" if ratio is not None else "—", escape(source),
            escape(note_of(row, lang)), style="dim" if not row["counted"] else None,
        )
    return table


def print_progress(frame: pl.DataFrame, lang: str = "zh", console: Console | None = None) -> None:
    """Print the progress table and the headline tally (drafts and superseded left out)."""
    # Piped into a log, rich would assume 80 columns and wrap every cell; a log can be wide.
    out = console or Console(width=None if sys.stdout.isatty() else 160)
    out.print(progress_table(frame, lang))
    if not frame.is_empty():
        out.print(tally_text(frame, lang))
