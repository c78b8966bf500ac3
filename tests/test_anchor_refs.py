"""Every ``$ref`` form the catalog accepts resolves the same way everywhere.

A copy of the repository in which the event's ids reference the shared UUID definition by
its ``$anchor`` (``common/uuid.schema.json#uuid``) instead of by file: validation
messages, field listings, bundles, the docs pages and build, the gate and the consumer
suite must all treat it exactly like the plain reference.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from alfred_contracts.compat import gate
from alfred_contracts.consumer.suite import Suite
from alfred_contracts.docs import pages
from alfred_contracts.errors import SchemaError
from alfred_contracts.schema.bundle import bundle
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import fields
from alfred_contracts.validation.checker import Checker

from conftest import ROOT

ITEMS = ("schemas", "contracts", "generated", "docs", "mkdocs.yml", "tools")
EVENT = "job_start_event"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("anchored")
    for item in ITEMS:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, root / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / item)
    uuid = root / "schemas" / "common" / "uuid.schema.json"
    schema = json.loads(uuid.read_text())
    schema["$anchor"] = "uuid"
    uuid.write_text(json.dumps(schema, indent=2) + "\n")
    event = root / "schemas" / f"{EVENT}.schema.json"
    text = event.read_text()
    assert '"$ref": "common/uuid.schema.json"' in text
    event.write_text(text.replace('"common/uuid.schema.json"', '"common/uuid.schema.json#uuid"'))
    return root


@pytest.fixture(scope="module")
def catalog(repo: Path) -> Catalog:
    return Catalog.load(repo / "schemas")


def _payload(**event: str) -> dict[str, object]:
    body = json.loads((ROOT / "contracts" / "examples" / EVENT / "offset_dates.json").read_text())
    body["event"].update(event)
    return dict(body)


def test_validation_messages_follow_the_anchor(catalog: Catalog) -> None:
    for engine in ("rs", "reference"):
        checker = Checker(catalog, engine=engine)  # type: ignore[arg-type]
        (violation,) = checker.check(_payload(job_id="nope")).violations
        assert violation.instance_path == "/event/job_id"
        assert violation.keyword == "format"
        assert violation.message.startswith('"nope" is not a UUID: ')
        assert "None" not in violation.message


def test_field_listing_follows_the_anchor(catalog: Catalog) -> None:
    listed = {field.path: field for field in fields(catalog, EVENT)}
    assert listed["event.job_id"].format == "uuid"
    assert listed["event.company_id"].description


def test_bundles_turn_the_anchor_into_a_pointer(catalog: Catalog) -> None:
    bundled = bundle(catalog, EVENT)
    text = json.dumps(bundled)
    assert "#uuid" not in text
    assert "$anchor" not in text
    standalone = Catalog.load(ROOT / "schemas")
    checker = Checker(standalone)
    import jsonschema_rs

    check = jsonschema_rs.validator_for(bundled, validate_formats=True)
    for payload in (_payload(), _payload(job_id="nope")):
        assert check.is_valid(payload) == checker.check(payload).valid


def test_docs_pages_render_with_the_anchor(catalog: Catalog, repo: Path) -> None:
    rendered = pages.reference_pages(catalog, repo / "contracts")
    page = next(text for name, text in rendered.items() if EVENT in name)
    assert "job_id" in page
    assert "uuid" in page


def test_docs_build_with_the_anchor(repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(repo / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "ALFRED_CONTRACTS_SCHEMAS": str(repo / "schemas")},
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_gate_passes_with_the_anchor(repo: Path) -> None:
    results = gate.run(repo, skip={"docs build"})
    assert {r.name: r.status for r in results} == {r.name: "pass" for r in results}


def test_the_consumer_suite_follows_the_anchor(catalog: Catalog, repo: Path) -> None:
    suite = Suite(catalog, repo / "contracts")
    names = [probe.name for probe in suite.edge_cases()]
    assert f"{EVENT}: event.job_id in upper case" in names


def test_an_anchor_that_does_not_exist_is_one_schema_error(repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "schemas"
    shutil.copytree(repo / "schemas", broken)
    event = broken / f"{EVENT}.schema.json"
    event.write_text(event.read_text().replace("#uuid", "#no-such-anchor", 1))
    with pytest.raises(SchemaError, match="no-such-anchor"):
        Catalog.load(broken)
