"""The wheel on its own, with each extra, and the GitHub Action, all offline.

The wheel is built without build isolation (hatchling comes with ``[dev]``) and installed
with ``--no-deps --no-index`` into fresh virtual environments outside the checkout. Each
environment then sees exactly the distributions that the wheel's metadata asks for, with
the requested extras, and nothing else: they are linked in from this test run's own
environment, which ``[dev]`` filled. So a core install cannot borrow schemathesis or
pytest, and an undeclared dependency fails here. Nothing reaches a package index.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import COUNTEREXAMPLES, EXAMPLES, ROOT, VENDOR

DIST = "alfred-event-contracts"
CORE = {"jsonschema-rs", "jsonschema", "referencing", "orjson", "pydantic", "hypothesis", "pyyaml"}
#: distributions only an extra may bring
HEAVY = {
    "schemathesis", "starlette", "uvicorn", "httpx", "httpcore", "anyio", "pytest", "click",
    "rich", "requests", "werkzeug", "mkdocs", "mkdocs-material", "datamodel-code-generator",
}  # fmt: skip
EXTRAS = {"consumer", "testing", "docs", "generate", "gate", "archive", "all", "dev"}


def install_hint(extra: str) -> str:
    return f"pip install '{DIST}[{extra}]'"


def _run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


# --- the wheel and its metadata ---------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-q", "-w", out, ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("alfred_event_contracts-*.whl")
    return built


@pytest.fixture(scope="module")
def requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(line) for line in message.get_all("Requires-Dist") or []]


def _selected(requirements: Iterable[Requirement], extras: Iterable[str]) -> Iterator[Requirement]:
    for requirement in requirements:
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": e}) for e in {"", *extras}):
            yield requirement


def closure(requires: list[Requirement], *extras: str) -> dict[str, metadata.Distribution]:
    """Every distribution a ``pip install 'alfred-event-contracts[extras]'`` brings."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = list(_selected(requires, extras))
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if name == DIST or key in seen:
            continue
        seen.add(key)
        found[name] = dist = metadata.distribution(name)
        todo.extend(_selected((Requirement(r) for r in dist.requires or []), requirement.extras))
    return found


def test_wheel_carries_schemas_corpus_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "alfred_contracts/_data"
    for schema in (ROOT / "schemas").rglob("*.schema.json"):
        assert f"{data}/schemas/{schema.relative_to(ROOT / 'schemas').as_posix()}" in names
    assert "alfred_contracts/py.typed" in names
    assert f"{data}/contracts/vendor/job_start_event/ledger.toml" in names
    assert any(n.startswith(f"{data}/contracts/examples/job_start_event/") for n in names)
    assert "alfred_events/__init__.py" in names
    assert "alfred_events/job_start_event.py" in names
    assert "alfred_events/py.typed" in names


