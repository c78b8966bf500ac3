"""The corpus checks, implemented once: the gate and the test suite both call these.

The corpus of an event is

* ``contracts/examples/<event>/*.json``: each valid under both profiles;
* ``contracts/counterexamples/<event>/*.json``: each fails exactly as its entry in the
  folder's ``expected.toml`` declares: the ``[instance_path, keyword]`` pairs under each
  profile (``strict``, ``lenient``), and, when the entry has ``contains``, a fragment
  that a strict message must include;
* ``contracts/vendor/<event>/``: the vendor's documented example, which fails exactly as
  its ledger says (see :mod:`alfred_contracts.schema.ledger`).

Both engines must give the same verdict on all of it.

Each ``*_problems`` function judges one item and returns what is wrong with it as
sentences; an empty list means the item passes. Nothing here prints or raises for bad
corpus *content*; a manifest that cannot be read at all is a :class:`SchemaError`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from alfred_contracts.engines import EngineName
from alfred_contracts.errors import SchemaError
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.refs import resolve_pointer
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.ledger import PARSE_FAILURE, Ledger, visible_part
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document
from alfred_contracts.violations import KEYWORD_EVENT_NAME, DocumentResult

PROFILES = ("strict", "lenient")
MANIFEST = "expected.toml"
#: the keys an ``expected.toml`` entry may have (``why`` and both profiles are required)
ENTRY_KEYS = frozenset({"why", "strict", "lenient", "contains"})

Entry = dict[str, Any]


# -- where the corpus lives --------------------------------------------------------------


def examples_dir(root: Path) -> Path:
    return root / "contracts" / "examples"


def counterexamples_dir(root: Path) -> Path:
    return root / "contracts" / "counterexamples"


def vendor_dir(root: Path) -> Path:
    return root / "contracts" / "vendor"


def example_files(root: Path) -> list[Path]:
    """Every example below ``root/contracts/examples``, in sorted order."""
    return sorted(examples_dir(root).rglob("*.json"))


def counterexample_files(root: Path) -> list[Path]:
    """Every counterexample below ``root/contracts/counterexamples``, in sorted order."""
    return sorted(counterexamples_dir(root).rglob("*.json"))


def checkers(catalog: Catalog, engine: EngineName = "rs") -> dict[str, Checker]:
    """One checker per profile, by profile name."""
    return {profile: Checker(catalog, profile=profile, engine=engine) for profile in PROFILES}


# -- the expected.toml manifests ---------------------------------------------------------


def load_manifest(manifest: Path) -> dict[str, Entry]:
    """One ``expected.toml``: its entries by file name."""
    try:
        data = tomllib.loads(manifest.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SchemaError(f"{manifest}: not a usable {MANIFEST} ({error})") from None
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise SchemaError(f"{manifest}: {name!r} is not a table")
    return data


def manifests(root: Path) -> list[Path]:
    """Every ``expected.toml`` below ``root/contracts/counterexamples``, in sorted order."""
    return sorted(counterexamples_dir(root).rglob(MANIFEST))


def expectations(root: Path) -> dict[Path, Entry]:
    """Every entry of every ``expected.toml``, by the path of the file it describes."""
    found: dict[Path, Entry] = {}
    for manifest in manifests(root):
        for name, entry in load_manifest(manifest).items():
            found[manifest.parent / name] = entry
    return found


def manifest_problems(root: Path, expected: Mapping[Path, Entry]) -> list[tuple[Path, str]]:
    """Counterexamples no manifest describes, and entries that name no file.

    Each problem comes with the path it is about: the counterexample, or the manifest.
    """
    found = [
        (path, f"no entry in {MANIFEST}")
        for path in counterexample_files(root)
        if path not in expected
    ]
    for path in expected:
        if not path.is_file():
            found.append(
                (path.parent / MANIFEST, f"{MANIFEST} names {path.name}, which does not exist")
            )
    return found


def missing_corpus(root: Path, names: Iterable[str], kind: str) -> list[str]:
    """Events with no file in ``contracts/<kind>/<event>/`` (``examples``, ``counterexamples``)."""
    return [
        f"{name} has no {kind} in contracts/{kind}/{name}/"
        for name in names
        if not any((root / "contracts" / kind / name).glob("*.json"))
    ]


# -- one item at a time --------------------------------------------------------------------


def _pairs(checker: Checker, value: object, source: str) -> tuple[list[list[str]], list[str]]:
    """The sorted [instance_path, keyword] pairs and the messages of ``value``'s violations."""
    violations = checker.check(value, source).violations
    return sorted([v.instance_path, v.keyword] for v in violations), [v.message for v in violations]


def example_problems(checker_by_profile: Mapping[str, Checker], path: Path) -> list[str]:
    """Why the example at ``path`` is not valid under every profile given (none: it is)."""
    value = read_document(path)
    return [
        f"{profile}: {v.instance_path or '/'}: {v.message}"
        for profile, checker in checker_by_profile.items()
        for v in checker.check(value, str(path)).violations
    ]


def entry_problems(entry: Mapping[str, Any]) -> list[str]:
    """What is malformed in one ``expected.toml`` entry (none: it is usable)."""
    found = [f"{MANIFEST}: unknown key {key!r}" for key in sorted(set(entry) - ENTRY_KEYS)]
    if not isinstance(entry.get("why"), str) or not entry["why"]:
        found.append(f"{MANIFEST}: the entry needs a `why`")
    for profile in PROFILES:
        pairs = entry.get(profile)
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p)
            for p in pairs
        ):
            found.append(f"{MANIFEST}: `{profile}` must be a list of [instance_path, keyword]")
    if "contains" in entry and (not isinstance(entry["contains"], str) or not entry["contains"]):
        found.append(f"{MANIFEST}: `contains` must be a non-empty string")
    return found


