"""Names as people type them: codes in any case, Chinese and English names, aliases, a user's
own catalog beside the warehouse, and the closest codes when nothing matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tracker
from tests.conftest import run_cli
from tracker.errors import CatalogError, NotFoundError
from tracker.warehouse import Warehouse

HEADER = "indicator,region,measure,period_start,period_end,value_as_published,unit_as_published"
RELEASE = ('publisher = "佛山市统计局"\ntitle = "名称测试"\ndate_published = 2025-02-01\n'
           'table = "figures.csv"\n')


def write_release(folder: Path, *rows: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "release.toml").write_text(RELEASE, encoding="utf-8")
    (folder / "figures.csv").write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    return folder


def test_an_indicator_answers_to_its_code_in_any_case_and_its_names(seeded: Warehouse) -> None:
    expected = seeded.series("gdp")
    for name in ("GDP", "Gdp", "地区生产总值", "生产总值", "Gross regional product"):
        assert seeded.series(name).equals(expected), name
    assert seeded.series("新能源汽车产量").equals(seeded.series("nev_output"))


@pytest.mark.parametrize("name", ["440300", "深圳", "深圳市", "shenzhen", "Shenzhen", "深 圳"])
def test_a_region_answers_to_its_chinese_and_english_names(seeded: Warehouse, name: str) -> None:
    answer = seeded.series("gdp", region=name)
    assert answer.height > 0 and set(answer["region"]) == {"440300"}


def test_clusters_and_measures_answer_to_their_names(seeded: Warehouse) -> None:
    assert seeded.series("nev_output", cluster="汽车产业集群").equals(
        seeded.series("nev_output", cluster="automobiles"))
    assert seeded.series("gdp", measure="同比增长").equals(seeded.series("gdp", measure="yoy_pct"))
    assert seeded.series("gdp", measure="Year-on-year growth").equals(
        seeded.series("gdp", measure="YOY_PCT"))


def test_a_name_that_matches_nothing_suggests_the_closest_codes(seeded: Warehouse) -> None:
    with pytest.raises(CatalogError) as raised:
        seeded.series("机器")
    assert raised.value.suggestions == ["industrial_robot_output", "service_robot_output"]
    assert "`tracker search WORD`" in str(raised.value)
    with pytest.raises(CatalogError, match="Did you mean '440300'"):
        seeded.series("gdp", region="深训")


def test_a_missing_observation_points_at_commands_that_exist(seeded: Warehouse) -> None:
    with pytest.raises(NotFoundError) as raised:
        seeded.provenance(10**9)
    assert "tracker observations" not in str(raised.value)
    assert "obs_id column of `tracker series" in str(raised.value)


def test_the_cli_takes_names_for_indicators_and_regions(seeded_path: Path) -> None:
    by_name = run_cli("series", "gdp", "--region", "深圳", "--nl", warehouse=seeded_path,
                      check=True).stdout
    by_code = run_cli("series", "GDP", "--region", "440300", "--nl", warehouse=seeded_path,
                      check=True).stdout
    assert by_name == by_code and by_name.strip()
    chinese = run_cli("series", "新能源汽车产量", "--json", warehouse=seeded_path, check=True)
    assert {r["indicator"] for r in json.loads(chinese.stdout)} == {"nev_output"}


def test_search_lists_the_indicators_any_of_whose_names_hold_the_word(
        seeded_path: Path) -> None:
    found = json.loads(run_cli("search", "机器人", "--json", warehouse=seeded_path,
                               check=True).stdout)
    assert {r["code"] for r in found} == {"industrial_robot_output", "service_robot_output"}
    english = json.loads(run_cli("search", "ROBOT", "--json", warehouse=seeded_path,
                                 check=True).stdout)
    assert {r["code"] for r in english} == {r["code"] for r in found}
    missing = run_cli("search", "飞船", warehouse=seeded_path)
    assert missing.returncode == 1 and "tracker indicators" in missing.stderr


def test_regions_and_clusters_are_listed(seeded_path: Path) -> None:
    regions = json.loads(run_cli("regions", "--json", warehouse=seeded_path, check=True).stdout)
    assert {"code": "440300", "name_zh": "深圳市", "name_en": "Shenzhen"}.items() <= next(
        r for r in regions if r["code"] == "440300").items()
    clusters = json.loads(run_cli("clusters", "--json", warehouse=seeded_path,
                                  check=True).stdout)
    assert len(clusters) == 20 and "automobiles" in {c["code"] for c in clusters}


def test_indicators_with_data_count_what_each_holds(seeded_path: Path) -> None:
    held = json.loads(run_cli("indicators", "--with-data", "--json", warehouse=seeded_path,
                              check=True).stdout)
    with tracker.open(seeded_path) as wh:
        truth = wh.sql("SELECT indicator, count(*) n, min(period_start) AS first_p, "
                       "max(period_end) AS last_p FROM observations GROUP BY 1")
        catalog_size = wh.indicators().height
    assert {r["code"]: r["figures"] for r in held} == dict(truth.select("indicator", "n").rows())
    assert len(held) < catalog_size
    gdp = next(r for r in held if r["code"] == "gdp")
    row = truth.filter(truth["indicator"] == "gdp").row(0, named=True)
    assert (gdp["first_period"], gdp["last_period"]) == (str(row["first_p"]), str(row["last_p"]))
    assert gdp["last_release"].startswith("R") and gdp["last_published"]


def test_a_release_table_may_name_regions_indicators_and_measures(seeded_path: Path,
                                                                   tmp_path: Path) -> None:
    folder = write_release(tmp_path / "rel",
                           "新能源汽车产量,佛山,数值,2024-01-01,2024-12-31,30.5,万辆",
                           "GDP,Foshan,同比增长,2024-01-01,2024-12-31,3.1,%",
                           "gdp,佛州,level,2024-01-01,2024-12-31,1.36,万亿元")
    done = run_cli("ingest", "table", folder, warehouse=seeded_path)
    assert done.returncode == 4, done.stderr  # two in, one quarantined
    assert "'佛州'" in done.stderr and "Did you mean '440600'" in done.stderr
    with tracker.open(seeded_path) as wh:
        held = wh.sql("SELECT indicator, region, measure FROM observations WHERE release_id "
                      "IN (SELECT release_id FROM releases WHERE title = '名称测试') "
                      "ORDER BY indicator")
    assert held.rows() == [("gdp", "440600", "yoy_pct"), ("nev_output", "440600", "level")]


def test_a_user_catalog_beside_the_warehouse_adds_indicators_and_aliases(
        empty_path: Path, tmp_path: Path) -> None:
    user = empty_path.parent / "catalog"
    user.mkdir()
    (user / "indicators.csv").write_text(
        "code,name_zh,name_en,unit,kind,aliases_zh\n"
        "nev_output,,,,,电车产量\n"
        "charging_piles,充电桩数量,Charging piles,unit,stock,充电桩\n", encoding="utf-8")
    (user / "regions.csv").write_text("code,aliases\n440300,鹏城\n", encoding="utf-8")
    folder = write_release(tmp_path / "rel", "充电桩,鹏城,level,2024-12-31,2024-12-31,30,万台",
                           "电车产量,440000,level,2024-01-01,2024-12-31,253,万辆")
    run_cli("ingest", "table", folder, warehouse=empty_path, check=True)
    piles = json.loads(run_cli("series", "charging_piles", "--region", "鹏城", "--json",
                               warehouse=empty_path, check=True).stdout)
    assert [(r["region"], r["value"]) for r in piles] == [("440300", 300000.0)]
    listed = json.loads(run_cli("search", "充电", "--json", warehouse=empty_path,
                                check=True).stdout)
    assert [r["code"] for r in listed] == ["charging_piles"]
    with tracker.open(empty_path) as wh:
        assert "电车产量" in wh.indicators().filter(
            wh.indicators()["code"] == "nev_output")["aliases_zh"][0]
        assert wh.series("电车产量").height == 1
        # Synced into the warehouse's own catalog tables too, for SQL.
        assert wh.sql("SELECT count(*) n FROM indicators WHERE code = 'charging_piles'")["n"][0]
