"""The shape of the code: layering enforced, ARCHITECTURE.md true, modules small."""

from __future__ import annotations

import configparser
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import alfred_contracts

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "alfred_contracts"
MAX_LINES = 400


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / ".importlinter", encoding="utf-8")
    return parser


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    kept = re.findall(r"^(.+) KEPT$", done.stdout, flags=re.M)
    names = [
        _contracts()[section]["name"]
        for section in _contracts().sections()
        if section.startswith("importlinter:contract:")
    ]
    assert sorted(kept) == sorted(names)


def test_architecture_md_states_the_same_layers() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, flags=re.S)
    assert block is not None, "ARCHITECTURE.md has no ```layers block"
    documented = [line.strip() for line in block[1].strip().splitlines()]
    configured = [
        line.strip()
        for line in _contracts()["importlinter:contract:layers"]["layers"].strip().splitlines()
    ]
    assert documented == configured


def test_architecture_md_names_every_contract() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for module in ("jsonschema_rs", "Schemathesis", "modeltypes", "import cycles"):
        assert module in text


def test_every_package_of_the_tree_is_in_a_layer() -> None:
    layers = _contracts()["importlinter:contract:layers"]["layers"]
    named = set(re.findall(r"[A-Za-z_]+", layers))
    found = {
        path.stem if path.is_file() else path.name
        for path in SRC.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem not in ("__init__", "__main__"))
    }
    assert found - named == set()


@pytest.mark.parametrize(
    "path", sorted(SRC.rglob("*.py")), ids=lambda p: p.relative_to(SRC).as_posix()
)
def test_no_module_is_over_the_size_limit(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_every_module_imports() -> None:
    """Every module of the package imports (with the dev install's extras present)."""
    for module in pkgutil.walk_packages(alfred_contracts.__path__, "alfred_contracts."):
        if module.name != "alfred_contracts.__main__":  # that one runs the command line
            importlib.import_module(module.name)


def test_public_all_is_complete_and_importable() -> None:
    exported = set(alfred_contracts.__all__)
    for name in exported:
        assert getattr(alfred_contracts, name) is not None, name
    # complete: the exception tree and the entry points a user needs are all exported
    from alfred_contracts import errors

    tree = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.AlfredContractsError)
    }
    assert tree <= exported
    assert {"validate", "parse", "Violation", "ContractViolation", "__version__"} <= exported
    # nothing public is reachable on the package that __all__ does not list
    for name, value in vars(alfred_contracts).items():
        helpers = ("annotations", "TYPE_CHECKING", "Any", "importlib")
        if name.startswith("_") or type(value).__name__ == "module" or name in helpers:
            continue
        assert name in exported, name


@pytest.mark.parametrize("module", ["alfred_contracts.strategies", "alfred_contracts.testing"])
def test_public_facades_export_what_they_list(module: str) -> None:
    facade = importlib.import_module(module)
    assert facade.__all__
    for name in facade.__all__:
        assert getattr(facade, name) is not None, f"{module}.{name}"


def test_the_pytest_entry_point_names_the_plugin() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "alfred_contracts"]
    plugin = entry.load()
    assert hasattr(plugin, "pytest_addoption")
