"""Markdown building blocks the reference pages share: the field table and the opening.

A page opens with one example delivery beside its field table: ``opening`` writes both in
one ``acx-opening`` block, which the site's stylesheet lays out side by side on a wide
screen and one above the other on a narrow one. The field table has three columns (path,
type, description) so that descriptions get a readable width; a field's constraints are
a second line of its description, and code in the table never breaks inside a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from alfred_contracts.escaping import markdown_cell, markdown_code
from alfred_contracts.schema.fields import Field

#: where a sentence may end: a full stop, question or exclamation mark, then a space
_STOP = re.compile(r"[.!?](?=\s)")
#: abbreviations whose full stop ends no sentence ("e.g. a nightly batch" goes on)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.")


def first_sentence(text: str) -> str:
    """The first sentence of a description: what an index shows as its one-liner."""
    text = " ".join(text.split())
    for stop in _STOP.finditer(text):
        end = stop.end()
        if not text[:end].lower().endswith(_ABBREVIATIONS):
            return text[:end]
    return text + "." if text and not text.endswith((".", "!", "?")) else text


#: where the core of a sentence ends and its examples or elaboration begin
_ASIDES = (": ", "; ", ", for example", ", for instance", ", such as", ", e.g.")
#: how the project's descriptions open; the index's column heading already says it
_OPENERS = ("Alfred sends this event ", "Alfred sends this message ", "Alfred sends this ")


def one_liner(description: str) -> str:
    """What an index shows for an event: the core of its description's first sentence,
    without examples or elaboration, and without the opening "Alfred sends this event"."""
    sentence = first_sentence(description).rstrip(".!?")
    cuts = [sentence.find(aside) for aside in _ASIDES]
    cut = min((at for at in cuts if at > 0 and len(sentence[:at].split()) >= 5), default=-1)
    core = sentence[:cut] if cut > 0 else sentence
    for opener in _OPENERS:
        if core.startswith(opener) and len(core) > len(opener):
            core = core[len(opener) :]
            core = core[:1].upper() + core[1:]
            for when in ("When it ", "Whenever it ", "Once it "):  # "it" was Alfred
                if core.startswith(when):
                    core = when.replace(" it ", " Alfred ") + core[len(when) :]
            break
    return core + "." if core else ""


def indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in text.splitlines())


def cell_with_code(text: str) -> str:
    """A table cell for text that marks values as code spans, as ``fields`` writes its
    constraints (``one of `a`, `b` ``): the spans stay code, the rest is plain text."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no span can be trusted
        return markdown_cell(text)
    return "".join(
        markdown_code(part) if index % 2 else markdown_cell(part)
        for index, part in enumerate(parts)
    )


def _type_cell(item: Field, types: Mapping[str, str]) -> str:
    cell = types.get(item.path, "")
    if not cell:
        cell = markdown_cell(item.type)
        cell += f" {markdown_code(item.format)}" if item.format else ""
    if not item.required:
        cell += '<br><span class="acx-optional">optional</span>'
    return cell


def _description_cell(item: Field) -> str:
    cell = markdown_cell(item.description)
    if item.constraints:
        rule = cell_with_code(item.constraints)
        rule = rule[:1].upper() + rule[1:] if not rule.startswith("`") else rule
        cell += f'<br><span class="acx-rule">{rule}.</span>'
    return cell


def field_table(items: Iterable[Field], types: Mapping[str, str]) -> list[str]:
    """The field table: every path on one line, its type (``types``, by path, where given),
    description and rules."""
    lines = ["| Path | Type | Description |", "|---|---|---|"]
    for item in items:
        kind = _type_cell(item, types)
        lines.append(f"| {markdown_code(item.path)} | {kind} | {_description_cell(item)} |")
    return lines


def opening(
    example: str, example_note: str, items: Iterable[Field], types: Mapping[str, str]
) -> list[str]:
    """An example delivery (JSON text) beside the field table, under their own headings."""
    return [
        '<div class="acx-opening" markdown>',
        '<div class="acx-example" markdown>',
        "",
        "## Example",
        "",
        example_note,
        "",
        "```json",
        example.strip(),
        "```",
        "",
        "</div>",
        '<div class="acx-fields" markdown>',
        "",
        "## Fields",
        "",
        *field_table(items, types),
        "",
        "</div>",
        "</div>",
        "",
    ]
