"""A release's sidecar gives back the figures exactly as the ingester handed them, in the
current layout (Parquet in base64) and in the first one (JSON rows)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from tracker.storage import Folder
from tracker.store import sidecar
from tracker.store.release import ReleaseMeta

META = ReleaseMeta(publisher="bureau", title="monthly", ingester="test",
                   date_published=dt.date(2024, 3, 1))
FIGURES = pl.DataFrame({
    "indicator": ["gdp", "gdp"], "region": ["440300", None],
    "period_start": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
    "value_as_published": [1.5, None], "note": [None, None],
}, schema_overrides={"note": pl.Null})


def test_a_sidecar_gives_back_every_figure_with_its_type(tmp_path: Path) -> None:
    (tmp_path / "ab").mkdir()  # where the payload's bytes went
    now = dt.datetime(2024, 3, 2, tzinfo=dt.UTC)
    store = Folder(tmp_path)
    written = sidecar.write(store, Path("ab/abcd"), "Rone", "figures", "abcd", META,
                            FIGURES, now)
    assert written == "ab/abcd.Rone.json"
    back = sidecar.read(store, written)
    assert back.release_id == "Rone" and back.meta.title == "monthly"
    assert back.figures.schema == FIGURES.schema and back.figures.equals(FIGURES)
    assert sidecar.all_in(store) == [written]


def test_a_first_layout_sidecar_with_json_rows_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "ab").mkdir()
    now = dt.datetime(2024, 3, 2, tzinfo=dt.UTC)
    store = Folder(tmp_path)
    written = tmp_path / sidecar.write(store, Path("ab/abcd"), "Rone", "figures", "abcd", META,
                                       FIGURES, now)
    record = json.loads(written.read_text(encoding="utf-8"))
    del record["figures_parquet"]
    record |= {"version": 1, **sidecar.frame_record(FIGURES.drop("note"))}
    written.write_text(json.dumps(record), encoding="utf-8")
    assert sidecar.read(store, "ab/abcd.Rone.json").figures.equals(FIGURES.drop("note"))