def test_wheel_carries_what_schema_and_example_print(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "alfred_contracts/_data/contracts"
    for path in [*EXAMPLES.rglob("*.json"), *VENDOR.rglob("documented_example.json")]:
        relative = path.relative_to(ROOT / "contracts").as_posix()
        assert f"{data}/{relative}" in names, relative
    assert "alfred_contracts/schema/shipped.py" in names
    assert "alfred_contracts/cli/catalog.py" in names


def test_core_dependencies_are_the_small_layer(requires: list[Requirement]) -> None:
    direct = {canonicalize_name(r.name) for r in requires if r.marker is None}
    assert direct == CORE
    core = set(closure(requires))
    assert core & HEAVY == set()
    assert len(core) <= 20, sorted(core)  # 15 today


def test_extras_are_layered(requires: list[Requirement]) -> None:
    declared = {
        extra: {canonicalize_name(r.name) for r in _selected(requires, [extra]) if r.marker}
        for extra in EXTRAS
    }
    assert declared["consumer"] == {
        "httpx", "httpcore", "anyio", "starlette", "uvicorn", "schemathesis"
    }  # fmt: skip
    assert declared["testing"] == {"pytest"}
    assert declared["docs"] == {"mkdocs", "mkdocs-material"}
    assert declared["generate"] == {"datamodel-code-generator"}
    assert declared["gate"] == declared["generate"] | declared["docs"]
    assert declared["archive"] == {"fsspec", "zstandard", "dask", "distributed"}
    assert declared["all"] == set().union(*(declared[e] for e in EXTRAS - {"all", "dev"}))
    assert declared["dev"] > declared["all"]
    pinned = [r for r in requires if canonicalize_name(r.name) == "datamodel-code-generator"]
    assert {str(r.specifier) for r in pinned} == {"==0.89.0"}


# --- fresh environments -------------------------------------------------------------------


def make_venv(
    folder: Path, wheel: Path, requires: list[Requirement], *extras: str
) -> dict[str, str]:
    """A venv holding the wheel and exactly the distributions of ``extras``; its env vars."""
    done = _run(sys.executable, "-m", "venv", "--without-pip", folder)
    assert done.returncode == 0, done.stderr
    python = folder / "bin" / "python"
    done = _run(
        sys.executable, "-m", "pip", "--python", python, "install",
        "--no-deps", "--no-index", "-q", wheel,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    for dist in closure(requires, *extras).values():
        assert dist.files is not None, dist.metadata["Name"]
        tops = {f.parts[0] for f in dist.files if f.parts[0] not in ("..", "__pycache__")}
        for top in tops:
            target = site / top
            if not target.exists():
                target.symlink_to(Path(str(dist.locate_file(top))))
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["PATH"] = f"{folder / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(folder)
    return env


@pytest.fixture(scope="module")
def core(
    wheel: Path, requires: list[Requirement], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("core") / "venv"
    return folder, make_venv(folder, wheel, requires)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout (tracked and new files), in a folder with a hostile name."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    copy = tmp_path_factory.mktemp("checkout") / "repo $(touch pwned) `touch pwned`; x"
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():  # a file deleted in the work tree is still listed
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def test_core_install_has_no_extra_stack(core: tuple[Path, dict[str, str]]) -> None:
    folder, env = core
    code = (
        "import importlib.util as u; "
        "print(sorted(m for m in ('schemathesis', 'starlette', 'uvicorn', 'httpx', 'mkdocs', "
        "'material', 'datamodel_code_generator', 'pytest', 'click', 'rich') if u.find_spec(m)))"
    )
    done = _run(folder / "bin" / "python", "-c", code, env=env)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_core_install_validates_from_any_folder(
    core: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, env = core
    shutil.copy(EXAMPLES / "job_start_event" / "leap_second.json", tmp_path / "good.json")
    shutil.copy(COUNTEREXAMPLES / "job_start_event" / "uuid_in_braces.json", tmp_path / "bad.json")
    tool = folder / "bin" / "alfred-contracts"
    good = _run(tool, "validate", "good.json", cwd=tmp_path, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _run(tool, "validate", "bad.json", cwd=tmp_path, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.startswith("bad.json:/event/job_id: ")


CORE_LIBRARY = """
import sys
from pathlib import Path

import alfred_contracts, alfred_events
from alfred_contracts import ContractViolation, parse, resources
from alfred_contracts.strategies import events
from alfred_contracts.testing import assert_conforms, verify_consumer

body = Path("event.json").read_bytes()
event = parse(body)
assert isinstance(event, alfred_events.JobStartEvent), type(event)
assert_conforms(body)
try:
    parse(b'{"event": {"event_name": "job_start_event"}}')
except ContractViolation as error:
    assert error.violations
else:
    raise AssertionError("not refused")
assert events("job_start_event").example()["event"]["event_name"] == "job_start_event"
try:
    verify_consumer(object())
except alfred_contracts.errors.MissingExtra as error:
    print(error)
print(resources.schemas_dir())
print(resources.in_checkout())
"""


def test_core_install_imports_parses_and_reads_its_bundled_data(
    core: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, env = core
    shutil.copy(EXAMPLES / "job_start_event" / "offset_dates.json", tmp_path / "event.json")
    done = _run(folder / "bin" / "python", "-c", CORE_LIBRARY, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    message, schemas, in_checkout = done.stdout.splitlines()
    assert message == f"verify_consumer needs the [consumer] extra: {install_hint('consumer')}"
    assert schemas.startswith(str(folder))
    assert in_checkout == "False"


def test_core_install_prints_schemas_and_examples_in_any_folder(
    core: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """``schema`` and ``example``, and the README's library tour, from the installed wheel
    alone, in an empty folder: no checkout anywhere."""
    folder, env = core
    env = {k: v for k, v in env.items() if k != "ALFRED_CONTRACTS_SCHEMAS"}
    tool = folder / "bin" / "alfred-contracts"
    schema = _run(tool, "schema", "job_start_event", "--bundled", cwd=tmp_path, env=env)
    assert schema.returncode == 0, schema.stderr
    assert '"$defs"' in schema.stdout
    listed = _run(tool, "example", cwd=tmp_path, env=env)
    assert listed.stdout.split() == [
        *sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()),
        "url_verification",
    ]
    done = _run(
        "bash", "-c",
        f"{tool} example job_start_event --all > capture.ndjson && {tool} validate capture.ndjson",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    count = len(list((EXAMPLES / "job_start_event").glob("*.json")))
    assert done.stdout == f"OK: {count} events checked in 1 source, all valid (profile strict)\n"
    vendor = _run(tool, "example", "job_start_event", "--vendor", cwd=tmp_path, env=env)
    published = VENDOR / "job_start_event" / "documented_example.json"
    assert vendor.stdout.strip() == published.read_text("utf-8").strip()
    readme = (ROOT / "README.md").read_text("utf-8")
    tour = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)[0]
    (tmp_path / "tour.py").write_text(tour, "utf-8")
    ran = _run(folder / "bin" / "python", "tour.py", cwd=tmp_path, env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("e91d6c28-4a7f-4b3e-a0c5-9f82d1e6b734 "), ran.stdout


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        (["verify-consumer", "http://127.0.0.1:1/webhook"], "consumer"),
        (["emit", "http://127.0.0.1:1/webhook"], "consumer"),
        (["listen", "--port", "1"], "consumer"),
        (["generate", "--check"], "generate"),
    ],
    ids=lambda value: value if isinstance(value, str) else value[0],
)
def test_a_command_without_its_extra_says_what_to_install(
    core: tuple[Path, dict[str, str]], tmp_path: Path, command: list[str], extra: str
) -> None:
    folder, env = core
    done = _run(folder / "bin" / "alfred-contracts", *command, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"alfred-contracts: error: {command[0]} needs the [{extra}] extra: {install_hint(extra)}"
    ]


def test_core_gate_runs_its_own_checks_and_names_the_missing_extras(
    core: tuple[Path, dict[str, str]], repository: Path
) -> None:
    folder, env = core
    tool = folder / "bin" / "alfred-contracts"
    done = _run(tool, "gate", "--root", repository, cwd=repository.parent, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    rows = dict(re.split(r"\s{2,}", line)[:2] for line in done.stdout.splitlines()[1:9])
    assert rows == {
        "schemas": "pass",
        "examples": "pass",
        "counterexamples": "pass",
        "vendor ledger": "pass",
        "engines agree": "pass",
        "generated artefacts": "ERROR",
        "compatibility": "pass",
        "docs build": "ERROR",
    }, done.stdout
    for check, extra in (("generated artefacts", "generate"), ("docs build", "docs")):
        assert f"the {check} check needs the [{extra}] extra: {install_hint(extra)}" in done.stdout
    release = "contracts/releases/job_start_event/1.0.0.schema.json"
    diff = _run(
        tool, "diff", release, "schemas/job_start_event.schema.json", cwd=repository, env=env
    )
    assert diff.returncode == 0, diff.stdout + diff.stderr  # diff and its witnesses: core too


USER_TESTS = """
import json

from hypothesis import given, settings

from alfred_contracts import ContractViolation, parse
from alfred_contracts.strategies import events, invalid_events
from alfred_events import EVENTS, JobStartEvent

BODY = open("event.json", "rb").read()


def test_models_and_parse():
    assert isinstance(parse(BODY), JobStartEvent)
    assert EVENTS["job_start_event"] is JobStartEvent


@settings(max_examples=20, deadline=None)
@given(events("job_start_event"))
def test_strategies(payload):
    assert isinstance(parse(payload), JobStartEvent)


@settings(max_examples=20, deadline=None)
@given(invalid_events("job_start_event"))
def test_invalid_strategies(bad):
    assert bad.rule


def test_plugin(assert_conforms, alfred_validator):
    assert_conforms(json.loads(BODY))
    assert alfred_validator.check(json.loads(BODY)).valid


def test_receiver(verify_consumer):
    verify_consumer(object())
"""


def test_the_testing_extra_brings_the_plugin_and_nothing_heavier(
    wheel: Path, requires: list[Requirement], tmp_path: Path
) -> None:
    folder = tmp_path / "venv"
    env = make_venv(folder, wheel, requires, "testing")
    python = folder / "bin" / "python"
    project = tmp_path / "project"
    project.mkdir()
    done = _run(python, "-c", "import alfred_contracts.testing.plugin", cwd=project, env=env)
    assert done.returncode == 0, done.stderr
    shutil.copy(EXAMPLES / "job_start_event" / "offset_dates.json", project / "event.json")
    (project / "test_user.py").write_text(USER_TESTS)
    done = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project, env=env)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 passed, 1 error" in done.stdout, done.stdout[-3000:]
    needs = f"the verify_consumer fixture needs the [consumer] extra: {install_hint('consumer')}"
    assert needs in done.stdout


# --- the GitHub Action ----------------------------------------------------------------------


def _steps() -> list[dict[str, object]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    steps: list[dict[str, object]] = action["runs"]["steps"]
    return steps


def _step(name: str) -> dict[str, object]:
    (step,) = [s for s in _steps() if s.get("name") == name]
    return step


def _expand(value: str, inputs: dict[str, str]) -> str:
    for name, given in inputs.items():
        value = value.replace(f"${{{{ inputs.{name} }}}}", given)
    assert "${{" not in value, value
    return value


def test_action_passes_inputs_through_the_environment_only() -> None:
    scripts = [str(step["run"]) for step in _steps() if "run" in step]
    assert scripts
    for script in scripts:
        assert "${{" not in script  # an expression in a script is pasted in as code
    install = str(_step("Install alfred-event-contracts")["run"])
    assert install.strip() == 'python -m pip install "${GITHUB_ACTION_PATH}[gate]"'


def test_action_gate_passes_on_a_copy_of_this_repository(
    wheel: Path, requires: list[Requirement], repository: Path, tmp_path: Path
) -> None:
    install = str(_step("Install alfred-event-contracts")["run"])
    extras = install.split("[", 1)[1].split("]", 1)[0].split(",")
    folder = tmp_path / "venv"
    env = make_venv(folder, wheel, requires, *extras)  # what that install line brings
    gate = _step("Gate")
    assert gate["shell"] == "python"
    script = tmp_path / "gate.py"
    script.write_text(str(gate["run"]), "utf-8")
    summary = tmp_path / "summary.md"
    for args in ("", "--skip 'docs build' --skip \"generated artefacts\""):
        inputs = {"root": str(repository), "args": args, "python-version": "3.11"}
        step_env = {k: _expand(str(v), inputs) for k, v in dict(gate["env"]).items()}
        run_env = {**env, **step_env, "GITHUB_STEP_SUMMARY": str(summary)}
        done = _run(folder / "bin" / "python", script, cwd=tmp_path, env=run_env)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert not list(repository.parent.rglob("pwned"))  # the inputs never ran as code
        assert not (tmp_path / "pwned").exists()
        if args:  # split like a shell would: "docs build" is one argument
            assert "docs build" not in done.stdout
            assert "generated artefacts" not in done.stdout
            assert "OK: all 6 checks passed" in done.stdout, done.stdout
        else:
            assert "OK: all 8 checks passed" in done.stdout, done.stdout
    assert "docs build" in summary.read_text("utf-8")
