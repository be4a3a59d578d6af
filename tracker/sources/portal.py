"""National statistics data portal (国家数据): check the pinned catalogue, POST esData, save."""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import Any

from tracker import clock
from tracker.periods import portal_current, portal_span
from tracker.sources.config import Param
from tracker.sources.context import Context, Release
from tracker.sources.http import Fetched
from tracker.sources.portal_json import ShapeError, envelope, figures, nodes

PARAMS = {
    "base_url": Param(str, doc="scheme and host, e.g. https://data.stats.gov.cn"),
    "api_path": Param(str, "/dg/website/publicrelease/web/external/",
                      "the API's folder (renamed once already)"),
    "tree_code": Param(int, 4, "库码 of the catalogue (4 = 分省月度数据)"),
    "root_id": Param(str, doc="rootId of that catalogue"),
    "parent_id": Param(str, doc="the catalogue node whose children include cid"),
    "cid": Param(str, doc="the leaf catalogue the pinned indicators live in"),
    "area": Param(str, "440000000000", "12-digit area code"),
    "area_name": Param(str, "广东省", "the area's name as the portal spells it"),
    "region": Param(str, "440000", "our region code for that area"),
    "frequency": Param(str, "MM", "MM (months), SS (quarters) or YY (years)"),
    "first": Param(str, doc="first period asked for: YYYYMM, YYYYQ or YYYY"),
    "last": Param(str, "", "last period asked for; empty means the current month"),
    "series": Param(list, doc="pinned indicators: [{id, name, indicator, measure, unit, "
                    "cumulative}]",
                    keys=("id", "indicator")),
    "publisher": Param(str, "国家统计局", "publisher recorded on each release"),
    "grade": Param(str, "A", "provenance grade of the releases"),
}


def run(ctx: Context) -> None:
    """Confirm the pinned ids still stand in the catalogue, fetch the values, save one release."""
    p = ctx.spec.params
    api = f"{p['base_url']}/{p['api_path'].strip('/')}/"
    checks = [check(ctx, api, "new/queryIndexTreeAsync",
                    {"pid": p["parent_id"], "code": p["tree_code"]}, {p["cid"]: ""}),
              check(ctx, api, "new/queryIndicatorsByCid", {"cid": p["cid"], "dt": "", "name": ""},
                    {str(s["id"]): str(s.get("name", "")) for s in p["series"]})]
    last = p["last"] or portal_current(clock.today(), p["frequency"])
    body = {"cid": p["cid"], "indicatorIds": [str(s["id"]) for s in p["series"]],
            "daCatalogId": "", "das": [{"text": p["area_name"], "value": p["area"]}],
            "showType": "1", "dts": [portal_span(p["first"], last, p["frequency"])],
            "rootId": p["root_id"]}
    fetched = ctx.client.post_json(api + "stream/esData", body)
    try:
        frame = figures(envelope(ctx.client, fetched), p["series"], p["area"], p["region"])
    except ShapeError as exc:
        raise ctx.client.fail(fetched.final_url, f"a payload of another shape ({exc})",
                              "The portal changed its data format; update portal_json.py."
                              ) from None
    meta = ctx.meta(ctx.spec.title or f"国家数据 {p['area_name']} {p['cid']}", clock.today(),
                    fetched, catalogue=checks, series=p["series"])
    # The portal dates no value: the day we first saw the payload stands in for publication.
    meta.published_approximate = True
    ctx.save([Release(meta, frame, fetched.content)])


def check(ctx: Context, api: str, endpoint: str, query: dict[str, Any],
          wanted: dict[str, str]) -> dict[str, Any]:
    """GET a catalogue endpoint; fail unless every wanted id is there under the expected name."""
    fetched: Fetched = ctx.client.get(api + endpoint + "?" + urllib.parse.urlencode(query))
    try:
        found = nodes(envelope(ctx.client, fetched), endpoint)
    except ShapeError as exc:
        raise ctx.client.fail(fetched.final_url, f"a catalogue of another shape ({exc})",
                              "The portal changed its catalogue format.") from None
    if missing := sorted(set(wanted) - set(found)):
        raise ctx.client.fail(fetched.final_url, f"a catalogue without the pinned ids {missing} "
                              f"(it lists {sorted(found)[:10]})",
                              "The catalogue was reorganised: find the new ids and update the "
                              "source file's params.")
    for key, name in wanted.items():
        if name and name not in found[key]:
            raise ctx.client.fail(fetched.final_url, f"id {key} named {found[key]!r}, not "
                                  f"{name!r}", "Check the pinned id in the source file.")
    return {"url": fetched.final_url, "sha256": hashlib.sha256(fetched.content).hexdigest(),
            "fetched_at": fetched.metadata()["fetched_at"]}
