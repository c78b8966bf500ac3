"""Shared fixtures. The network is blocked for every test: only loopback is reachable."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "contracts" / "examples"
COUNTEREXAMPLES = ROOT / "contracts" / "counterexamples"
VENDOR = ROOT / "contracts" / "vendor"
SCHEMAS = ROOT / "schemas"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(host, str):
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"network access blocked in tests: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    return


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site, built once with ``mkdocs build --strict``."""
    from sitebuild import build

    folder = tmp_path_factory.mktemp("site")
    done = build(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr, done.stderr
    return folder


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="session")
def strict(catalog: Catalog) -> Checker:
    return Checker(catalog, profile="strict")


@pytest.fixture(scope="session")
def lenient(catalog: Catalog) -> Checker:
    return Checker(catalog, profile="lenient")


@pytest.fixture(scope="session")
def reference_strict(catalog: Catalog) -> Checker:
    return Checker(catalog, profile="strict", engine="reference")


@pytest.fixture(scope="session")
def reference_lenient(catalog: Catalog) -> Checker:
    return Checker(catalog, profile="lenient", engine="reference")
