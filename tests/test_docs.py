"""Every CLI command is in the README and has help; every public name has a docstring."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
from collections.abc import Iterator
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

import tracker
from tests.conftest import ROOT, run_cli
from tracker.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTED_PACKAGES = [ROOT / "tracker", ROOT / "tracker" / "store"]


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand under `group`, with its path of names (asked as click asks:
    the group imports its commands' modules when listed, tracker/cli/app.py)."""
    context = click.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


COMMANDS = dict(commands(main))


def modules() -> list[ModuleType]:
    """tracker/*.py and tracker/store/*.py, imported."""
    names = []
    for folder in DOCUMENTED_PACKAGES:
        package = ".".join(folder.relative_to(ROOT).parts)
        names += [package if p.stem == "__init__" else f"{package}.{p.stem}"
                  for p in sorted(folder.glob("*.py"))]
    return [importlib.import_module(name) for name in names]


def has_docstring(obj: object) -> bool:
    """A docstring written for `obj` itself (not a dataclass's generated signature)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    if not doc or not doc.strip():
        return False
    generated = dataclasses.is_dataclass(obj) and doc.startswith(f"{getattr(obj, '__name__', '')}(")
    return not generated


def public_definitions(module: ModuleType) -> Iterator[tuple[str, object]]:
    """Public functions and classes defined in `module`, and the public methods of its classes."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        yield f"{module.__name__}.{name}", obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                function = member.fget if isinstance(member, property) else member
                if isinstance(function, staticmethod | classmethod):
                    function = function.__func__
                if inspect.isfunction(function):
                    yield f"{module.__name__}.{name}.{attr}", function


def test_the_cli_has_the_issue_commands() -> None:
    required = {"init", "ingest", "series", "vintages", "revisions", "conflicts", "provenance",
                "targets", "export", "runs", "build"}
    assert required <= {path[0] for path in COMMANDS}
    assert ("ingest", "table") in COMMANDS


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_every_command_is_in_the_readme_and_has_help(path: tuple[str, ...]) -> None:
    command = COMMANDS[path]
    name = " ".join(path)
    assert re.search(rf"\btracker {re.escape(name)}(?![\w-])", README), (
        f"`tracker {name}` is not in README.md")
    assert command.callback is not None and has_docstring(command.callback), name
    assert command.help and command.help.strip(), name
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="tracker")
    assert result.exit_code == 0, result.output
    assert f"Usage: tracker {name}" in result.output
    summary = command.help.strip().splitlines()[0]
    assert " ".join(summary.split()) in " ".join(result.output.split())  # click re-wraps it


def test_the_installed_command_prints_help_for_every_top_level_command() -> None:
    result = run_cli("--help", check=True)
    for path in COMMANDS:
        if len(path) == 1:
            assert re.search(rf"^\s+{re.escape(path[0])}\s", result.stdout, re.M), path


def test_every_public_api_name_has_a_docstring() -> None:
    assert tracker.__doc__
    missing = [name for name in tracker.__all__ if not has_docstring(getattr(tracker, name))]
    assert not missing, missing


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_every_public_function_and_class_has_a_docstring(module: ModuleType) -> None:
    assert module.__doc__ and module.__doc__.strip(), f"{module.__name__} has no module docstring"
    missing = [name for name, obj in public_definitions(module) if not has_docstring(obj)]
    assert not missing, f"no docstring: {missing}"


def test_the_docstring_check_catches_what_it_should() -> None:
    @dataclasses.dataclass
    class Bare:
        x: int

    def bare() -> None:
        pass

    assert not has_docstring(Bare) and not has_docstring(bare)
    assert has_docstring(tracker.Warehouse) and has_docstring(tracker.open)


def test_readme_commands_exist() -> None:
    """The README mentions no command that the CLI does not have."""
    first_words = set(re.findall(r"^\s*(?:\$\s*)?tracker ([a-z][a-z-]*)", README, re.M))
    assert first_words <= {path[0] for path in COMMANDS} | {"--help", "--version"}, first_words

