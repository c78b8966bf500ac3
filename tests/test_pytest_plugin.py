"""The pytest plugin, exercised in throw-away pytest sessions (pytester)."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES

GOOD = json.loads((EXAMPLES / "job_start_event" / "integer_event_time.json").read_text())
QUOTED = dict(GOOD, event_time="1685143800")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(
        test_plugin_user_suite=f"""
        import pytest
        from alfred_contracts.testing import assert_conforms as plain_assert_conforms

        GOOD = {GOOD!r}
        QUOTED = {QUOTED!r}

        def test_good(assert_conforms):
            assert_conforms(GOOD)

        def test_quoted_time(assert_conforms):
            assert_conforms(QUOTED)

        def test_forced_event_and_profile(assert_conforms):
            assert_conforms(QUOTED, event="job_start_event", profile="lenient")

        def test_fixtures(alfred_catalog, alfred_validator, alfred_profile):
            assert "job_start_event" in alfred_catalog.names
            assert alfred_validator.profile == alfred_profile
            assert alfred_validator.check(GOOD).valid

        def test_plain_helper_fails_with_pointers():
            bad = dict(GOOD, event_id="nope")
            bad["event"] = dict(GOOD["event"], job_id=5)
            with pytest.raises(AssertionError) as raised:
                plain_assert_conforms(bad)
            message = str(raised.value)
            assert message.splitlines()[0] == (
                "job_start_event payload does not conform (profile strict): 2 violations"
            )
            assert "  /event/job_id: expected a string, got a number: 5" in message
            assert '  /event_id: "nope" is not a UUID' in message
        """
    )
    return pytester


def test_plugin_passes_and_fails_as_the_contract_says(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "-rf")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        [
            "test_plugin_user_suite.py .F... *",
            "_* test_quoted_time _*",
            "E       AssertionError: job_start_event payload does not conform (profile strict): "
            "1 violation",
            'E         /event_time: expected a number, got a string: "1685143800"',
            "test_plugin_user_suite.py:*: AssertionError",
        ]
    )
    result.stdout.fnmatch_lines(["FAILED test_plugin_user_suite.py::test_quoted_time - *"])
    result.stdout.no_fnmatch_line("FAILED *::test_[!q]*")


def test_alfred_profile_option_switches_the_fixtures(project: pytest.Pytester) -> None:
    result = project.runpytest("-p", "no:cacheprovider", "--alfred-profile", "lenient")
    result.assert_outcomes(passed=5)


def test_option_is_listed_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--alfred-profile*"])


def test_plugin_is_registered_through_the_entry_point(pytester: pytest.Pytester) -> None:
    without = pytester.runpytest("-p", "no:alfred_contracts", "--alfred-profile", "lenient")
    assert without.ret == pytest.ExitCode.USAGE_ERROR  # the option does not exist
    without.stderr.fnmatch_lines(["*: error: unrecognized arguments: --alfred-profile"])
    with_plugin = pytester.runpytest("--alfred-profile", "lenient")
    assert with_plugin.ret == pytest.ExitCode.NO_TESTS_COLLECTED  # the option is accepted
