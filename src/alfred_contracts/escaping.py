"""One escaping helper per output syntax: markdown, GitHub workflow commands, XML, shell,
terminal, JSON.

Every report writes text it does not control (file names, JSON pointers, messages that
quote event content, a receiver's answer) into some syntax. Each function here makes any
``str`` safe for one syntax, so that content can never change the structure around it:
end a table cell, start a new annotation or line, break an XML document, or send escape
sequences to a terminal. Text without special characters comes back unchanged.

Characters a syntax cannot hold are replaced by a visible escape in the style of Python's
``repr``: ``\\n``, ``\\r``, ``\\t``, ``\\xNN`` below U+0100 (``\\x1b`` for ESC) and
``\\uNNNN`` above (``\\ud800`` for a lone surrogate). These replacements are for people
to read; they are not meant to be decoded back.

A leaf module: it imports nothing from the package.
"""

from __future__ import annotations

import re
import shlex

__all__ = [
    "github_data",
    "github_property",
    "json_text",
    "markdown_cell",
    "markdown_code",
    "one_line",
    "shell_printf",
    "shell_quote",
    "terminal",
    "xml_attr",
    "xml_text",
]

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(char: str) -> str:
    """``\\n``, ``\\x1b``, ``\\ud800``: a visible stand-in for a character."""
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _visible_match(match: re.Match[str]) -> str:
    return _visible(match.group())


# C0 controls, DEL, C1 controls, lone surrogates; (one_line, markdown) U+2028, U+2029.
_CONTROLS = r"\x00-\x1f\x7f-\x9f\ud800-\udfff"
_LINE_BREAKS = r"\u2028\u2029"

# -- markdown (GitHub-flavoured) --------------------------------------------------------

_MARKDOWN_CELL = re.compile(rf"[\\|`\[\]<>&{_CONTROLS}{_LINE_BREAKS}]")
_MARKDOWN_ESCAPES = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}


def _markdown_cell_char(match: re.Match[str]) -> str:
    char = match.group()
    escaped = _MARKDOWN_ESCAPES.get(char)
    return escaped if escaped is not None else _visible(char)


def markdown_cell(text: str) -> str:
    """``text`` as plain text inside a GitHub-flavoured markdown table cell.

    ``\\``, ``|``, backticks, ``[`` and ``]`` are backslash-escaped (no cell ends, no code
    span or link forms); ``&``, ``<`` and ``>`` become HTML entities (no raw HTML, such as
    ``<img src=...>``, renders); line breaks and every other control character become a
    visible escape (``\\n``, ``\\x1b``), so the row stays one line. Also safe in a list
    item or paragraph. Emphasis characters (``*``, ``_``) are left alone.
    """
    return _MARKDOWN_CELL.sub(_markdown_cell_char, text)


_CODE_UNSAFE = re.compile(rf"[{_CONTROLS}{_LINE_BREAKS}]")
_BACKTICKS = re.compile("`+")


def markdown_code(text: str, *, table: bool = True) -> str:
    """``text`` as an inline code span, delimiters included (``""`` for empty text).

    The fence is one backtick longer than the longest run of backticks in ``text``, and
    padded with a space on each side when ``text`` begins or ends with a backtick or with
    spaces on both ends (CommonMark strips exactly one such space), so no value can end
    the span early. Line breaks and control characters become visible escapes. Inside a
    table (``table=True``) ``|`` is written ``\\|``: GitHub splits cells before it finds
    code spans, and removes that backslash again. Backslashes are otherwise literal in a
    code span and are kept as they are.
    """
    body = _CODE_UNSAFE.sub(_visible_match, text)
    if table:
        body = body.replace("|", "\\|")
    if not body:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(body)), default=0) + 1)
    spaced = body[0] == " " and body[-1] == " " and body.strip(" ")
    if body[0] == "`" or body[-1] == "`" or spaced:
        body = f" {body} "
    return f"{fence}{body}{fence}"


# -- GitHub Actions workflow commands ---------------------------------------------------


#: what a workflow command's message shows escaped (CR and LF are percent-encoded instead)
_GITHUB_VISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def github_data(text: str) -> str:
    """``text`` as the message of a workflow command (``::error ...::message``).

    Control characters other than CR, LF and tab are first made visible as for a terminal
    (an ESC from an event must not colour the log); then ``%``, CR and LF are
    percent-encoded as the runner expects (``%25``, ``%0D``, ``%0A``), so the command
    stays one line and the message shows its line breaks.
    """
    visible = _GITHUB_VISIBLE.sub(_visible_match, text)
    return visible.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """``text`` as a property value of a workflow command (``file=...``, ``title=...``).

    As :func:`github_data`, and ``:`` and ``,`` too (``%3A``, ``%2C``), so a value can
    neither end the property list nor start another property.
    """
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# -- XML 1.0 ----------------------------------------------------------------------------

# Characters XML 1.0 does not allow at all, even as character references.
_XML_FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_TEXT = re.compile(rf"[&<>\r{_XML_FORBIDDEN}]")
_XML_ATTR = re.compile(rf"[&<>\"'\t\n\r{_XML_FORBIDDEN}]")
_XML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}


