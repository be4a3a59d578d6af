"""The progress table for a person: a rich table in the terminal, one line per target."""

from __future__ import annotations

import sys
from typing import Any

import polars as pl
from rich.console import Console
from rich.table import Table

from tracker.catalog import display
from tracker.labels import STATUS_LABELS, check_lang, series_name, status_mark, target_text

STATUS_STYLES = {"achieved": "bold green", "missed": "bold red", "on_track": "green",
                 "needs_acceleration": "yellow", "limited_progress": "dark_orange",
                 "moving_away": "red", "no_data": "dim"}

_HEAD = {
    "zh": ("状态", "指标", "目标", "基期", "最新实际", "完成进度", "R", "来源"),
    "en": ("status", "indicator", "target", "baseline", "latest actual", "of the way", "R",
           "source"),
}


def _figure(row: dict[str, Any], prefix: str, lang: str) -> str:
    if row[f"{prefix}_value"] is None:
        return "—"
    value = display(row[f"{prefix}_value"], row[f"{prefix}_unit"], lang)
    text = f"{row[f'{prefix}_year']}: {value}"
    mark = status_mark(row[f"{prefix}_status"], prefix == "latest" and row["ytd"], lang)
    return f"{text} ({mark})" if mark else text


def _target(row: dict[str, Any], lang: str) -> str:
    text = target_text(row, lang)
    flags = []
    if row["draft"]:
        flags.append("征求意见稿" if lang == "zh" else "draft")
    if row["superseded_by"]:
        flags.append(f"{'已被替代' if lang == 'zh' else 'superseded by'} {row['superseded_by']}")
    return f"{text} [{'; '.join(flags)}]" if flags else text


def progress_table(frame: pl.DataFrame, lang: str = "zh") -> Table:
    """A rich Table of `tracker.progress.assess` output."""
    check_lang(lang)
    labels = STATUS_LABELS[lang]
    table = Table(title="2025年目标进展" if lang == "zh" else "Progress towards the 2025 targets",
                  show_lines=False, header_style="bold")
    for head in _HEAD[lang]:
        table.add_column(head, overflow="fold")
    for row in frame.iter_rows(named=True):
        share = row["share_achieved"]
        ratio = row["ratio"]
        source = (f"{row['latest_publisher']} {row['latest_date_published']}"
                  if row["latest_publisher"] else "")
        table.add_row(
            f"[{STATUS_STYLES[row['status']]}]{labels[row['status']]}[/]",
            series_name(row["indicator"], row["cluster"], row["measure"], lang),
            _target(row, lang), _figure(row, "baseline", lang), _figure(row, "latest", lang),
            f"{share:.0%}" if share is not None else "—",
            f"{ratio:.2f}" if ratio is not None else "—", source,
        )
    return table


def print_progress(frame: pl.DataFrame, lang: str = "zh", console: Console | None = None) -> None:
    """Print the progress table (and a one-line tally of statuses) to the terminal."""
    # Piped into a log, rich would assume 80 columns and wrap every cell; a log can be wide.
    out = console or Console(width=None if sys.stdout.isatty() else 160)
    out.print(progress_table(frame, lang))
    if not frame.is_empty():
        counts = frame.group_by("status").len().sort("status").iter_rows()
        out.print("  ".join(f"{STATUS_LABELS[lang][s]}: {n}" for s, n in counts))