def counterexample_problems(
    checker_by_profile: Mapping[str, Checker], path: Path, entry: Mapping[str, Any]
) -> list[str]:
    """Why the counterexample at ``path`` does not fail as ``entry`` declares (none: it does).

    Under each profile given, the violations must be exactly the entry's
    ``[instance_path, keyword]`` pairs; when the entry has ``contains``, one of the strict
    messages must include that fragment.
    """
    malformed = entry_problems(entry)
    if malformed:
        return malformed
    value = read_document(path)
    found = []
    for profile, checker in checker_by_profile.items():
        got, messages = _pairs(checker, value, str(path))
        if got != sorted(entry[profile]):
            found.append(f"{profile}: expected {entry[profile]}, got {got}")
        fragment = entry.get("contains")
        if profile != "strict" or fragment is None:
            continue
        if not any(fragment in message for message in messages):
            shown = " | ".join(messages) or "(none)"
            found.append(f"strict: no message contains {fragment!r}; the messages: {shown}")
    return found


def _exists(document: object, pointer: str) -> bool:
    """Whether the JSON Pointer ``pointer`` names a node of ``document``."""
    try:
        resolve_pointer(document, pointer)
    except (LookupError, ValueError):  # leads nowhere, or is not a pointer at all
        return False
    return True


def ledger_problems(checker_by_profile: Mapping[str, Checker], book: Ledger) -> list[str]:
    """Where the vendor's documented example does not fail exactly as ``book`` says.

    Every discrepancy's path must exist in the example, the example must route to the
    ledger's event, and under each profile given its violations must be exactly the
    ledgered (instance_path, keyword) pairs. A cut-off example must fail to parse, and its
    visible part must fail with exactly the other pairs; a ledger without an example may
    expect nothing (see :mod:`alfred_contracts.schema.ledger`). An example (or visible
    part) that stops before its ``event_name`` cannot be routed; it is checked as the
    ledger's event, since the page it was copied from says which event it is.
    """
    if book.documented_example is None:
        return [
            f"{record.id}: expects a violation, but there is no documented example"
            for record in book.discrepancies
            if record.strict or record.lenient
        ]
    value = read_document(book.documented_example)
    found: list[str] = []
    if book.cut_off:
        for profile, checker in checker_by_profile.items():
            whole = {(v.instance_path, v.keyword) for v in checker.check(value).violations}
            want = book.expected(profile) & {PARSE_FAILURE}
            if whole != want:
                found.append(
                    f"{book.event} ({profile}): the cut-off example gives {sorted(whole)}, "
                    f"the ledger says {sorted(want)}"
                )
        value = visible_part(book.documented_example.read_bytes())
    found += [
        f"{record.id}: {record.path} is not in the documented example"
        for record in book.discrepancies
        if not _exists(value, record.path)
        # a cut-off example may record decisions about fields past the cut
        and not (book.cut_off and not record.strict and not record.lenient)
    ]
    for profile, checker in checker_by_profile.items():
        result = _check_documented(checker, value, book)
        if result.event != book.event and not isinstance(value, ParseFailure):
            found.append(
                f"{book.event} ({profile}): the documented example is checked as "
                f"{result.event or 'no event'}"
            )
        got = {(v.instance_path, v.keyword) for v in result.violations}
        want = book.expected(profile) - ({PARSE_FAILURE} if book.cut_off else set())
        if got != want:
            part = "visible part of the example" if book.cut_off else "documented example"
            found.append(
                f"{book.event} ({profile}): the {part} gives {sorted(got)}, "
                f"the ledger says {sorted(want)}"
            )
    return found


#: how :meth:`Catalog.route` says a document names no event at all (no event object, or
#: no event_name in it), as (instance_path, keyword)
_NAMELESS = frozenset({("", KEYWORD_EVENT_NAME), ("/event", KEYWORD_EVENT_NAME)})


def _check_documented(checker: Checker, value: object, book: Ledger) -> DocumentResult:
    """Check a vendor example; one that names no event is checked as the ledger's event."""
    source = str(book.documented_example)
    routed = checker.catalog.route(value)
    if type(routed) is tuple and routed[:2] in _NAMELESS:
        found = checker.violations(book.event, value, source)
        return DocumentResult(source, None, book.event, found)
    return checker.check(value, source)


def engine_corpus_files(root: Path, ledgers: Iterable[Ledger] = ()) -> list[Path]:
    """The files both engines must agree on: examples, counterexamples, vendor examples."""
    vendor = sorted(book.documented_example for book in ledgers if book.documented_example)
    return [*example_files(root), *counterexample_files(root), *vendor]


def engine_disagreements(fast: Checker, reference: Checker, value: object) -> list[str]:
    """How the two checkers' verdicts on ``value`` differ (none: they agree).

    The verdict is the event it is checked as and the set of (instance_path, keyword)
    pairs of its violations (none: valid).
    """
    ours, theirs = fast.check(value), reference.check(value)
    a = sorted({(v.instance_path, v.keyword) for v in ours.violations})
    b = sorted({(v.instance_path, v.keyword) for v in theirs.violations})
    if (ours.event, a) == (theirs.event, b):
        return []
    found = []
    if ours.event != theirs.event:
        found.append(f"jsonschema-rs checks it as {ours.event}, the reference as {theirs.event}")
    found.append(f"jsonschema-rs says {a}, the reference says {b}")
    return found
