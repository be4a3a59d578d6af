"""National data portal end to end: catalogue check, esData, periods, revisions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from replay import sites
from replay.server import ReplayServer, Reply

from tracker.schedule import refresh
from tracker.warehouse import Warehouse

ES = sites.PORTAL_API + "stream/esData"


def test_values_become_figures_and_the_request_is_the_portals(
        server: ReplayServer, wh: Warehouse, sources_dir: Path) -> None:
    sites.install_portal(server)
    sites.portal_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "succeeded", outcome.error
    published = [c for c, v in sites.IVA.items() if v] + [c for c, v in sites.NEV.items() if v]
    assert outcome.added == len(published) == 6  # "" (not yet published) is no figure

    (posted,) = server.hits(ES, "POST")
    body = json.loads(posted.body)
    assert body["dts"] == ["202401MM-202412MM"]
    assert body["das"] == [{"text": "广东省", "value": "440000000000"}]
    assert body["indicatorIds"] == [sites.IVA_ID, sites.NEV_ID] and body["cid"] == sites.CID
    tree = server.hits(sites.PORTAL_API + "new/queryIndexTreeAsync")[0]
    assert tree.query == {"pid": [sites.PARENT_ID], "code": ["4"]}

    growth = wh.series("industrial_value_added", measure="yoy_pct")
    assert growth["period_start"].unique().to_list() == [dt.date(2024, 1, 1)]  # cumulative
    assert dict(zip(growth["period_end"], growth["value"], strict=True)) == {
        dt.date(2024, 9, 30): 4.0, dt.date(2024, 10, 31): 4.3, dt.date(2024, 11, 30): 4.3}
    nev = wh.series("nev_output")
    november = nev.filter(nev["period_end"] == dt.date(2024, 11, 30)).row(0, named=True)
    assert november["period_start"] == dt.date(2024, 11, 1)
    assert november["value"] == 30.02e4 and november["unit_as_published"] == "万辆"
    assert november["locator"].startswith("$.data[")

    (release,) = wh.releases(source_id="nbs_portal").iter_rows(named=True)
    extra = json.loads(release["extra"])
    assert extra["fetch"]["method"] == "POST" and json.loads(extra["fetch"]["request_body"]) == body
    assert [c["url"].split("?")[0].rsplit("/", 1)[1] for c in extra["catalogue"]] == [
        "queryIndexTreeAsync", "queryIndicatorsByCid"]
    assert release["published_approximate"] is True


def test_the_same_payload_again_appends_nothing(server: ReplayServer, wh: Warehouse,
                                                sources_dir: Path) -> None:
    sites.install_portal(server)
    sites.portal_toml(sources_dir, server.url)
    refresh(wh, sources_dir=sources_dir)
    (again,) = refresh(wh, sources_dir=sources_dir)
    assert (again.status, again.releases_added, again.added) == ("unchanged", 0, 0)
    assert wh.releases(source_id="nbs_portal").height == 1
    assert wh.runs(source_id="nbs_portal")["status"].to_list() == ["unchanged", "succeeded"]


def test_a_changed_value_is_a_revision(server: ReplayServer, wh: Warehouse, sources_dir: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sites.install_portal(server)
    sites.portal_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2025-01-10T10:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    sites.install_portal(server, iva={**sites.IVA, "202411MM": "4.4", "202412MM": "4.2"})
    monkeypatch.setenv("TRACKER_NOW", "2025-01-11T10:00:00+08:00")  # the payload of a day later
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("succeeded", 1)
    assert wh.revisions("industrial_value_added", measure="yoy_pct").height == 1
    growth = wh.series("industrial_value_added", measure="yoy_pct")
    latest = dict(zip(growth["period_end"], growth["value"], strict=True))
    assert latest[dt.date(2024, 11, 30)] == 4.4 and latest[dt.date(2024, 12, 31)] == 4.2
    vintages = wh.vintages("industrial_value_added", measure="yoy_pct")
    november = vintages.filter(vintages["period_end"] == dt.date(2024, 11, 30))
    assert november["value"].to_list() == [4.3, 4.4]


def test_plain_string_values_are_read_in_request_order(server: ReplayServer, wh: Warehouse,
                                                       sources_dir: Path) -> None:
    sites.install_portal(server)
    blocks = [{"code": "202410MM", "values": ["4.3", "27.83"]},
              {"code": "202411MM", "values": ["4.3", ""]}]
    server.set(ES, Reply(200, sites.envelope(blocks)), method="POST")
    sites.portal_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.added == 3, outcome.error
    assert wh.series("nev_output")["value"].to_list() == [27.83e4]


def test_a_pinned_id_missing_from_the_catalogue_fails_the_run(
        server: ReplayServer, wh: Warehouse, sources_dir: Path) -> None:
    sites.install_portal(server)
    server.set(sites.PORTAL_API + "new/queryIndicatorsByCid",
               Reply(200, sites.envelope({"list": [{"_id": sites.IVA_ID}], "total": 1})))
    sites.portal_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed"
    assert sites.NEV_ID in outcome.error and "queryIndicatorsByCid" in outcome.error
    assert not server.hits(ES, "POST") and wh.releases().height == 0


def test_a_pinned_id_under_another_name_fails_the_run(server: ReplayServer, wh: Warehouse,
                                                      sources_dir: Path) -> None:
    sites.install_portal(server)
    path = sites.portal_toml(sources_dir, server.url)
    text = path.read_text(encoding="utf-8")
    text = text.replace('indicator = "nev_output"',
                        'name = "新能源汽车产量"\nindicator = "nev_output"')
    text = text.replace('indicator = "industrial_value_added"',
                        'name = "规模以上工业企业营业收入"\nindicator = "industrial_value_added"')
    path.write_text(text, encoding="utf-8")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed" and "规模以上工业企业营业收入" in outcome.error
    assert "规模以上工业增加值_累计增长" in outcome.error
