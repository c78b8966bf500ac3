"""The pytest plugin, registered through the ``pytest11`` entry point.

Adds ``--alfred-profile strict|lenient`` (default strict) and these fixtures:

* ``alfred_profile``: the chosen profile name;
* ``alfred_catalog``: the bundled :class:`~alfred_contracts.schema.catalog.Catalog`;
* ``alfred_validator``: a :class:`~alfred_contracts.validation.checker.Checker` for that profile;
* ``assert_conforms``: :func:`alfred_contracts.testing.assert_conforms` with the
  profile defaulting to ``--alfred-profile``;
* ``verify_consumer``: :func:`alfred_contracts.testing.verify_consumer`, the consumer
  contract run in-process against your ASGI or WSGI receiver (needs the ``[consumer]``
  extra).

Importing this module costs nothing but pytest (the ``[testing]`` extra) and the core
install: everything else loads when a fixture is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from alfred_contracts.schema.catalog import Catalog
    from alfred_contracts.validation.checker import Checker

OPTION = "--alfred-profile"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("alfred-contracts", "Alfred event contracts")
    group.addoption(
        OPTION,
        action="store",
        choices=("strict", "lenient"),
        default="strict",
        help="profile for the alfred_validator and assert_conforms fixtures (default: strict)",
    )


@pytest.fixture(scope="session")
def alfred_profile(pytestconfig: pytest.Config) -> str:
    """The profile chosen with ``--alfred-profile``."""
    return str(pytestconfig.getoption(OPTION))


@pytest.fixture(scope="session")
def alfred_catalog() -> Catalog:
    """Every bundled event schema."""
    from alfred_contracts.schema.catalog import Catalog

    return Catalog.load()


@pytest.fixture(scope="session")
def alfred_validator(alfred_catalog: Catalog, alfred_profile: str) -> Checker:
    """A validator for the chosen profile: ``alfred_validator.check(payload).violations``."""
    from alfred_contracts.validation.checker import Checker

    return Checker(alfred_catalog, profile=alfred_profile)


@pytest.fixture
def assert_conforms(alfred_profile: str) -> Callable[..., None]:
    """``assert_conforms(payload, event=None, profile=<--alfred-profile>)``."""
    from alfred_contracts.testing import assert_conforms as check

    def conforms(payload: Any, event: str | None = None, profile: str | None = None) -> None:
        __tracebackhide__ = True
        check(payload, event=event, profile=profile or alfred_profile)

    return conforms


@pytest.fixture
def verify_consumer() -> Callable[..., Any]:
    """``verify_consumer(app, path="/webhook", max_examples=25, seed=0, strict=False)``.

    Fails with every contract failure listed (advice too with ``strict=True``); needs the
    ``[consumer]`` extra, and without it fails the test at setup with one line saying
    what to install."""
    from alfred_contracts.errors import MissingExtra
    from alfred_contracts.extras import require

    try:
        require("consumer", what="the verify_consumer fixture")
    except MissingExtra as error:
        pytest.fail(str(error), pytrace=False)
    from alfred_contracts.testing import verify_consumer as run

    return run
