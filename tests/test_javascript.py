"""JavaScript receivers: what the site publishes for Ajv gives the project's verdicts.

Node runs Ajv (draft 2020-12, every strict-mode check on) over every example,
counterexample, vendor example and edge case of every event, plus every uuid and
date-time case in every field that has the format, against every event's schema and the
handshake's, under both profiles and from both the set files and the canonical files;
each verdict must be the project's. The guide's receiver then passes ``verify-consumer
--strict``. Ajv comes from ``tests/js`` (``make js`` runs ``npm ci --prefix tests/js``);
nothing here installs anything, and a missing Node or Ajv fails with what to run.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.codegen.components import handshake_uri
from alfred_contracts.docs.javascript import schema_set_path, schema_sets
from alfred_contracts.docs.publish import published_files
from alfred_contracts.engines import compile_check, formats
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from contract_cases import cases, date_time_strings, named_event, uuid_strings

from conftest import ROOT
from corpus import DATE_TIME_CASES, UUID_CASES

JS = ROOT / "tests" / "js"
MODULE = ROOT / "docs" / "js" / "alfred-ajv.mjs"
GUIDE = ROOT / "docs" / "guides" / "javascript.md"
PROFILES = ("strict", "lenient")
#: what ajv-formats 3.0.1 accepts and the contract refuses (the guide's table)
LOOSER_UUIDS = [
    "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
    "URN:UUID:123e4567-e89b-12d3-a456-426614174000",
]
LOOSER_DATE_TIMES = [
    "2023-05-26 23:20:00Z",
    "2023-05-26\t23:20:00Z",
    "2023-05-26T23:20:00+0200",
    "2023-05-26T23:20:00+02",
]


def node() -> str:
    """The ``node`` executable, with Ajv installed for it; a clear failure otherwise."""
    found = shutil.which("node")
    if found is None:
        pytest.fail(
            "Node.js 18 or later is needed for the JavaScript tests and was not found: "
            "install it (Debian: apt-get install nodejs npm), then run `make js`"
        )
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    major = int(re.match(r"v(\d+)", version).group(1)) if re.match(r"v\d+", version) else 0
    if major < 18:
        pytest.fail(f"Node.js 18 or later is needed; found {version.strip() or 'no version'}")
    if not (JS / "node_modules" / "ajv" / "package.json").is_file():
        pytest.fail("Ajv is not installed for the tests: run `make js` (npm ci --prefix tests/js)")
    return found


# -- one Node run, shared by the tests -------------------------------------------------


class AjvRun:
    def __init__(self, catalog: Catalog, tmp: Path) -> None:
        published = published_files(catalog)
        self.sets = {p: json.loads(d) for p, d in schema_sets(catalog, published).items()}
        handshake = handshake_uri(catalog)
        assert handshake is not None, "the catalog has no url_verification schema"
        self.targets = [["event", name, event.id] for name, event in catalog.events.items()]
        self.targets.append(["handshake", "url_verification", handshake])
        self.cases = cases(catalog)
        rng = random.Random(20261130)
        self.uuids = [*UUID_CASES, *LOOSER_UUIDS, *uuid_strings(rng, 4000)]
        self.date_times = [*DATE_TIME_CASES, *LOOSER_DATE_TIMES, *date_time_strings(rng, 20000)]
        request = {
            "module": str(MODULE),
            "sets": {p: self.sets[schema_set_path(p)] for p in PROFILES},
            "canonical": list(catalog.resources("strict").values()),
            "targets": self.targets,
            "values": [value for _label, value in self.cases],
            "uuid": self.uuids,
            "dateTime": self.date_times,
        }
        (tmp / "request.json").write_text(json.dumps(request, allow_nan=False), "utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [node(), str(JS / "verdicts.mjs"), str(tmp / "request.json")],
            cwd=JS, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        self.seconds = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        self.result = json.loads(done.stdout)
        self.project = {p: self._project(catalog, p, handshake) for p in PROFILES}

    def _project(self, catalog: Catalog, profile: str, handshake: str) -> list[str]:
        checker = Checker(catalog, profile=profile)
        checks = [checker.validators()[name] for _kind, name, _id in self.targets[:-1]]
        checks.append(compile_check(catalog.resources(profile), handshake))
        return ["".join("1" if check(v) else "0" for check in checks) for _l, v in self.cases]

    def disagreements(self, way: str, profile: str) -> list[str]:
        ajv, ours = self.result["verdicts"][way], self.project[profile]
        found = []
        for (label, value), mine, theirs in zip(self.cases, ours, ajv, strict=True):
            for (_kind, name, _id), a, b in zip(self.targets, mine, theirs, strict=True):
                if a != b:
                    what = "valid" if b == "1" else "invalid"
                    found.append(f"{label} as {name}: Ajv says {what}; {json.dumps(value)[:300]}")
        return found


@pytest.fixture(scope="module")
def ajv_run(tmp_path_factory: pytest.TempPathFactory) -> AjvRun:
    return AjvRun(Catalog.load(), tmp_path_factory.mktemp("ajv"))


def test_the_published_sets_hold_every_event_and_the_handshake(ajv_run: AjvRun) -> None:
    for profile in PROFILES:
        assert ajv_run.result["compiled"][profile] == len(ajv_run.targets)
    assert ajv_run.result["warnings"] == []  # strict mode: not even a logged warning


@pytest.mark.parametrize(
    ("way", "profile"),
    [("strict", "strict"), ("lenient", "lenient"), ("canonical", "strict"),
     ("overAjvFormats", "strict")],
)  # fmt: skip
def test_ajv_agrees_with_the_project_on_every_case(ajv_run: AjvRun, way: str, profile: str) -> None:
    problems = ajv_run.disagreements(way, profile)
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:40])


def test_the_corpus_exercises_both_verdicts_under_both_profiles(ajv_run: AjvRun) -> None:
    """A sanity floor: the agreement above is not over a trivial corpus."""
    assert len(ajv_run.cases) >= 1000
    for profile in PROFILES:
        verdicts = ajv_run.project[profile]
        own = {}  # each case against the schema of the event it names
        for (_label, value), row in zip(ajv_run.cases, verdicts, strict=True):
            name = named_event(value)
            for (_kind, target, _id), bit in zip(ajv_run.targets, row, strict=True):
                if target == name:
                    own.setdefault(bit, 0)
                    own[bit] += 1
        assert own.get("1", 0) >= 100, own
        assert own.get("0", 0) >= 500, own


def test_the_format_functions_are_the_projects(ajv_run: AjvRun) -> None:
    uuid_wrong = [
        s for s, v in zip(ajv_run.uuids, ajv_run.result["uuid"], strict=True)
        if v != formats.is_uuid(s)
    ]  # fmt: skip
    date_wrong = [
        s for s, v in zip(ajv_run.date_times, ajv_run.result["dateTime"], strict=True)
        if v != formats.is_date_time(s)
    ]  # fmt: skip
    assert not uuid_wrong, uuid_wrong[:20]
    assert not date_wrong, date_wrong[:20]
    valid = [s for s, v in zip(ajv_run.date_times, ajv_run.result["dateTime"], strict=True) if v]
    assert len(valid) >= 500  # valid ones too
    assert any(":60" in s for s in valid)  # leap seconds included


def test_stock_ajv_formats_accept_what_the_contract_refuses(ajv_run: AjvRun) -> None:
    """The guide's table of what ajv-formats lets through (and why the module exists)."""
    stock = dict(zip(ajv_run.uuids, ajv_run.result["ajvFormats"]["uuid"], strict=True))
    stock.update(zip(ajv_run.date_times, ajv_run.result["ajvFormats"]["dateTime"], strict=True))
    for value in LOOSER_UUIDS:
        assert stock[value] is True, value
        assert not formats.is_uuid(value)
    for value in LOOSER_DATE_TIMES:
        assert stock[value] is True, value
        assert not formats.is_date_time(value)


