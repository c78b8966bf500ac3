"""The contract gate, releases, registered consumers, and the diff command line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from alfred_contracts.cli import build_parser, main

from conftest import ROOT
from corpus import keep_only

REPO_ITEMS = ("schemas", "contracts", "generated", "docs", "mkdocs.yml", "tools")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for item in REPO_ITEMS:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / item)
    keep_only(tmp_path, "job_start_event")  # the edits below touch shared definitions
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _edit_schema(repo: Path, relative: str, change: object) -> None:
    path = repo / "schemas" / relative
    schema = json.loads(path.read_text())
    change(schema)  # type: ignore[operator]
    path.write_text(json.dumps(schema, indent=2))


def _bump(repo: Path, version: str) -> None:
    _edit_schema(repo, "job_start_event.schema.json", lambda s: s.update({"x-version": version}))


CHECKS = [
    "schemas",
    "examples",
    "counterexamples",
    "vendor ledger",
    "engines agree",
    "generated artefacts",
    "compatibility",
    "docs build",
]
FAST = ("--skip", "docs build", "--skip", "generated artefacts")


def results(out: str) -> dict[str, str]:
    """The gate's table, check name -> result, in the order printed."""
    lines = out.splitlines()
    assert lines[0].split() == ["check", "result", "time"], out
    table = {}
    for line in lines[1:]:
        if not line:
            break
        name, result, seconds = re.split(r"\s{2,}", line)
        assert re.fullmatch(r"\d+\.\d\d s", seconds), line
        table[name] = result
    return table


def findings(out: str, check: str) -> list[str]:
    """The lines under the ``check:`` heading of the gate's report."""
    lines = out.splitlines()
    start = lines.index(f"{check}:") + 1
    end = lines.index("", start)
    return [line.removeprefix("  ") for line in lines[start:end]]


def test_gate_is_green_on_main(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "gate")
    assert code == 0, out
    assert results(out) == dict.fromkeys(CHECKS, "pass")
    assert re.fullmatch(r"OK: all 8 checks passed in \d+\.\d s", out.strip().splitlines()[-1])


