"""Rules found by the blind batch: how far a region, a status, a period or a target reaches, and
OCR damage inside numbers. Each test is one general rule on sentences of its own."""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, decode, extract_figures

PUBLISHED = dt.date(2025, 11, 20)


def read(text: str, published: dt.date = PUBLISHED, region: str = "440000") -> list[Figure]:
    return extract_figures(text.encode(), published, region)


def rows(figures: list[Figure]) -> list[tuple[str, str, str, float]]:
    return [(f.indicator, f.region, f.measure, round(f.value, 6)) for f in figures]


def test_a_region_named_in_one_part_of_a_sentence_carries_past_semicolons() -> None:
    figures = read("1—10月，全国集成电路产量3944亿块，增长9.5%；工业机器人产量59.5万套。"
                   "广东工业机器人产量23.35万套。")
    assert rows(figures) == [
        ("ic_output", "100000", "level", 3944e8),
        ("ic_output", "100000", "yoy_pct", 9.5),
        ("industrial_robot_output", "100000", "level", 595000),
        ("industrial_robot_output", "440000", "level", 233500),
    ]


def test_a_city_subject_in_a_later_part_takes_its_own_region() -> None:
    figures = read("1—10月，全省工业机器人产量23.35万套；深圳工业机器人产量增长35.7%。")
    assert [f.region for f in figures] == ["440000", "440300"]


def test_we_the_city_in_a_city_release_is_the_city() -> None:
    figures = read("去年我市新能源汽车产量达到36.8万辆。", dt.date(2025, 1, 13), "440600")
    assert rows(figures) == [("nev_output", "440600", "level", 368000)]


def test_ocr_breaks_and_spaces_inside_a_number_join_and_quotes_stay_exact() -> None:
    # The heading "（一）" runs on into its sentences, so its line break is OCR damage too.
    text = ("工作报告\n（一）工业经济总体平稳。2025年，全省规模以上工业增\n"
            "加值4.4 1万亿元、增长3.0%，工业技改投资增长1\n2.3%。全年新能源汽车产量超过4\n00万辆。"
            "截至2025年底，全省规模以上工业企业达7. 6万家。")
    data = text.encode()
    figures = read(text, dt.date(2026, 1, 28))
    assert rows(figures) == [
        ("industrial_value_added", "440000", "level", 4.41e12),
        ("industrial_value_added", "440000", "yoy_pct", 3.0),
        ("tech_renovation_investment", "440000", "yoy_pct", 12.3),
        ("nev_output", "440000", "level", 4e6),
        ("industrial_enterprises", "440000", "level", 76000),
    ]
    decoded = decode(data).text
    assert all(decoded[f.start:f.end] == f.quote for f in figures)
    assert figures[0].quote == "全省规模以上工业增\n加值4.4 1万亿元、增长3.0%"


def test_full_width_digits_and_percent_read_as_half_width() -> None:
    text = "2025年，高技术制造业增加值占规上工业比重达３１.９％，软件业务收入２．２１万亿元。"
    figures = read(text, dt.date(2026, 1, 28))
    assert [round(f.value, 6) for f in figures] == [31.9, 2.21e12]
    assert figures[0].quote.endswith("３１.９％")


def test_an_estimate_covers_its_whole_sentence_and_no_further() -> None:
    figures = read("2024年，预计全市地区生产总值1.35万亿元，增长1.8%左右；"
                   "规模以上工业增加值增长3.2%，工业投资增长11.6%。全年完成工业投资1286.5亿元。",
                   dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, f.status) for f in figures] == [
        ("gdp", "E"), ("gdp", "E"), ("industrial_value_added", "E"),
        ("industrial_investment", "E"), ("industrial_investment", "A"),
    ]


def test_from_a_dated_level_to_a_new_one() -> None:
    figures = read("2024年，高新技术企业从2020年的5718家增加到9000家以上，"
                   "专精特新“小巨人”企业累计达到187家。", dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, str(f.period_end), f.value, f.qualifier) for f in figures] == [
        ("high_tech_enterprises", "2020-12-31", 5718, "exact"),
        ("high_tech_enterprises", "2024-12-31", 9000, "over"),
        ("little_giants", "2024-12-31", 187, "exact"),
    ]


def test_the_change_itself_and_an_undated_start_are_not_levels() -> None:
    figures = read("截至2025年底，全省规模以上工业企业达7.6万家，由2020年底的5.5万家增加2.1万家，"
                   "数量继续居全国首位。2025年，研发投入强度从3.3%提高到3.5%。",
                   dt.date(2026, 1, 28))
    assert [(f.measure, str(f.period_end), f.value) for f in figures] == [
        ("level", "2025-12-31", 76000), ("level", "2020-12-31", 55000),
        ("rank_national", "2025-12-31", 1), ("level", "2025-12-31", 3.5),
    ]


def test_a_bracketed_gloss_after_a_subject_is_not_unknown_text() -> None:
    figures = read("2024年，国家级制造业单项冠军企业（产品）达到40家，"
                   "省级专精特新中小企业超2800家。",
                   dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, f.value, f.qualifier) for f in figures] == [
        ("single_champions", 40, "exact"), ("specialized_smes", 2800, "over"),
    ]


def test_every_n_with_a_comma_before_the_one() -> None:
    figures = read("去年，全国每4辆新能源汽车中，就有1辆产自广东。")
    assert [(f.indicator, f.measure, f.period_end.year, f.value) for f in figures] == [
        ("nev_output", "share_national_pct", 2024, 25.0),
    ]


def test_a_count_before_a_subject_is_part_of_its_name() -> None:
    figures = read("2025年，20个战略性产业集群增加值占全省地区生产总值比重约40%，"
                   "超高清视频显示产业集群营业收入约7800亿元。", dt.date(2026, 1, 28))
    assert [(f.indicator, f.cluster, f.value, f.qualifier) for f in figures] == [
        ("strategic_clusters_va_share", None, 40, "about"),
        ("cluster_revenue", "uhd_video_display", 7.8e11, "about"),
    ]


def test_a_count_of_projects_is_still_no_figure() -> None:
    assert read("2025年，全省签约项目312个、签约金额达1325亿元。", dt.date(2026, 1, 28)) == []


def test_a_target_ends_the_outcome_at_its_clause_for_the_rest_of_the_sentence() -> None:
    figures = read("去年我市新能源汽车产量达到36.8万辆，今年要力争突破50万辆；"
                   "工业机器人产量增长30%以上。", dt.date(2025, 1, 13), "440600")
    assert rows(figures) == [("nev_output", "440600", "level", 368000)]


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
    assert figures[4].quote == "智能手机</td><td>万台</td><td>38106.50</td><td>6.1"