def test_strict_mode_refuses_the_schemas_without_the_keywords(ajv_run: AjvRun) -> None:
    assert "unknown keyword" in ajv_run.result["withoutKeywords"]


def test_the_module_declares_every_annotation_keyword_of_the_catalog(catalog: Catalog) -> None:
    declared = set(re.findall(r'"(x-[\w-]+)"', MODULE.read_text("utf-8")))
    used: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            used.update(k for k in node if k.startswith("x-"))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for schema in catalog.resources("strict").values():
        collect(schema)
    assert used <= declared, f"declare {sorted(used - declared)} in docs/js/alfred-ajv.mjs"


# -- the guide's code, run ---------------------------------------------------------------

SNIPPET = re.compile(
    r"<!-- snippet: js file=(?P<file>\S+) -->\n```js\n(?P<body>.*?)^```$", re.S | re.M
)


def guide_project(folder: Path, catalog: Catalog) -> Path:
    """The guide's files laid out as it says: its modules, the published files, Ajv."""
    for match in SNIPPET.finditer(GUIDE.read_text("utf-8")):
        (folder / match["file"]).write_text(match["body"], "utf-8")
    shutil.copy(MODULE, folder / MODULE.name)
    for path, data in schema_sets(catalog, published_files(catalog)).items():
        (folder / Path(path).name).write_bytes(data)
    (folder / "package.json").write_text('{"type": "module"}\n', "utf-8")
    (folder / "node_modules").symlink_to(JS / "node_modules", target_is_directory=True)
    return folder


def test_the_guides_receiver_passes_verify_consumer_strictly(
    tmp_path: Path, catalog: Catalog
) -> None:
    project = guide_project(tmp_path, catalog)
    assert {"alfred.mjs", "server.mjs", "strict.mjs"} <= {p.name for p in project.iterdir()}
    server = subprocess.Popen(
        [node(), "server.mjs"], cwd=project, env={"PATH": "/usr/bin:/bin", "PORT": "0"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/webhook", line)
        assert url, line + (server.stderr.read() if server.stderr else "")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "alfred_contracts", "verify-consumer", url.group(0),
             "--strict", "--max-examples", "10", "--seed", "3"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
        assert "OK" in done.stdout, done.stdout
        assert elapsed < 120, elapsed
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_guides_producer_check_accepts_examples_and_refuses_counterexamples(
    tmp_path: Path, catalog: Catalog
) -> None:
    project = guide_project(tmp_path, catalog)
    good = sorted((ROOT / "contracts" / "examples").rglob("*.json"))
    bad = ROOT / "contracts" / "counterexamples" / "job_start_event" / "uuid_urn_prefix.json"
    script = (
        'import { readFileSync } from "node:fs";\n'
        'import { assertConforms } from "./strict.mjs";\n'
        "const [good, bad] = JSON.parse(process.argv[2]);\n"
        'for (const f of good) assertConforms(JSON.parse(readFileSync(f, "utf8")));\n'
        'try { assertConforms(JSON.parse(readFileSync(bad, "utf8"))); console.log("accepted"); }\n'
        "catch (error) { console.log(`refused: ${error.message}`); }\n"
    )
    (project / "check.mjs").write_text(script, "utf-8")
    arguments = json.dumps([[str(p) for p in good], str(bad)])
    done = subprocess.run(
        [node(), "check.mjs", arguments], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused: event/"), done.stdout
    assert 'must match format "uuid"' in done.stdout
