"""One escaping helper per output syntax, and every report that writes one of them.

Exact strings for each helper; then properties over hostile text (control characters,
lone surrogates, workflow-command and markup syntax): XML parses, text reports keep one
line per violation and never carry ESC, markdown rows keep their cells, annotations stay
one line, and a quoted shell word gives back exactly its bytes.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alfred_contracts.consumer.probes import Expect, Probe, Request
from alfred_contracts.consumer.runner import Outcome, Report
from alfred_contracts.escaping import (
    github_data,
    github_property,
    markdown_cell,
    markdown_code,
    one_line,
    shell_printf,
    shell_quote,
    terminal,
    xml_attr,
    xml_text,
)
from alfred_contracts.report import consumer as consumer_report
from alfred_contracts.report import contract as contract_report
from alfred_contracts.report import validation
from alfred_contracts.violations import DocumentResult, Summary, Violation

# -- exact strings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, 1.5 ≥ 1 — Müller", "plain text, 1.5 ≥ 1 — Müller"),
        ("a|b", "a\\|b"),
        ("back\\slash", "back\\\\slash"),
        ("`code`", "\\`code\\`"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("&lt; &", "&amp;lt; &amp;"),
        ("[link](https://example.com)", "\\[link\\](https://example.com)"),
        ("![img](x)", "!\\[img\\](x)"),
        ("one\ntwo\r\nthree\tfour", "one\\ntwo\\r\\nthree\\tfour"),
        ("\x1b[31mred\x00\x7f\x9b", "\\x1b\\[31mred\\x00\\x7f\\x9b"),
        ("lone \ud800 and \u2028", "lone \\ud800 and \\u2028"),
        ("*emphasis* _kept_", "*emphasis* _kept_"),
    ],
)
def test_markdown_cell(text: str, expected: str) -> None:
    assert markdown_cell(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/event/job_id", "`/event/job_id`"),
        ("", ""),
        ("a|b", "`a\\|b`"),
        ("a`b", "``a`b``"),
        ("a``b`c", "```a``b`c```"),
        ("`start", "`` `start ``"),
        ("end`", "`` end` ``"),
        (" padded ", "`  padded  `"),
        ("   ", "`   `"),
        ("line\nbreak\x1b", "`line\\nbreak\\x1b`"),
        ("<b>&amp;[x]\\", "`<b>&amp;[x]\\`"),
    ],
)
def test_markdown_code(text: str, expected: str) -> None:
    assert markdown_code(text) == expected


def test_markdown_code_outside_a_table_keeps_pipes() -> None:
    assert markdown_code("a|b", table=False) == "`a|b`"


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x::error file=y::z", "x::error file=y::z", "x%3A%3Aerror file=y%3A%3Az"),
        ("a,b:c.json", "a,b:c.json", "a%2Cb%3Ac.json"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github(text: str, data: str, prop: str) -> None:
    assert github_data(text) == data
    assert github_property(text) == prop


@pytest.mark.parametrize(
    ("text", "as_text", "as_attr"),
    [
        (
            "plain \"quoted\" 'text'",
            "plain \"quoted\" 'text'",
            "plain &quot;quoted&quot; &apos;text&apos;",
        ),
        ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d", "a &lt; b &amp;&amp; c &gt; d"),
        ("</testcase>", "&lt;/testcase&gt;", "&lt;/testcase&gt;"),
        ("]]>", "]]&gt;", "]]&gt;"),
        ("t\ta\nb\r", "t\ta\nb&#13;", "t&#9;a&#10;b&#13;"),
        ("nul\x00 etb\x17 esc\x1b", "nul\\x00 etb\\x17 esc\\x1b", "nul\\x00 etb\\x17 esc\\x1b"),
        (
            "\ud800\udcff\ufffe\uffff",
            "\\ud800\\udcff\\ufffe\\uffff",
            "\\ud800\\udcff\\ufffe\\uffff",
        ),
        ("kept: \x85 \U0001f600 \U0001fffe", "kept: \x85 \U0001f600 \U0001fffe", None),
    ],
)
def test_xml(text: str, as_text: str, as_attr: str | None) -> None:
    assert xml_text(text) == as_text
    assert xml_attr(text) == (as_text if as_attr is None else as_attr)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain", "plain"),
        (b"", "''"),
        (b'{"a": 1}', "'{\"a\": 1}'"),
        ("Müller".encode(), "'Müller'"),
        (b"it's", "'it'\"'\"'s'"),
        (b"a\x17b", "$'a\\x17b'"),
        (b"line\n", "$'line\\x0a'"),
        (b"\xff\xfe it's \\ M\xc3\xbcller", "$'\\xff\\xfe it\\'s \\\\ Müller'"),
        (b"\xed\xa0\x80", "$'\\xed\\xa0\\x80'"),  # an encoded surrogate is not UTF-8
        ("esc\x1b[0m", "$'esc\\x1b[0m'"),
        ("\udcff", "$'\\xff'"),  # a str from surrogateescape gives back its byte
    ],
)
def test_shell_quote(data: bytes | str, expected: str) -> None:
    assert shell_quote(data) == expected


def test_shell_quote_refuses_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        shell_quote(b"a\x00b")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain", "printf plain"),
        (b"\x00\x17\xff", "printf '\\000\\027\\377'"),
        (b"100% it's a \\", "printf '100%% it\\047s a \\\\'"),
        (b"-n", "printf '\\055n'"),
    ],
)
def test_shell_printf(data: bytes, expected: str) -> None:
    assert shell_printf(data) == expected


@pytest.mark.parametrize(
    ("text", "on_terminal", "on_one_line"),
    [
        ("plain ≥ Müller \\n kept", "plain ≥ Müller \\n kept", "plain ≥ Müller \\n kept"),
        ("a\nb\tc", "a\nb\tc", "a\\nb\tc"),
        ("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("over\rwrite\b", "over\\rwrite\\x08", "over\\rwrite\\x08"),
        ("\x9b31m\x7f\x85", "\\x9b31m\\x7f\\x85", "\\x9b31m\\x7f\\x85"),
        ("\ud800", "\\ud800", "\\ud800"),
        ("x\u2028y", "x\u2028y", "x\\u2028y"),
        ("\n::error file=x::", "\n::error file=x::", "\\n::error file=x::"),
    ],
)
def test_terminal_and_one_line(text: str, on_terminal: str, on_one_line: str) -> None:
    assert terminal(text) == on_terminal
    assert one_line(text) == on_one_line


# -- hostile text ------------------------------------------------------------------------

FRAGMENTS = [
    "::",
    "\n::error file=x::forged",
    "</testcase>",
    "<img src=x>",
    "`",
    "``",
    "|",
    "\\|",
    "\\",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x17",
    "\x1b[31m",
    "\x1b]8;;http://x\x07",
    "\x9b",
    "\x85",
    "\ud800",
    "\udcff",
    "\ufffe",
    "\uffff",
    "\u2028",
    "%0A",
    "&amp;",
    "]]>",
    "'",
    '"',
    "[x](y)",
    ",title=",
]
hostile = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=()), max_size=4)
    ),
    max_size=10,
).map("".join)

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _shown_in_xml(text: str) -> str:
    """What an XML parser must read back: the text, forbidden characters made visible."""

    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _XML_FORBIDDEN.sub(visible, text)


@settings(max_examples=300)
@given(hostile)
def test_xml_round_trips_through_a_parser(text: str) -> None:
    document = f"<r a=\"{xml_attr(text)}\" b='{xml_attr(text)}'>{xml_text(text)}</r>"
    root = ET.fromstring(document.encode("utf-8"))
    assert root.get("a") == root.get("b") == _shown_in_xml(text)
    assert (root.text or "") == _shown_in_xml(text)


@given(hostile)
def test_terminal_and_one_line_leave_no_control_characters(text: str) -> None:
    shown = terminal(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", shown)
    assert terminal(shown) == shown
    flat = one_line(text)
    assert len(flat.splitlines()) <= 1
    assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", flat.replace("\t", ""))
    flat.encode("utf-8")  # printable: no lone surrogate left


@given(hostile)
def test_markdown_cell_cannot_open_anything(text: str) -> None:
    cell = markdown_cell(text)
    assert "\n" not in cell
    assert "\r" not in cell
    assert "<" not in cell
    assert _unescaped_pipes(cell) == 0
    assert not re.search(r"(?<!\\)[`\[\]]", cell.replace("\\\\", ""))


@given(hostile)
def test_markdown_code_is_one_span(text: str) -> None:
    code = markdown_code(text)
    assert "\n" not in code
    assert _unescaped_pipes(code) == 0
    if code:
        fence = re.match("`+", code)
        assert fence is not None
        inner = code[fence.end() : len(code) - fence.end()]
        assert code.endswith(fence.group())
        # CommonMark: no backtick run inside the span is as long as its fence
        assert all(len(run) != fence.end() for run in re.findall("`+", inner))
        assert not inner.startswith("`")
        assert not inner.endswith("`")


@given(hostile)
def test_github_values_stay_one_command(text: str) -> None:
    data, prop = github_data(text), github_property(text)
    for value in (data, prop):
        assert "\n" not in value
        assert "\r" not in value
    assert "::" not in prop
    assert "," not in prop


# -- reports ----------------------------------------------------------------------------


def _unescaped_pipes(line: str) -> int:
    """Cell separators as GitHub counts them: a pipe not directly after a backslash."""
    return len(re.findall(r"(?<!\\)\|", line))


def _results(source: str, pointer: str, message: str) -> list[DocumentResult]:
    bad = Violation(source, None, "job_start_event", pointer, "/properties", "type", message)
    line = Violation(source, 3, None, pointer, "", message, message)
    return [
        DocumentResult(source, None, "job_start_event", (bad, bad._replace(keyword="required"))),
        DocumentResult(source, 3, None, (line,)),
        DocumentResult(source, 4, "job_start_event"),
        DocumentResult(source + ".json", None, "job_start_event"),
    ]


def _render(fmt: validation.Format, results: list[DocumentResult], color: bool = False) -> str:
    out = io.StringIO()
    reporter = validation.create(fmt, out, color=color)
    summary = Summary(sources=1)
    for result in results:
        summary.add(result)
        reporter.document(result)
    reporter.finish(summary)
    return out.getvalue()


VIOLATIONS = 3  # in _results
_OUR_COLOURS = re.compile(r"\x1b\[(?:0|1|31|32|36)m")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(source=hostile, pointer=hostile, message=hostile)
def test_validation_reports_survive_hostile_content(
    source: str, pointer: str, message: str
) -> None:
    results = _results(source, pointer, message)

    suites = ET.fromstring(_render("junit", results).encode("utf-8"))
    names = [case.get("name") for case in suites.iter("testcase")]
    assert names[0] == _shown_in_xml(source)
    assert len(names) == 4
    assert len(list(suites.iter("failure"))) == 2

    for color in (False, True):
        text = _render("text", results, color=color)
        lines = text.split("\n")
        assert lines[-1] == ""
        rules = {(v.event, v.keyword, v.schema_path) for r in results for v in r.violations}
        # one line per violation; a blank line, the heading and three lines per rule of the
        # grouped summary; the summary line; the end: hostile content adds no line
        assert len(lines) == VIOLATIONS + 2 + 3 * len(rules) + 2
        assert "\r" not in text
        assert "\x1b" not in _OUR_COLOURS.sub("", text)
        text.encode("utf-8")

    markdown = _render("markdown", results)
    violations_table, _, by_rule = markdown.partition("#### Violations by rule")
    rows = [line for line in violations_table.split("\n") if line.startswith("| ")]
    assert len(rows) == 3 + VIOLATIONS  # the summary's header and row, the table's header
    assert all(_unescaped_pipes(row) == 6 for row in rows)
    rule_rows = [line for line in by_rule.split("\n") if line.startswith("| ")]
    rules = {(v.event, v.keyword, v.schema_path) for r in results for v in r.violations}
    assert len(rule_rows) == 1 + len(rules)  # the header, one row per rule
    assert all(_unescaped_pipes(row) == 8 for row in rule_rows)
    for row in rows[3:]:
        _, source_cell, _, path_cell, rule, said, _ = re.split(r"(?<!\\)\|", row)
        assert all(
            cell.strip() == "" or cell.strip()[0] == "`" for cell in (source_cell, path_cell)
        )
        assert "<" not in rule + said  # raw HTML only ever inside a code span

    github = _render("github", results)
    lines = github.split("\n")
    assert len(lines) == VIOLATIONS + 2
    assert "\r" not in github
    for line in lines[:VIOLATIONS]:
        assert line.startswith("::error ")
        properties = line[len("::error ") : line.index("::", 2)].split(",")
        assert [p.split("=")[0] for p in properties] in (
            ["file", "title"],
            ["file", "line", "title"],
        )


def test_ordinary_text_reports_are_unchanged() -> None:
    violation = Violation("a.json", 2, "e", "/event/x", "/p", "type", 'expected "a": got <1>')
    result = DocumentResult("a.json", 2, "e", (violation,))
    assert validation.text_line(violation) == 'a.json:2:/event/x: expected "a": got <1>'
    rows = [r for r in _render("markdown", [result]).split("\n") if r.startswith("| `")]
    assert rows == ['| `a.json` | 2 | `/event/x` | type | expected "a": got &lt;1&gt; |']


def _probe(name: str, body: bytes) -> Probe:
    return Probe("fuzz", name, Request(body), Expect.REFUSE)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile, body=st.binary(max_size=40), answer=hostile, message=hostile)
def test_consumer_reports_survive_hostile_content(
    name: str, body: bytes, answer: str, message: str
) -> None:
    nasty = b"\x00\x17\x1b[2J" + body
    report = Report(
        "http://127.0.0.1:8000/webhook",
        [
            Outcome(_probe(name, nasty), False, message, 200, answer, {"x": answer}, 1.0),
            Outcome(_probe(name, b"{}"), True, "400 as expected", 400, "", {}, 1.0),
            Outcome(_probe(name, nasty), False, message, after=name),
        ],
        aborted=f"the receiver stopped answering (last probe: {name})",
    )
    junit = io.StringIO()
    consumer_report.write(report, "junit", junit)
    suites = ET.fromstring(junit.getvalue().encode("utf-8"))
    cases = list(suites.iter("testcase"))
    assert len(cases) == 4
    assert cases[0].get("name") == _shown_in_xml(name)
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == _shown_in_xml(message)

    text = io.StringIO()
    consumer_report.write(report, "text", text)
    shown = text.getvalue()
    assert "\x1b" not in shown
    assert "\r" not in shown
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", shown)
    for label in ("  why:      ", "  request:  "):
        assert sum(line.startswith(label) for line in shown.split("\n")) == 2
    # the two failed probes (a contract failure and a crash), and the run that stopped
    assert sum(line.startswith("FAILED  [") for line in shown.split("\n")) == 3


def test_consumer_junit_with_raw_control_bytes_parses() -> None:
    probe = _probe("control characters \x00\x17", b'{"a": "\x00\x17\x1b"}')
    report = Report("http://x/", [Outcome(probe, False, "answered 500", 500, "boom\x00\x1b[0m")])
    out = io.StringIO()
    consumer_report.junit(report, out)
    (failure,) = ET.fromstring(out.getvalue()).iter("failure")
    assert failure.text is not None
    assert 'printf \'{"a": "\\000\\027\\033"}\' | curl ' in failure.text
    assert failure.text.endswith("500 boom\\x00\\x1b[0m")


def test_gate_reports_escape_each_syntax(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    from alfred_contracts.compat.gate import CheckResult, Finding

    finding = Finding("bad | <img src=x> \x1b[31m\n::error::forged", "a,b:c|d.json")
    results = [CheckResult("schemas", "fail", 0.5, [finding])]
    text = io.StringIO()
    contract_report.gate_text(results, text)
    assert "  a,b:c|d.json: bad | <img src=x> \\x1b[31m\\n::error::forged\n" in text.getvalue()
    assert "\x1b" not in text.getvalue()
    markdown = io.StringIO()
    contract_report.gate_markdown(results, markdown)
    assert (
        "- `a,b:c|d.json`: bad \\| &lt;img src=x&gt; \\x1b\\[31m\\n::error::forged\n"
        in markdown.getvalue()
    )
    github = io.StringIO()
    contract_report.gate_github(results, github)
    first = github.getvalue().split("\n")[0]
    assert first == (
        "::error file=a%2Cb%3Ac|d.json,title=gate%3A schemas::"
        "bad | <img src=x> \\x1b[31m%0A::error::forged"
    )
    assert "\x1b" not in github.getvalue()  # an ESC from the content never colours the log


# -- shell words --------------------------------------------------------------------------

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="needs bash")


def _shell(command: str, shell: str | None = BASH) -> bytes:
    assert shell is not None
    done = subprocess.run([shell, "-c", command], capture_output=True, check=True, timeout=10)
    return done.stdout


@needs_bash
@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=64).map(lambda b: b.replace(b"\x00", b"")))
def test_shell_quote_gives_back_the_exact_bytes(data: bytes) -> None:
    assert _shell("printf %s " + shell_quote(data)) == data


@needs_bash
@settings(max_examples=30, deadline=None)
@given(hostile.map(lambda t: t.replace("\x00", "")))
def test_shell_quote_of_text_gives_back_its_utf8(text: str) -> None:
    word = shell_quote(text)
    assert word.isprintable()
    expected = text.encode("utf-8", "surrogateescape" if _escapable(text) else "surrogatepass")
    assert _shell("printf %s " + word) == expected


def _escapable(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


SHELLS = [path for path in (shutil.which("bash"), shutil.which("dash")) if path]


@pytest.mark.skipif(not SHELLS, reason="needs bash or dash")
@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=64))
def test_shell_printf_writes_the_exact_bytes(data: bytes) -> None:
    command = shell_printf(data)
    assert command.isprintable()
    for shell in SHELLS:  # POSIX printf: bash's builtin and dash's agree
        assert _shell(command, shell) == data


# A stand-in for curl that prints the body it was given (an argument, or stdin for @-).
FAKE_CURL = """curl() {
  while [ "$#" -gt 0 ]; do
    if [ "$1" = --data-binary ]; then
      shift
      if [ "$1" = @- ]; then cat; else printf %s "$1"; fi
    fi
    shift
  done
}
"""


@needs_bash
@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=64))
def test_the_curl_line_sends_exactly_the_body(body: bytes) -> None:
    line = Request(body).curl("http://127.0.0.1:8000/webhook?a=1&b=$x")
    assert line.isprintable()
    assert _shell(FAKE_CURL + line) == body


@needs_bash
@pytest.mark.parametrize("body", [b"\x00\x17", b'{"a": "\x17"}', b"@/etc/passwd", b"\xff'\n"])
def test_the_curl_line_for_awkward_bodies(body: bytes) -> None:
    line = Request(body, "application/json; charset=utf-8").curl("http://x/")
    assert "\n" not in line
    assert _shell(FAKE_CURL + line) == body
