"""Source declarations: the shipped ones validate; broken ones name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import SourceConfigError
from tracker.paths import SOURCES_DIR
from tracker.sources.config import cron_trigger
from tracker.sources.registry import declared

GOOD = '''id = "drop"
kind = "filedrop"
schedule = "*/5 * * * *"
enabled = true
[params]
folder = "/tmp/nowhere"
period_column = "期间"
publisher = "someone"
[[params.values]]
column = "v"
indicator = "gdp"
unit = "亿元"
'''


def test_shipped_declarations_validate_and_cover_the_three_kinds() -> None:
    specs = declared(SOURCES_DIR)
    assert {s.kind for s in specs} == {"bulletins", "portal", "filedrop"}
    for spec in specs:
        assert spec.path.parent == SOURCES_DIR
        assert cron_trigger(spec.schedule).timezone.key == "Asia/Shanghai"
    network = [s for s in specs if "base_url" in s.params]
    assert network and not any(s.enabled for s in network), "builds must not reach the network"


def test_defaults_fill_in_and_base_url_can_be_redirected(sources_dir: Path) -> None:
    (sources_dir / "drop.toml").write_text(GOOD, encoding="utf-8")
    (spec,) = declared(sources_dir)
    assert spec.params["region"] == "440000" and spec.params["grade"] == "B"
    assert spec.fetch.retries == 3
    bulletins = next(s for s in declared(SOURCES_DIR) if s.kind == "bulletins")
    moved = bulletins.with_base_url("http://127.0.0.1:9/")
    assert moved.params["base_url"] == "http://127.0.0.1:9"
    assert bulletins.params["base_url"].startswith("https://")


@pytest.mark.parametrize(("edit", "field", "words"), [
    (lambda t: t.replace('id = "drop"\n', ""), "id", "missing"),
    (lambda t: t.replace('id = "drop"', 'id = "Drop Me"'), "id", "lower-case"),
    (lambda t: t.replace('"filedrop"', '"ftp"'), "kind", "expected one of"),
    (lambda t: t.replace('"*/5 * * * *"', '"every day"'), "schedule", "cron"),
    (lambda t: t.replace('"*/5 * * * *"', '"61 * * * *"'), "schedule", "cron"),
    (lambda t: t.replace("enabled = true", 'enabled = "yes"'), "enabled", "expected a bool"),
    (lambda t: t.replace('period_column = "期间"\n', ""), "params.period_column", "missing"),
    (lambda t: t.replace('folder = "/tmp/nowhere"', "folder = 3"), "params.folder", "str"),
    (lambda t: t.replace("[params]\n", '[params]\ncolour = "red"\n'), "params.colour",
     "not a parameter"),
    (lambda t: t.replace('unit = "亿元"\n', ""), "params.values[0].unit", "missing"),
    (lambda t: t + "[fetch]\nretries = -1\n", "fetch.retries", "non-negative"),
    (lambda t: t + "[fetch]\nspeed = 1\n", "fetch.speed", "not a fetch setting"),
    (lambda t: t.replace("[params]", "owner = 1\n[params]"), "owner", "not a known field"),
    (lambda t: t.replace('enabled = true', 'enabled = tru'), "(file)", "TOML"),
])
def test_a_broken_declaration_names_file_and_field(sources_dir: Path, edit, field: str,
                                                   words: str) -> None:
    path = sources_dir / "drop.toml"
    path.write_text(edit(GOOD), encoding="utf-8")
    with pytest.raises(SourceConfigError) as caught:
        declared(sources_dir)
    assert caught.value.path == str(path) and caught.value.field == field
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_two_files_with_one_id_are_refused(sources_dir: Path) -> None:
    (sources_dir / "a.toml").write_text(GOOD, encoding="utf-8")
    (sources_dir / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(SourceConfigError, match=r"already declared in .*a\.toml") as caught:
        declared(sources_dir)
    assert caught.value.path.endswith("b.toml")


def test_six_field_cron_has_seconds_first() -> None:
    trigger = cron_trigger("*/2 * * * * *")
    fields = {f.name: str(f) for f in trigger.fields}
    assert fields["second"] == "*/2" and fields["minute"] == "*"
    with pytest.raises(ValueError, match="fields"):
        cron_trigger("* * *")
