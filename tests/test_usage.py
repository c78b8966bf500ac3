"""The README's usage block and the docs' command-line reference are the parser's own."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from alfred_contracts.cli import build_parser, usage

from conftest import ROOT

README = ROOT / "README.md"


def test_the_readme_usage_block_is_the_parsers() -> None:
    block = usage.readme_block(README.read_text("utf-8"))
    assert block == usage.usage_block(), (
        f"README.md's usage block differs from the parser's: run `{usage.COMMAND}`"
    )


def test_every_subcommand_and_option_is_in_the_block() -> None:
    block = usage.usage_block()
    for name, _help, sub in usage.subcommands(build_parser()):
        assert f"alfred-contracts {name}" in block
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in block, f"{name} {option}"


def _toy() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toy")
    commands = parser.add_subparsers(dest="command")
    one = commands.add_parser("one", help="the first")
    one.add_argument("paths", nargs="*", default=["-"], metavar="PATH")
    one.add_argument("--mode", choices=("a", "b"), default="a")
    one.add_argument("--flag", action="store_true")
    one.add_argument("--tag", action="append", metavar="T")
    one.add_argument("--needed", required=True, metavar="X")
    one.add_argument("--level")
    group = one.add_mutually_exclusive_group()
    group.add_argument("--all", action="store_true")
    group.add_argument("--name", metavar="N")
    one.add_argument("--hidden", help=argparse.SUPPRESS)
    two = commands.add_parser("two", aliases=["deux"])
    two.add_argument("src", metavar="SRC")
    two.add_argument("rest", nargs="+")
    commands.add_parser("three")
    return parser


def test_the_generator_is_generic() -> None:
    assert usage.usage_block(_toy(), width=40) == (
        "toy one [PATH|-]... [--mode a|b]\n"
        "        [--flag] [--tag T]... --needed X\n"
        "        [--level LEVEL]\n"
        "        [--all | --name N]\n"
        "toy two SRC rest...\n"
        "toy three\n"
    )


def test_write_and_check(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n### Usage\n\n```\nold\n```\n\nafter\n", "utf-8")
    assert usage.main(["--check", str(readme)]) == 1
    assert usage.main(["--write", str(readme)]) == 0
    text = readme.read_text("utf-8")
    assert text.startswith("# x\n\n### Usage\n\n```\nalfred-contracts validate ")
    assert text.endswith("```\n\nafter\n")
    assert usage.main(["--check", str(readme)]) == 0


def test_the_module_runs_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alfred_contracts.cli.usage", "--check", str(README)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_readme_without_the_block_is_an_error() -> None:
    with pytest.raises(ValueError, match="### Usage"):
        usage.readme_block("# nothing here\n")


def test_the_reference_page_holds_every_commands_help() -> None:
    page = usage.reference_page()
    for name, _help, sub in usage.subcommands(build_parser()):
        assert f"\n## {name}\n" in page
        assert f"usage: alfred-contracts {name}" in page
        description = " ".join((sub.description or "").split()[:4])
        assert description in " ".join(page.split())


def test_the_reference_page_is_in_the_navigation() -> None:
    assert "Command line: reference/cli.md" in (ROOT / "mkdocs.yml").read_text("utf-8")


def test_the_site_publishes_the_reference_page(site: Path) -> None:
    page = (site / "reference" / "cli" / "index.html").read_text("utf-8")
    assert "alfred-contracts validate" in page
    assert "--max-violations" in page
