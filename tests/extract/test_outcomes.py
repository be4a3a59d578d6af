"""What is an outcome figure: targets and plans, estimates and preliminary figures, counts that
name things, scopes."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import clustered, ends, full, read, valued


def test_a_plan_named_as_a_yardstick_does_not_end_the_outcomes() -> None:
    figures = read("2025年，全市工业投资完成年度计划的96%，高于年度计划进度4个百分点；全市固定资产"
                   "投资下降2.1%，其中工业投资增长7.4%、占固定资产投资比重为31.2%，技改投资下降1.5%。"
                   "全年工业投资增长7.4%，力争今年增长10%。", dt.date(2026, 1, 20), region="440600")
    assert ends(figures) == [
        ("fixed_asset_investment", "440600", "yoy_pct", "2025-12-31", -2.1, "exact"),
        ("industrial_investment", "440600", "yoy_pct", "2025-12-31", 7.4, "exact"),
        ("industrial_investment_share_fai", "440600", "level", "2025-12-31", 31.2, "exact"),
        ("tech_renovation_investment", "440600", "yoy_pct", "2025-12-31", -1.5, "exact"),
    ]


def test_the_scope_of_industrial_statistics_before_an_industry_total() -> None:
    figures = read("2025年，全省规上工业总产值18.2万亿元，增长2.6%。", dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("industrial_output", "440000", "level", "2025-12-31", 1.82e13, "exact"),
        ("industrial_output", "440000", "yoy_pct", "2025-12-31", 2.6, "exact"),
    ]


def test_year_end_stock_of_specialised_smes_over_a_rounded_count() -> None:
    figures = read("年末全省拥有国家级专精特新“小巨人”企业1530家、省级专精特新中小企业超2.9万家。",
                   dt.date(2025, 3, 28))
    assert full(figures) == [
        ("little_giants", "440000", None, "level", "2024-12-31", "2024-12-31", 1530, "exact"),
        ("specialized_smes", "440000", None, "level", "2024-12-31", "2024-12-31", 29000,
         "over"),
    ]


def test_a_scale_word_without_a_numeral_is_no_number() -> None:
    assert read("2023年软件业务收入口径不同，千万别混着用，百万家庭受益。\n",
                dt.date(2025, 12, 20)) == []


def test_reaching_a_year_still_opens_a_plan_when_no_level_of_that_year_follows() -> None:
    figures = read("2025年研发投入强度为3.4%，到2030年研发投入强度达到4%左右。",
                   dt.date(2026, 2, 10))
    assert clustered(figures) == [
        ("rd_intensity", None, "level", "2025-01-01", "2025-12-31", 3.4, "exact"),
    ]


def test_preliminary_accounting_marks_figures_p() -> None:
    figures = read("初步核算，上半年全省地区生产总值6.8万亿元。", dt.date(2025, 7, 20))
    assert [(f.indicator, f.status) for f in figures] == [("gdp", "P")]


def test_an_estimate_made_from_flash_data_is_an_estimate() -> None:
    figures = read("根据快报数据，预计2025年全省研发经费支出5000亿元。", dt.date(2026, 2, 10))
    assert [(f.indicator, f.status) for f in figures] == [("rd_expenditure", "E")]


def test_an_estimate_covers_its_whole_sentence_and_no_further() -> None:
    figures = read("2024年，预计全市地区生产总值1.35万亿元，增长1.8%左右；"
                   "规模以上工业增加值增长3.2%，工业投资增长11.6%。全年完成工业投资1286.5亿元。",
                   dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, f.status) for f in figures] == [
        ("gdp", "E"), ("gdp", "E"), ("industrial_value_added", "E"),
        ("industrial_investment", "E"), ("industrial_investment", "A"),
    ]


def test_a_bracketed_gloss_after_a_subject_is_not_unknown_text() -> None:
    figures = read("2024年，国家级制造业单项冠军企业（产品）达到40家，"
                   "省级专精特新中小企业超2800家。",
                   dt.date(2025, 1, 13), "440600")
    assert [(f.indicator, f.value, f.qualifier) for f in figures] == [
        ("single_champions", 40, "exact"), ("specialized_smes", 2800, "over"),
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
    assert valued(figures) == [("nev_output", "440600", "level", 368000)]
