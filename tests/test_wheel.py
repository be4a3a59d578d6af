"""The package stands alone: a wheel installed in a fresh venv builds a warehouse anywhere.

No network: the wheel is built with the project's own setuptools (no build isolation), installed
without dependencies, and the fresh venv reaches the already-installed dependencies through a
.pth file naming the project venv's site-packages (a .pth inside it is not processed, so the
checkout's editable install stays out of sight).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the wheel of this checkout installed."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy: an in-tree build would leave build/ and egg-info in the checkout.
    source = work / "source"
    shutil.copytree(ROOT / "tracker", source / "tracker",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", source)
    built = _run(sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--no-index",
                 "--no-build-isolation", "-w", work / "dist", cwd=work)
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("tracker-*.whl")
    venv = work / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                "--no-index", wheel, cwd=work)
    assert done.returncode == 0, done.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                cwd=work).stdout.strip()
    Path(site, "project_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k != "PYTHONPATH" and not k.startswith("TRACKER_")}


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path,
                                                            tmp_path: Path) -> None:
    found = _run(installed / "python", "-c", "import tracker.paths as p; print(p.PACKAGE)",
                 cwd=tmp_path, env=_env())
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(installed.parent)


def test_an_installed_tracker_builds_a_warehouse_from_a_folder_outside_the_checkout(
        installed: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "out" / "tracker.duckdb"
    built = _run(installed / "tracker", "build", "--from", ROOT / "ingest", "--no-report",
                 "--warehouse", warehouse, cwd=tmp_path, env=_env())
    assert built.returncode == 0, built.stderr
    assert "added" in built.stdout and warehouse.exists()
    answered = _run(installed / "tracker", "series", "gdp", "--warehouse", warehouse,
                    cwd=tmp_path, env=_env())
    assert answered.returncode == 0, answered.stderr
    assert "广东省统计局" in answered.stdout


def test_an_installed_tracker_without_release_folders_names_the_from_option(
        installed: Path, tmp_path: Path) -> None:
    built = _run(installed / "tracker", "build", "--no-report", "--warehouse",
                 tmp_path / "tracker.duckdb", cwd=tmp_path, env=_env())
    assert built.returncode == 1
    assert "--from" in built.stderr and str(tmp_path / "ingest") in built.stderr
