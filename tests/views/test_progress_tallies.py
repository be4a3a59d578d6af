"""Drafts and superseded targets stay listed and marked, but outside the headline counts."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from constructed import actual, actuals, target, targets
from rich.console import Console

from tracker.progress import assess
from tracker.progress_table import print_progress, tally_text
from tracker.report_html import page

# Three targets on one series: the counted one is off track; a draft and a superseded one are
# achieved on the same figure, so any tally that counted them would show 已实现 / achieved.
FRAME = assess(
    targets(target("counted", 500.0), target("draft", 300.0, draft=True),
            target("old", 200.0, superseded_by="counted")),
    actuals(actual(2024, 400.0)),
)


def test_drafts_and_superseded_targets_are_listed_but_not_counted() -> None:
    rows = {r["target_id"]: r for r in FRAME.iter_rows(named=True)}
    assert set(rows) == {"counted", "draft", "old"}
    assert [rows[t]["counted"] for t in ("counted", "draft", "old")] == [True, False, False]
    assert rows["draft"]["status"] == rows["old"]["status"] == "achieved"
    assert "draft" in rows["draft"]["flags"] and "superseded" in rows["old"]["flags"]
    assert "outside the headline counts" in rows["old"]["note"]
    assert "不计入汇总" in rows["draft"]["note_zh"]
    # Listed after the counted targets.
    assert FRAME["target_id"].to_list()[0] == "counted"


def test_the_tally_counts_only_counted_targets() -> None:
    zh, en = tally_text(FRAME, "zh"), tally_text(FRAME, "en")
    assert zh.startswith("共1项目标") and "进度滞后：1" in zh and "已实现" not in zh
    assert "不计入汇总：征求意见稿 1，已被替代 1" in zh
    assert en.startswith("1 target ·") and "off track: 1" in en and "achieved" not in en
    assert "outside the counts: draft 1, superseded 1" in en


def test_the_terminal_table_ends_with_the_headline_tally() -> None:
    console = Console(width=200, record=True)
    print_progress(FRAME, "en", console)
    text = console.export_text()
    assert text.rstrip().splitlines()[-1] == tally_text(FRAME, "en")
    assert "draft" in text and "superseded by" in text  # still listed


def test_the_report_lists_uncounted_targets_apart_under_the_tally() -> None:
    html = page([], FRAME, "zh", {}, "")
    assert f"<p class=\"tally\">{tally_text(FRAME, 'zh')}</p>" in html
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    group = body.index("不计入汇总的目标")
    assert body.index("data-target='counted'") < group
    assert group < body.index("data-target='draft' class='uncounted'")
    assert group < body.index("data-target='old' class='uncounted'")


def test_the_chinese_report_has_no_english_notes() -> None:
    html = page([], FRAME, "zh", {}, "")
    table = html[html.index("<table id=\"progress\">"):html.index("</table>")]
    # Every cell text, without the markup (and the target ids in its attributes).
    text = re.sub(r"<[^>]+>", " ", table)
    assert re.findall(r"[A-Za-z]{2,}", text) == []
    assert "已被《行动计划（2023—2025年）》替代" in text
    for row in FRAME.filter(pl.col("note") != "").iter_rows(named=True):
        assert row["note_zh"] in html and row["note"] not in html


def test_a_target_is_superseded_only_once_its_successor_is_issued() -> None:
    old = target("old", 200.0, superseded_by="new", issued=dt.date(2021, 5, 1))
    new = target("new", 300.0, issued=dt.date(2024, 6, 1))
    figures = actuals(actual(2022, 250.0))
    then = assess(targets(old, new), figures, as_of=dt.date(2023, 6, 30))
    assert then["target_id"].to_list() == ["old"]
    assert then.row(0, named=True)["counted"] and "superseded" not in then["flags"][0]
    now = {r["target_id"]: r for r in assess(targets(old, new), figures).iter_rows(named=True)}
    assert not now["old"]["counted"] and now["new"]["counted"]
    assert now["old"]["superseded_by_plan"] == "行动计划（2023—2025年）"