def _xml_char(match: re.Match[str]) -> str:
    char = match.group()
    escaped = _XML_ESCAPES.get(char)
    return escaped if escaped is not None else _visible(char)


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 character data (the content of an element).

    ``&``, ``<`` and ``>`` become entities and CR a character reference (a parser would
    turn a raw CR into LF). Quotes need no escaping in element content and are kept, so
    the XML stays readable. Characters XML 1.0 forbids even as references (C0 controls other
    than tab, LF and CR, lone surrogates as ``surrogateescape`` or ``surrogatepass``
    leave them in a ``str``, U+FFFE and U+FFFF) become visible escapes such as ``\\x00``
    and ``\\ud800``, so the document always parses and always encodes as UTF-8.
    """
    return _XML_TEXT.sub(_xml_char, text)


def xml_attr(text: str) -> str:
    """``text`` as an XML 1.0 attribute value, to be written between double quotes.

    As :func:`xml_text`, and ``"`` and ``'`` become entities (the value is safe between
    either kind of quote), and tab and LF become character references, so the value
    survives attribute-value normalisation (which turns raw whitespace into spaces).
    """
    return _XML_ATTR.sub(_xml_char, text)


# -- POSIX shell ------------------------------------------------------------------------


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8", "surrogateescape")  # undoes a surrogateescape decode
    except UnicodeEncodeError:
        return data.encode("utf-8", "surrogatepass")


def _chars(data: bytes) -> list[tuple[str, bytes]]:
    """The characters of ``data`` with their bytes; a byte that is not UTF-8 stands alone."""
    text = data.decode("utf-8", "surrogateescape")
    return [(char, char.encode("utf-8", "surrogateescape")) for char in text]


def _plain(data: bytes) -> str | None:
    """``data`` as text when it is valid UTF-8 made only of printable characters."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() else None


def shell_quote(data: bytes | str) -> str:
    """One shell word whose value is exactly ``data`` (a ``str`` stands for its UTF-8).

    Valid UTF-8 made only of printable characters is quoted by :func:`shlex.quote`
    (POSIX: ``'...'``). Anything else (control characters, line breaks, invalid UTF-8)
    uses ANSI-C quoting, ``$'...'``, with ``\\xNN`` for each byte that is not printable:
    the word stays on one line and can be pasted, but it needs bash, zsh or ksh (dash
    does not read ``$'...'``). Printable non-ASCII characters are kept as they are.

    No shell word can hold a NUL byte (arguments are C strings): for ``data`` with one,
    this raises :class:`ValueError`; feed such bytes through a pipe from
    :func:`shell_printf` instead. A ``str`` is encoded with ``surrogateescape`` (so a
    string decoded that way gives back its bytes), else ``surrogatepass``.
    """
    raw = _as_bytes(data)
    if b"\0" in raw:
        raise ValueError("no shell word can hold a NUL byte; pipe it from shell_printf()")
    plain = _plain(raw)
    if plain is not None:
        return shlex.quote(plain)
    out = []
    for char, encoded in _chars(raw):
        if char == "\\" or char == "'":
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append("".join(f"\\x{byte:02x}" for byte in encoded))
    return "$'" + "".join(out) + "'"


def shell_printf(data: bytes | str) -> str:
    """A POSIX ``printf`` command that writes exactly ``data`` to its standard output.

    For bytes no shell word can hold (NUL): ``shell_printf(body) + " | curl ... @-"``.
    The format escapes ``%`` and ``\\`` and writes every byte that is not a printable
    character (and a quote, and a leading ``-`` that would read as an option) as a
    three-digit octal escape (``\\000``), which every POSIX ``printf`` reads (bash,
    dash, zsh, busybox); the command is one printable line.
    """
    out = []
    for char, encoded in _chars(_as_bytes(data)):
        if char == "%":
            out.append("%%")
        elif char == "\\":
            out.append("\\\\")
        elif char.isprintable() and char != "'" and not (char == "-" and not out):
            out.append(char)
        else:
            out.append("".join(f"\\{byte:03o}" for byte in encoded))
    return "printf " + shlex.quote("".join(out))


# -- terminals and line-oriented text ---------------------------------------------------

_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ONE_LINE = re.compile(rf"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff{_LINE_BREAKS}]")


def terminal(text: str) -> str:
    """``text`` safe to print on a terminal: it cannot move the cursor or change colours.

    Every C0 control but LF and tab (so ESC, BEL, backspace and CR too), DEL and every C1
    control (CSI is U+009B) becomes a visible escape such as ``\\x1b``, as does a lone
    surrogate (it could not be encoded for output). Printable text, non-ASCII included,
    is unchanged.
    """
    return _TERMINAL.sub(_visible_match, text)


def one_line(text: str) -> str:
    """As :func:`terminal`, and LF, U+2028 and U+2029 become visible too.

    For line-oriented reports where one record is one line: text from an event (an
    object key holding ``"\\n::error file=x::"``) can never start a line of its own.
    """
    if text.isascii() and text.isprintable():  # the usual case: nothing to make visible
        return text
    return _ONE_LINE.sub(_visible_match, text)


# -- JSON -------------------------------------------------------------------------------

_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(document: str) -> str:
    """``document`` (what ``json.dumps(..., ensure_ascii=False)`` wrote) safe to print.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 controls (CSI is U+009B), lone
    surrogates, U+2028 and U+2029 as they are; each becomes a ``\\uNNNN`` escape here.
    Outside strings JSON holds only ASCII, so the document still parses, to the same
    value, and no escape sequence reaches a terminal.
    """
    return _JSON_UNSAFE.sub(_json_escape, document)
