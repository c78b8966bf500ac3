"""A bundled schema needs no other file and gives the same verdicts as the catalog."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from alfred_contracts.parsing import ParseFailure
from alfred_contracts.schema.bundle import bundle
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from corpus import counterexamples, examples, generated


def _refuse(uri: str) -> Any:
    raise AssertionError(f"the bundle tried to fetch {uri}")


@pytest.mark.parametrize("profile", ["strict", "lenient"])
def test_bundle_agrees_with_the_catalog(profile: str, catalog: Catalog) -> None:
    checker = Checker(catalog, profile=profile)
    corpus = [read_document(p) for p in (*examples(), *counterexamples())]
    corpus += [value for _label, value in generated(2400)]
    total = 0
    for name in catalog.names:
        bundled = bundle(catalog, name, profile)  # type: ignore[arg-type]
        assert all(ref.startswith('"#') for ref in json.dumps(bundled).split('"$ref": ')[1:])
        validator = jsonschema_rs.validator_for(bundled, validate_formats=True, retriever=_refuse)
        compared = 0
        for value in corpus:
            if isinstance(value, ParseFailure) or checker.catalog.route(value) != name:
                continue
            assert validator.is_valid(value) == checker.check(value).valid, value
            compared += 1
        assert compared > 40, name  # every event is compared on its own corpus
        total += compared
    assert total > 2000
