"""A whole small world for the process tests: all three source kinds with plenty to append."""

from __future__ import annotations

from pathlib import Path

from replay import sites
from replay.server import ReplayServer

from tracker.catalog import catalog

POSTS = tuple(
    sites.Post(str(4600000 + m), f"2024年1-{m}月广东工业生产情况", f"2024-{m + 1:02d}-20",
               (f"1—{m}月，全省规模以上工业增加值同比增长{3 + m / 10:.1f}%。",
                f"1—{m}月，全省新能源汽车产量{20 * m:.2f}万辆，同比增长{30 + m:.1f}%。"))
    for m in range(2, 11)
)


def drop_files(folder: Path, count: int) -> None:
    """`count` monthly CSVs (GB18030), one row per city, some cells missing."""
    folder.mkdir(parents=True, exist_ok=True)
    cities = [r for r in catalog().regions.values() if r.level == "city"]
    for month in range(1, count + 1):
        lines = ["期间,地区,规模以上工业增加值增速,新能源汽车产量"]
        for i, city in enumerate(cities):
            growth = "—" if (i + month) % 7 == 0 else f"{(i * 3 + month) % 11 - 2:.1f}"
            lines.append(f"2024-{month:02d},{city.name_zh},{growth},{i + month / 10:.2f}")
        (folder / f"industry_2024{month:02d}.csv").write_bytes(
            ("\n".join(lines) + "\n").encode("gb18030"))


def drop_toml(directory: Path, folder: Path, source_id: str = "drop") -> Path:
    """A file-drop declaration for the tables `drop_files` writes."""
    path = directory / f"{source_id}.toml"
    path.write_text(f'''id = "{source_id}"
kind = "filedrop"
schedule = "*/15 * * * *"
enabled = true
[params]
folder = "{folder}"
period_column = "期间"
region_column = "地区"
publisher = "广东省工业和信息化厅"
[[params.values]]
column = "规模以上工业增加值增速"
indicator = "industrial_value_added"
measure = "yoy_pct"
unit = "%"
[[params.values]]
column = "新能源汽车产量"
indicator = "nev_output"
unit = "万辆"
''', encoding="utf-8")
    return path


def build(server: ReplayServer, sources_dir: Path, data_dir: Path, files: int = 6,
          posts: int = len(POSTS)) -> None:
    """Bulletins (GBK pages), the portal and a file drop, all declared in `sources_dir`."""
    sites.install_bulletins(server, posts=POSTS[:posts], per_page=4, charset="gbk",
                            absolute=False)
    sites.install_portal(server)
    sites.bulletins_toml(sources_dir, server.url)
    sites.portal_toml(sources_dir, server.url)
    drop_files(data_dir / "drop", files)
    drop_toml(sources_dir, data_dir / "drop")
