"""The command line's usage, written from the parser itself, so no copy of it can drift.

* :func:`usage_block`: one entry per subcommand with every option, wrapped under the
  command's name: the fenced block under the README's "### Usage" heading. A test
  (tests/test_usage.py) fails when the README's block differs; rewrite it with
  ``python -m alfred_contracts.cli.usage --write README.md`` (``--check README.md`` only
  compares, exit 1 when it differs).
* :func:`reference_page`: the docs' command-line reference (``reference/cli.md``), every
  command's ``--help``, generated at docs build time (tools/mkdocs_hooks.py).

Both read whatever :func:`alfred_contracts.cli.build_parser` holds when they run: a new
subcommand or option shows up with nothing else to edit.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

#: the width the usage block is wrapped to
WIDTH = 90
#: the width of the ``--help`` texts on the reference page (whatever the terminal is)
HELP_WIDTH = 88
#: the README's usage block: the first fenced block after this heading
HEADING = "### Usage"
COMMAND = "python -m alfred_contracts.cli.usage --write README.md"


def _parser(parser: argparse.ArgumentParser | None) -> argparse.ArgumentParser:
    if parser is not None:
        return parser
    from alfred_contracts.cli import build_parser

    return build_parser()


def subcommands(
    parser: argparse.ArgumentParser | None = None,
) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of every subcommand, in the parser's order (an alias
    is not listed again)."""
    parser = _parser(parser)
    found: list[tuple[str, str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) not in seen:
                seen.add(id(sub))
                found.append((name, helps.get(name, ""), sub))
    return found


def _metavar(action: argparse.Action) -> str:
    if action.choices is not None and action.metavar is None:
        return "|".join(str(choice) for choice in action.choices)
    metavar = action.metavar
    if isinstance(metavar, tuple):
        return " ".join(metavar)
    if metavar is not None:
        return metavar
    return action.dest if not action.option_strings else action.dest.upper()


def _argument(action: argparse.Action, name: str) -> str:
    nargs = action.nargs
    if nargs == "?":
        return f"[{name}]"
    if nargs == "*":
        return f"[{name}]..."
    if nargs == "+":
        return f"{name}..."
    if nargs == argparse.REMAINDER:
        return f"[{name} ...]"
    if isinstance(nargs, int):
        return " ".join([name] * nargs)
    return name


def _item(action: argparse.Action) -> str:
    """How one argument is written: ``PATH``, ``[--event NAME]``, ``[--check]``,
    ``[--skip CHECK]...`` (repeatable), ``--corpus PATH`` (required)."""
    if not action.option_strings:
        name = _metavar(action)
        default = action.default
        if action.nargs == "*" and default in (["-"], "-") and name != "-":
            name += "|-"  # standard input when no path is given
        return _argument(action, name)
    option = next((o for o in action.option_strings if o.startswith("--")), None)
    text = option or action.option_strings[0]
    if action.nargs != 0:
        text += " " + _argument(action, _metavar(action))
    repeatable = isinstance(action, argparse._AppendAction | argparse._CountAction)
    if isinstance(action, argparse._ExtendAction):
        repeatable = True
    if action.required:
        return text + ("..." if repeatable else "")
    return f"[{text}]" + ("..." if repeatable else "")


def _shown(action: argparse.Action) -> bool:
    if action.help == argparse.SUPPRESS:
        return False
    return not isinstance(action, argparse._HelpAction | argparse._VersionAction)


def items(parser: argparse.ArgumentParser) -> list[str]:
    """The arguments of one (sub)command as usage items: positionals first, then the
    options in the order they were added; a mutually exclusive group is one item."""
    groups = {
        id(action): group
        for group in parser._mutually_exclusive_groups
        for action in group._group_actions
    }
    positionals = [a for a in parser._actions if not a.option_strings and _shown(a)]
    result = [_item(a) for a in positionals]
    done: set[int] = set()
    for action in parser._actions:
        if not action.option_strings or not _shown(action):
            continue
        group = groups.get(id(action))
        if group is None:
            result.append(_item(action))
            continue
        if id(group) in done:
            continue
        done.add(id(group))
        members = [a for a in group._group_actions if _shown(a)]
        inner = " | ".join(_item(a).removeprefix("[").removesuffix("]") for a in members)
        result.append(f"({inner})" if group.required else f"[{inner}]")
    return result


def _wrap(head: str, parts: Sequence[str], width: int) -> list[str]:
    lines = [head]
    indent = " " * (len(head) + 1)
    for part in parts:
        if len(lines[-1]) + 1 + len(part) > width and lines[-1].strip() != head:
            lines.append(indent + part)
        else:
            lines[-1] += " " + part
    return lines


def usage_block(parser: argparse.ArgumentParser | None = None, width: int = WIDTH) -> str:
    """Every subcommand with every option, one entry each, wrapped to ``width`` (the text
    inside the README's fenced block, ending with a newline)."""
    parser = _parser(parser)
    lines: list[str] = []
    for name, _help, sub in subcommands(parser):
        lines.extend(_wrap(f"{parser.prog} {name}", items(sub), width))
    return "\n".join(lines) + "\n"


def _help(sub: argparse.ArgumentParser) -> str:
    """``sub``'s ``--help``, at :data:`HELP_WIDTH` columns whatever the terminal is."""
    formatter = sub.formatter_class

    def fixed(prog: str) -> argparse.HelpFormatter:
        return formatter(prog, width=HELP_WIDTH)  # type: ignore[call-arg]

    sub.formatter_class = fixed
    try:
        return sub.format_help()
    finally:
        sub.formatter_class = formatter


def reference_page(parser: argparse.ArgumentParser | None = None) -> str:
    """The docs' command-line reference: the usage of every command, then each one's
    ``--help``, as Markdown."""
    parser = _parser(parser)
    out = [
        "# Command line\n",
        f"Every command of `{parser.prog}`, with the text its `--help` prints. This page is "
        "written from the command line's own parser each time the site is built, so it "
        "always matches the installed version.\n",
        "```text",
        usage_block(parser).rstrip("\n"),
        "```\n",
        "Exit codes: `0` clean, `1` findings (a violation, a failed check), `2` a usage or "
        "tool error, printed as one line on stderr.\n",
    ]
    for name, help_text, sub in subcommands(parser):
        out.append(f"## {name}\n")
        if help_text:
            out.append(help_text[0].upper() + help_text[1:] + ".\n")
        out.extend(["```text", _help(sub).rstrip("\n"), "```\n"])
    return "\n".join(out)


_BLOCK = re.compile(r"(^### Usage\n\n```[^\n]*\n)(.*?)(^```$)", re.S | re.M)


def readme_block(readme: str) -> str:
    """The text of the README's usage block (what follows :data:`HEADING`)."""
    found = _BLOCK.search(readme)
    if found is None:
        raise ValueError(f"no fenced block right after {HEADING!r}")
    return found[2]


def with_usage(readme: str, block: str) -> str:
    """``readme`` with its usage block replaced by ``block``."""
    readme_block(readme)  # raises when there is none
    return _BLOCK.sub(lambda m: m[1] + block + m[3], readme, count=1)


def main(argv: Sequence[str] | None = None) -> int:
    """``--write FILE`` rewrites FILE's usage block; ``--check FILE`` exits 1 when it
    differs from the parser's."""
    options = argparse.ArgumentParser(
        prog="python -m alfred_contracts.cli.usage",
        description="Write (or check) the README's usage block from the command line's parser.",
    )
    action = options.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="FILE", help="rewrite FILE's usage block")
    action.add_argument("--check", metavar="FILE", help="exit 1 when FILE's block differs")
    parsed = options.parse_args(argv)
    path = Path(parsed.write or parsed.check)
    text = path.read_text("utf-8")
    wanted = with_usage(text, usage_block())
    if parsed.check:
        if wanted != text:
            print(f"{path}: the usage block differs from the parser's; run `{COMMAND}`")
            return 1
        print(f"{path}: the usage block matches the parser")
        return 0
    if wanted != text:
        path.write_text(wanted, "utf-8")
        print(f"wrote the usage block of {path}")
    else:
        print(f"{path}: the usage block is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
