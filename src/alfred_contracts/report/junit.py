"""JUnit XML, written by hand for every report that has a junit format.

Element text and attribute values go through :func:`.escaping.xml_text` and
:func:`.escaping.xml_attr`, so whatever a value holds (control characters from a fuzzed
body, lone surrogates, markup) the document parses.
"""

from __future__ import annotations

from alfred_contracts.escaping import xml_attr, xml_text

DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def attributes(**values: object) -> str:
    """`` name="value"`` for each value that is not None, in the order given."""
    return "".join(
        f' {name}="{xml_attr(str(value))}"' for name, value in values.items() if value is not None
    )


def suite(name: str, tests: int, failures: int, **extra: object) -> str:
    """The opening tag of a ``<testsuite>`` (indented two spaces, with its newline)."""
    return f"  <testsuite{attributes(name=name, tests=tests, failures=failures, **extra)}>\n"


def case(
    name: str,
    *,
    classname: str | None = None,
    seconds: float | None = None,
    failure: str | None = None,
    detail: str | None = None,
    failure_type: str | None = None,
    output: str | None = None,
) -> str:
    """One ``<testcase>`` (indented four spaces, with its newline); failed when ``failure``
    (the failure's message) is given, with ``detail`` as the failure's text; ``output``
    is its ``<system-out>`` (what a passed case has to say)."""
    time = None if seconds is None else f"{seconds:.3f}"
    opening = f"    <testcase{attributes(classname=classname, name=name, time=time)}"
    inner = []
    if failure is not None:
        failed = f"<failure{attributes(message=failure, type=failure_type)}"
        failed += "/>" if detail is None else f">{xml_text(detail)}</failure>"
        inner.append(f"      {failed}\n")
    if output is not None:
        inner.append(f"      <system-out>{xml_text(output)}</system-out>\n")
    if not inner:
        return opening + "/>\n"
    return f"{opening}>\n{''.join(inner)}    </testcase>\n"
