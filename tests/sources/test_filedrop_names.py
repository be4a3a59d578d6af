"""A file drop's region column may hold names as people write them (佛山, Shenzhen, 东莞市)."""

from __future__ import annotations

from pathlib import Path

from replay.world import drop_toml

from tracker.schedule import refresh
from tracker.warehouse import Warehouse

HEADER = "期间,地区,规模以上工业增加值增速,新能源汽车产量"


def test_dropped_regions_named_any_way_land_on_their_codes(tmp_path: Path, wh: Warehouse,
                                                          sources_dir: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    rows = ["2024年1-10月,佛山,4.1,20.5", "2024年1-10月,Shenzhen,5.0,161.2",
            "2024年1-10月,东莞市,3.2,—", "2024年1-10月,佛州,1.0,—"]
    (drop / "a.csv").write_text("\n".join([HEADER, *rows, ""]), encoding="utf-8")
    drop_toml(sources_dir, drop)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.added, outcome.quarantined) == (5, 1), outcome.error
    held = wh.sql("SELECT DISTINCT region FROM observations ORDER BY region")["region"]
    assert held.to_list() == ["440300", "440600", "441900"]
    [refused] = wh.quarantine().select("column_name", "got", "reason").rows()
    assert refused[:2] == ("region", "佛州") and "Did you mean '440600'" in refused[2]
