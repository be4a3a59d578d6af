"""Tables: HTML, plain-text and pipe rows read by their header (period, unit, growth and measured
columns)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.support import clustered, full, read
from tracker.extract import decode, extract_figures


def test_a_table_of_names_under_a_measured_column_takes_the_caption_period() -> None:
    figures = read("<p>附表 2024年广东部分战略性产业集群营业收入情况</p><table>"
                   "<tr><th>集群名称</th><th>营业收入（亿元）</th><th>同比增长（%）</th></tr>"
                   "<tr><td>高端装备制造</td><td>3215.7</td><td>7.9</td></tr>"
                   "<tr><td>某某产业</td><td>100.0</td><td>1.0</td></tr></table>",
                   dt.date(2025, 7, 29), html=True)
    assert full(figures) == [
        ("cluster_revenue", "440000", "high_end_equipment", "level", "2024-01-01",
         "2024-12-31", 3.2157e11, "exact"),
        ("cluster_revenue", "440000", "high_end_equipment", "yoy_pct", "2024-01-01",
         "2024-12-31", 7.9, "exact"),
    ]


@pytest.mark.parametrize("sep", [" | ", "｜", "\t", "   "])


def test_a_plain_text_table_reads_like_a_table(sep: str) -> None:
    lines = ["主要产品产量（2025年1—9月，全省）", "",
             sep.join(["产品", "产量", "增长"]),
             sep.join(["工业机器人（Industrial Robot）", "20.5万套", "12.5%"]),
             sep.join(["集成电路", "512.3亿块", "-3.1%"]),
             sep.join(["某种零件", "12万件", "5.0%"])]
    figures = read("\n".join(lines) + "\n", dt.date(2025, 10, 20))
    assert clustered(figures) == [
        ("industrial_robot_output", "smart_robots", "level", "2025-01-01", "2025-09-30",
         205000.0, "exact"),
        ("industrial_robot_output", "smart_robots", "yoy_pct", "2025-01-01", "2025-09-30",
         12.5, "exact"),
        ("ic_output", "semiconductors_ic", "level", "2025-01-01", "2025-09-30", 5.123e10,
         "exact"),
        ("ic_output", "semiconductors_ic", "yoy_pct", "2025-01-01", "2025-09-30", -3.1, "exact"),
    ]
    assert figures[0].quote.startswith("工业机器人")


def test_a_line_with_a_single_bar_stays_prose() -> None:
    figures = read("■ 机器人｜Robotics\n1—9月全省工业机器人产量增长12.5%。\n",
                   dt.date(2025, 10, 20))
    assert clustered(figures) == [
        ("industrial_robot_output", "smart_robots", "yoy_pct", "2025-01-01", "2025-09-30",
         12.5, "exact"),
    ]


def test_a_product_table_row_reads_by_its_header() -> None:
    page = ("<html><body><p>2025年1—9月全省规模以上工业主要产品产量</p><table>"
            "<tr><td>产品名称</td><td>计量单位</td><td>1—9月</td><td>同比增长(%)</td></tr>"
            "<tr><td>汽车</td><td>万辆</td><td>402.15</td><td>-2.1</td></tr>"
            "<tr><td>　其中：新能源汽车</td><td>万辆</td><td>288.47</td><td>12.4</td></tr>"
            "<tr><td>智能手机</td><td>万台</td><td>38106.50</td><td>6.1</td></tr>"
            "<tr><td>太阳能电池</td><td>万千瓦</td><td>3312.04</td><td>-7.6</td></tr>"
            "<tr><td>工业机器人</td><td>万千瓦</td><td>1.5</td></tr>"
            "</table></body></html>")
    data = page.encode()
    figures = extract_figures(data, dt.date(2025, 10, 24))
    assert [(f.indicator, f.measure, str(f.period_end), round(f.value, 6)) for f in figures] == [
        ("car_output", "level", "2025-09-30", 4021500),
        ("car_output", "yoy_pct", "2025-09-30", -2.1),
        ("nev_output", "level", "2025-09-30", 2884700),
        ("nev_output", "yoy_pct", "2025-09-30", 12.4),
        ("smartphone_output", "level", "2025-09-30", 381065000),
        ("smartphone_output", "yoy_pct", "2025-09-30", 6.1),
    ]
    text = decode(data).text
    assert all(text[f.start:f.end] == f.quote for f in figures)
    # Each figure quotes its row from the name to its own cell, and says where the cell is.
    assert figures[4].quote == "智能手机</td><td>万台</td><td>38106.50"
    assert figures[5].quote == "智能手机</td><td>万台</td><td>38106.50</td><td>6.1"
    assert (figures[4].cell, figures[5].cell) == ("row 3, column 3", "row 3, column 4")
    assert {f.rule for f in figures} == {"table"}