def test_an_incompatible_change_without_a_major_bump_turns_the_gate_red(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_schema(
        repo, "common/unix-timestamp.schema.json", lambda s: s.update(minimum=1_600_000_000)
    )
    code, out, _err = run(capsys, "gate", "--root", str(repo), *FAST)
    assert code == 1
    assert results(out) == {
        "schemas": "pass",
        "examples": "FAIL",  # leap_second.json has an event_time below the new minimum
        "counterexamples": "pass",
        "vendor ledger": "pass",
        "engines agree": "pass",
        "compatibility": "FAIL",
    }
    compatibility = findings(out, "compatibility")
    assert compatibility[0] == (
        "schemas/job_start_event.schema.json: job_start_event: breaking change needs a major "
        "version bump, but x-version is 1.0.1 and the latest release is 1.0.1 "
        "([minimum-tightened] /event_time: minimum 0 -> 1600000000)"
    )
    assert compatibility[1].startswith(
        "schemas/job_start_event.schema.json:   witness for [minimum-tightened] /event_time: "
        "valid under the release, invalid now: {"
    )
    assert len(compatibility) == 2
    assert (
        out.strip()
        .splitlines()[-1]
        .startswith("FAIL: 2 of 6 checks failed (examples, compatibility) in ")
    )
    _bump(repo, "2.0.0")
    code, out, _err = run(
        capsys,
        "gate",
        "--root",
        str(repo),
        "--skip",
        "docs build",
        "--skip",
        "generated artefacts",
        "--skip",
        "examples",
        "--skip",
        "engines agree",
        "--skip",
        "counterexamples",
    )
    assert code == 0, out
    assert "job_start_event: breaking change, version 1.0.1 -> 2.0.0" in out


def test_a_compatible_change_needs_a_minor_bump(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_schema(
        repo,
        "common/envelope.schema.json",
        lambda s: s["$defs"]["event_type"]["enum"].append("tag_event_type"),
    )
    _edit_schema(
        repo,
        "job_start_event.schema.json",
        lambda s: s["properties"]["event"]["required"].remove("company_name"),
    )
    args = ("gate", "--root", str(repo), "--skip", "docs build", "--skip", "generated artefacts")
    code, out, _err = run(capsys, *args)
    assert code == 1
    assert "backward compatible change needs a minor version bump" in out
    _bump(repo, "1.0.1")
    assert run(capsys, *args)[0] == 1
    _bump(repo, "1.1.0")
    code, out, _err = run(capsys, *args)
    assert code == 1  # the version is right, but ops-dashboard reads the company name
    assert findings(out, "compatibility")[1].startswith(
        "schemas/job_start_event.schema.json: breaks registered consumer ops-dashboard "
        "(contracts/consumers/ops-dashboard.yaml, reads event.company_name): "
        "[required-removed] /event/company_name: "
    )
    _read_fields(repo, "ops-dashboard", ["event.job_id"])  # the consumer copes now
    code, out, _err = run(capsys, *args)
    assert code == 0, out


def _read_fields(repo: Path, consumer: str, fields: list[str], version: object = None) -> None:
    path = repo / "contracts" / "consumers" / f"{consumer}.yaml"
    data = yaml.safe_load(path.read_text())
    spec: dict[str, object] = {"fields": fields}
    if version is not None:
        spec["version"] = version
    data["events"]["job_start_event"] = spec
    path.write_text(yaml.safe_dump(data))


def test_an_annotation_change_needs_a_patch_bump(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_schema(repo, "job_start_event.schema.json", lambda s: s.update(description="Reworded."))
    args = ("gate", "--root", str(repo), "--skip", "docs build", "--skip", "generated artefacts")
    code, out, _err = run(capsys, *args)
    assert code == 1
    assert "annotation-only change needs a patch version bump" in out
    _bump(repo, "1.0.2")
    assert run(capsys, *args)[0] == 0


def test_release_cuts_a_snapshot_only_after_the_right_bump(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "release", "--root", str(repo))[1].startswith("nothing to release")
    _edit_schema(
        repo,
        "job_start_event.schema.json",
        lambda s: (
            s["properties"]["event"]["required"].append("x_new")
            or s["properties"]["event"]["properties"].update(
                x_new={"type": "string", "title": "x", "description": "x"}
            )
        ),
    )
    code, _out, err = run(capsys, "release", "--root", str(repo))
    assert code == 2
    assert "needs a major version bump" in err
    _bump(repo, "2.0.0")
    code, out, _err = run(capsys, "release", "--root", str(repo))
    assert (code, out) == (
        0,
        "released job_start_event: contracts/releases/job_start_event/2.0.0.schema.json\n",
    )
    snapshot = json.loads(
        (repo / "contracts/releases/job_start_event/2.0.0.schema.json").read_text()
    )
    assert snapshot["$id"].endswith("/releases/job_start_event/2.0.0.schema.json")
    assert "$ref" not in json.dumps(snapshot).replace('"$ref": "#', "")  # self-contained


def test_gate_markdown_and_github_formats(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _edit_schema(repo, "common/unix-timestamp.schema.json", lambda s: s.update(type="integer"))
    args = ("gate", "--root", str(repo), "--skip", "docs build", "--skip", "generated artefacts")
    code, out, _err = run(capsys, *args, "--format", "markdown")
    assert code == 1
    assert out.startswith("### Alfred contract gate: failed\n\n| check | result | time |")
    assert "| compatibility | ❌ fail |" in out
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _err = run(capsys, *args, "--format", "github")
    assert "::error file=schemas/job_start_event.schema.json,title=gate%3A compatibility::" in out
    assert summary.read_text().startswith("### Alfred contract gate: failed")


def test_a_broken_schema_is_a_failed_gate_not_a_crash(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "schemas" / "common" / "uuid.schema.json").write_text("{ broken")
    code, out, _err = run(capsys, "gate", "--root", str(repo), "--skip", "docs build")
    assert code == 2  # the other checks cannot run: a tool error
    assert results(out) == {"schemas": "FAIL", **dict.fromkeys(CHECKS[1:-1], "ERROR")}
    (finding,) = findings(out, "schemas")
    assert finding.startswith(f"schemas/: {repo}/schemas/common/uuid.schema.json: invalid JSON ")
    assert findings(out, "examples") == ["schemas/: not run: the schemas do not load"]


def test_a_change_that_breaks_a_registered_consumer_fails_the_gate(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit_schema(
        repo,
        "job_start_event.schema.json",
        lambda s: s["properties"]["event"]["properties"]["company_name"].update(
            type=["string", "null"]
        ),
    )
    _bump(repo, "1.1.0")  # the version rule is met: the change is backward compatible
    # (the counterexample company_name_null.json is valid now: not this test's concern)
    code, out, _err = run(capsys, "gate", "--root", str(repo), *FAST, "--skip", "counterexamples")
    assert code == 1, out
    assert results(out)["compatibility"] == "FAIL"
    summary = findings(out, "compatibility")[0]
    assert summary.startswith(
        "schemas/job_start_event.schema.json: job_start_event: backward compatible change, "
        "version 1.0.1 -> 1.1.0 (["
    )
    assert "/event/company_name: " in summary
    assert "annotation-changed" not in summary
    (broken,) = [line for line in findings(out, "compatibility") if "consumer" in line]
    assert broken.startswith(
        "schemas/job_start_event.schema.json: breaks registered consumer ops-dashboard "
        "(contracts/consumers/ops-dashboard.yaml, reads event.company_name): "
    )
    assert "; it would receive an event where event.company_name = null: {" in broken
    assert "billing-sync" not in out  # it does not read the company name


def _update_date_optional(repo: Path, version: str) -> None:
    """The change a new user tried: update_date, which ops-dashboard reads, made optional."""
    _edit_schema(
        repo,
        "job_start_event.schema.json",
        lambda s: (
            s["properties"]["event"]["required"].remove("update_date")
            or s.update({"x-version": version})
        ),
    )


def test_a_consumer_follows_the_latest_major_unless_it_pins_an_older_one(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _update_date_optional(repo, "1.1.0")
    args = ("gate", "--root", str(repo), *FAST)
    code, out, _err = run(capsys, *args)
    assert code == 1, out
    compatibility = findings(out, "compatibility")
    assert compatibility[0].startswith(
        "schemas/job_start_event.schema.json: job_start_event: backward compatible change, "
        "version 1.0.1 -> 1.1.0 (["
    )
    # the substantive change, not the x-version bump
    assert "] /event/update_date: " in compatibility[0]
    assert "x-version" not in compatibility[0]
    assert "annotation" not in compatibility[0]
    assert "breaks registered consumer ops-dashboard" in compatibility[1]
    assert "event.update_date is missing" in compatibility[1]
    assert not out.strip().splitlines()[-1].startswith("OK")
    # pinned to major 1, the change within major 1 still reaches it
    _read_fields(repo, "ops-dashboard", ["event.update_date"], version="1")
    assert run(capsys, *args)[0] == 1
    # released as 2.0.0: an unpinned consumer follows the latest major, and breaks ...
    _bump(repo, "2.0.0")
    _read_fields(repo, "ops-dashboard", ["event.update_date"])
    code, out, _err = run(capsys, *args)
    assert code == 1, out
    assert "breaks registered consumer ops-dashboard" in out
    # ... one pinned to major 1 keeps reading 1.x: a notice, and the gate passes
    _read_fields(repo, "ops-dashboard", ["event.update_date"], version=1)
    code, out, _err = run(capsys, *args)
    assert code == 0, out
    notice = findings(out, "compatibility")[1]
    assert notice.startswith(
        "schemas/job_start_event.schema.json: does not reach registered consumer "
        "ops-dashboard (contracts/consumers/ops-dashboard.yaml, reads event.update_date): it "
        "is pinned to job_start_event major version 1 (["
    )
    assert "] /event/update_date: " in notice
    # one pinned to 2 reads the new major: broken again
    _read_fields(repo, "ops-dashboard", ["event.update_date"], version="2")
    assert run(capsys, *args)[0] == 1
    # a pin above the schema's major version is a mistake in the consumer file
    _read_fields(repo, "ops-dashboard", ["event.job_id"], version="3")
    code, out, _err = run(capsys, *args)
    assert code == 1
    assert (
        "contracts/consumers/ops-dashboard.yaml: ops-dashboard pins job_start_event to major "
        "version 3, but job_start_event is at 2" in findings(out, "compatibility")
    )


def test_a_pin_must_be_a_major_version(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _read_fields(repo, "ops-dashboard", ["event.job_id"], version="1.2")
    code, out, _err = run(capsys, "gate", "--root", str(repo), *FAST)
    assert code == 2
    assert results(out)["compatibility"] == "ERROR"
    (finding,) = findings(out, "compatibility")
    assert finding.endswith(
        "ops-dashboard.yaml: events.job_start_event.version must be a major version such as "
        "\"1\", got '1.2'"
    )


def test_consumer_impacts_unknown_is_not_safe_and_pins_shield_only_older_majors() -> None:
    from alfred_contracts.compat.changes import Change, Witness
    from alfred_contracts.compat.consumers import Consumer, impacts
    from alfred_contracts.compat.gate import _consumer_finding

    reader = Consumer("r", "", {"e": ("event.a", "event.b")}, ROOT / "r.yaml", {"e": 1})
    free = Consumer("f", "", {"e": ("event.a",)}, ROOT / "f.yaml")
    witness = Witness("new", {"event": {"b": None}})
    changes = [
        Change("annotation-changed", "", True, True, "x-version changed"),
        Change("type-widened", "/event/b", True, False, "more", Witness("old", 1), witness),
        Change("pattern-changed", "/event/a", None, None, "cannot judge"),
        Change("minimum-tightened", "/event/c", False, True, "fewer", Witness("old", 2)),
    ]
    found = {(i.consumer.name, i.change.path): (i.status, i.witness) for i in impacts(
        [reader, free], "e", changes, major=1)}  # fmt: skip
    assert found == {
        ("r", "/event/b"): ("broken", witness),
        ("r", "/event/a"): ("unproven", None),
        ("f", "/event/a"): ("unproven", None),
    }
    shielded = {i.status for i in impacts([reader], "e", changes, major=2)}
    assert shielded == {"shielded"}
    unproven = next(i for i in impacts([free], "e", changes, major=2))
    finding = _consumer_finding(ROOT, unproven, "e", "schemas/e.json")
    assert finding.severity == "error"
    assert finding.message.startswith(
        "may break registered consumer f (f.yaml, reads event.a): cannot prove it safe"
    )


def test_unknown_skip_names_exit_2_and_help_lists_the_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "gate", "--skip", "docs-build", "--skip", "schemas")
    assert (code, out) == (2, "")
    assert err == (
        "alfred-contracts: error: --skip docs-build: not a check (the checks are: "
        + ", ".join(f"'{name}'" for name in CHECKS)
        + ")\n"
    )
    with pytest.raises(SystemExit):
        main(["gate", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "skip a check by name (repeatable): " + ", ".join(f"'{n}'" for n in CHECKS) in shown


@pytest.mark.parametrize("how", ["dot", "absolute", "dotted-absolute"])
def test_github_annotations_use_repository_relative_paths(
    how: str, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _update_date_optional(repo, "1.0.1")  # fails the version rule and a consumer
    (repo / "contracts/counterexamples/job_start_event/stray.json").write_text("{}")
    monkeypatch.chdir(repo / "schemas" if how == "dotted-absolute" else repo)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = {"dot": ".", "absolute": str(repo), "dotted-absolute": f"{repo}/schemas/.."}[how]
    code, out, _err = run(capsys, "gate", "--root", root, *FAST, "--format", "github")
    assert code == 1
    files = re.findall(r"^::error file=([^,]*),", out, flags=re.M)
    assert sorted(set(files)) == [
        "contracts/counterexamples/job_start_event/stray.json",
        "schemas/job_start_event.schema.json",
    ], out


def test_removing_a_field_nobody_reads_breaks_nobody(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = json.loads((ROOT / "contracts/releases/job_start_event/1.0.0.schema.json").read_text())
    new["properties"]["event"]["properties"].pop("company_name")
    new["properties"]["event"]["required"].remove("company_name")
    path = tmp_path / "new.json"
    path.write_text(json.dumps(new))
    old = str(ROOT / "contracts/releases/job_start_event/1.0.0.schema.json")
    code, out, _err = run(
        capsys,
        "diff",
        old,
        str(path),
        "--consumers",
        str(ROOT / "contracts/consumers"),
        "--format",
        "json",
    )
    report = json.loads(out)
    assert code == 1
    assert report["backward"] is False
    assert report["broken_consumers"] == [
        {"consumer": "ops-dashboard", "fields": ["event.company_name"]}
    ]
    (tmp_path / "consumers").mkdir()
    shutil.copy(ROOT / "contracts/consumers/billing-sync.yaml", tmp_path / "consumers")
    code, out, _err = run(
        capsys,
        "diff",
        old,
        str(path),
        "--consumers",
        str(tmp_path / "consumers"),
        "--format",
        "json",
    )
    assert json.loads(out)["broken_consumers"] == []


def test_diff_require_sets_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = ROOT / "contracts/releases/job_start_event/1.0.0.schema.json"
    new = json.loads(old.read_text())
    new["additionalProperties"] = True  # backward compatible, not forward
    path = tmp_path / "new.json"
    path.write_text(json.dumps(new))
    assert run(capsys, "diff", str(old), str(path))[0] == 0
    assert run(capsys, "diff", str(old), str(path), "--require", "forward")[0] == 1
    assert run(capsys, "diff", str(old), str(path), "--require", "full")[0] == 1
    assert run(capsys, "diff", str(path), str(old))[0] == 1
    assert run(capsys, "diff", str(path), str(old), "--require", "none")[0] == 0


def test_diff_reads_schemas_from_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "schemas"], cwd=tmp_path, check=True)
    target = tmp_path / "schemas" / "common" / "uuid.schema.json"
    target.write_text(target.read_text().replace('"format": "uuid",', ""))
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(
        capsys,
        "diff",
        "HEAD:schemas/job_start_event.schema.json",
        "schemas/job_start_event.schema.json",
        "--format",
        "json",
    )
    report = json.loads(out)
    assert code == 0  # dropping a format is backward compatible ...
    assert report["forward"] is False  # ... but not forward
    assert {c["rule"] for c in report["changes"]} == {"format-removed"}
    assert {c["path"] for c in report["changes"]} == {
        "/event_id",
        "/event/company_id",
        "/event/job_id",
    }
    code, _out, err = run(
        capsys,
        "diff",
        "nosuchref:schemas/job_start_event.schema.json",
        "schemas/job_start_event.schema.json",
    )
    assert code == 2
    assert err.startswith("alfred-contracts: error: cannot read nosuchref:schemas/")


def test_diff_text_output_shows_witnesses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = ROOT / "contracts/releases/job_start_event/1.0.0.schema.json"
    new = json.loads(old.read_text())
    new["properties"]["event_type"]["const"] = "file_event_type"
    path = tmp_path / "new.json"
    path.write_text(json.dumps(new))
    code, out, _err = run(capsys, "diff", str(old), str(path))
    assert code == 1
    lines = out.splitlines()
    assert (
        lines[1] == '  [const-changed] /event_type: constant "job_event_type" -> "file_event_type"'
    )
    assert lines[2] == "      backward: BREAKING   forward: BREAKING"
    assert lines[3].startswith("      witness (valid under old, invalid under new): {")
    assert lines[4].startswith("      witness (valid under new, invalid under old): {")
    assert lines[-1] == "backward: BREAKING; forward: BREAKING (1 change)"


def test_pre_commit_hooks_and_action_are_well_formed() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"alfred-validate", "alfred-gate"}
    for hook in hooks:
        command = hook["entry"].split()
        assert command[0] == "alfred-contracts"
        build_parser().parse_args(
            [*command[1:], *(["x.json"] if hook.get("pass_filenames", True) else [])]
        )
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert local == {"alfred-validate", "alfred-gate"}
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert any("alfred-contracts gate" in step.get("run", "") for step in action["runs"]["steps"])


def test_this_repository_runs_its_own_hooks(tmp_path: Path) -> None:
    import sys

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "pc"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "alfred-validate", "--all-files"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "validate Alfred event examples" in done.stdout
    assert "Passed" in done.stdout


def test_diff_of_a_broken_schema_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": 5}')
    new = str(ROOT / "schemas" / "job_start_event.schema.json")
    code, out, err = run(capsys, "diff", str(bad), new)
    assert (code, out) == (2, "")
    assert err == f"alfred-contracts: error: {bad}: not a valid JSON Schema at type\n"


def test_gate_and_diff_write_their_reports_to_a_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "gate.md"
    code, out, err = run(
        capsys, "gate", "--root", str(repo), *FAST, "--format", "markdown",
        "--output", str(target),
    )  # fmt: skip
    assert (code, out) == (0, "")
    assert target.read_text().startswith("### Alfred contract gate: passed")
    assert err.startswith("OK: all 6 checks passed")
    old = str(ROOT / "contracts/releases/job_start_event/1.0.0.schema.json")
    report = tmp_path / "diff.json"
    code, out, _err = run(capsys, "diff", old, old, "--format", "json", "--output", str(report))
    assert (code, out) == (0, "")
    assert json.loads(report.read_text())["changes"] == []


def test_a_counterexample_whose_message_loses_its_fragment_turns_the_gate_red(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`contains` in expected.toml is checked: the same violation, another message, fails."""
    args = ("gate", "--root", str(repo), *FAST)
    assert run(capsys, *args)[0] == 0
    path = repo / "contracts/counterexamples/job_start_event/date_february_30.json"
    path.write_text(path.read_text().replace("2023-02-30T", "2023-02-31T"))
    code, out, _err = run(capsys, *args)
    assert code == 1
    assert results(out) == {
        **dict.fromkeys(["schemas", "examples", "vendor ledger", "engines agree"], "pass"),
        "counterexamples": "FAIL",
        "compatibility": "pass",
    }
    assert findings(out, "counterexamples") == [
        "contracts/counterexamples/job_start_event/date_february_30.json: strict: no message "
        "contains 'February 2023 has no day 30'; the messages: \"2023-02-31T10:00:00Z\" is not "
        "an RFC 3339 date-time: February 2023 has no day 31"
    ]


def _copy_outside(tmp_path: Path, change: object = None) -> Path:
    """The working job_start_event schema, edited, in a folder of its own."""
    schema = json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text())
    if change is not None:
        change(schema)  # type: ignore[operator]
    path = tmp_path / "edited" / "job_start_event.schema.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, indent=2))
    return path


def _common(tmp_path: Path, name: str, change: object) -> Path:
    schema = json.loads((ROOT / "schemas" / "common" / name).read_text())
    change(schema)  # type: ignore[operator]
    path = tmp_path / "edited" / "common" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, indent=2))
    return path


RELEASE = str(ROOT / "contracts/releases/job_start_event/1.0.0.schema.json")


def _changed_paths(capsys: pytest.CaptureFixture[str], new: Path) -> set[str]:
    code, out, err = run(capsys, "diff", RELEASE, str(new), "--format", "json", "--require", "none")
    assert code == 0, err
    return {c["path"] for c in json.loads(out)["changes"] if c["rule"] != "annotation-changed"}


def test_diff_of_an_edited_copy_outside_schemas_reads_its_refs_beside_it_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # nothing beside the copy: its $refs name bundled schemas by $id, which are used
    copy = _copy_outside(
        tmp_path, lambda s: s["properties"]["event"]["required"].remove("update_date")
    )
    assert _changed_paths(capsys, copy) == {"/event/update_date"}
    # a shared definition beside the copy wins over the bundled one
    _common(
        tmp_path, "envelope.schema.json", lambda s: s["$defs"]["event_time"].update(maximum=2e9)
    )
    assert _changed_paths(capsys, copy) == {"/event/update_date", "/event_time"}


def test_a_ref_is_resolved_relative_to_the_file_that_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # common/unix-timestamp.schema.json is referenced only by the envelope. With no
    # envelope beside the copy, the bundled envelope is used, and its own $ref is read
    # beside it (the bundled unix-timestamp), not beside the copy.
    copy = _copy_outside(tmp_path)
    _common(tmp_path, "unix-timestamp.schema.json", lambda s: s.update(maximum=2e9))
    assert _changed_paths(capsys, copy) == set()
    # with the envelope beside the copy, the envelope's $ref is read beside it
    _common(tmp_path, "envelope.schema.json", lambda s: None)
    assert _changed_paths(capsys, copy) == {"/event_time"}


def test_an_unreadable_ref_names_the_file_that_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _copy_outside(tmp_path)
    envelope = _common(
        tmp_path,
        "envelope.schema.json",
        lambda s: s["$defs"]["event_time"].update({"$ref": "no-such.schema.json"}),
    )
    code, out, err = run(capsys, "diff", RELEASE, str(copy))
    assert (code, out) == (2, "")
    assert err == (
        f"alfred-contracts: error: {envelope}: cannot read $ref 'no-such.schema.json': "
        f"{envelope.parent}/no-such.schema.json: no such file, and no bundled schema has the "
        "$id https://alfred-event-contracts.github.io/schemas/common/no-such.schema.json\n"
    )
    envelope.write_text("{ broken")
    code, out, err = run(capsys, "diff", RELEASE, str(copy))
    assert code == 2
    assert err.startswith(
        f"alfred-contracts: error: {envelope} ($ref 'common/envelope.schema.json#/$defs/"
    )
    assert err.count("\n") == 1
