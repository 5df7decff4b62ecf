"""``openiep deadlines``: the table, the JSON, the event list, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openiep.compliance.events import EVENTS
from openiep.compliance.tests.test_school_calendars import SPRINGFIELD_ICS


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def ics_file(tmp_path) -> Path:
    path = tmp_path / "springfield.ics"
    path.write_text(SPRINGFIELD_ICS)
    return path


def test_table_shows_each_deadline_with_rule_and_citation(ics_file):
    out = run("--state", "TX", "--calendar", str(ics_file), "--event", "referral_received=2026-09-01",
              "--event", "consent_received=2026-11-02", "--today", "2026-11-10")
    assert "Law profile: Texas" in out
    assert "springfield.ics: school years 2026-27, 2027-28." in out
    row = next(line for line in out.splitlines() if line.startswith("2027-01-22"))
    assert "consent_received 2026-11-02" in row and "Tex. Educ. Code §29.004(a)" in row and " open" in row
    assert any(line.startswith("2026-09-23") and "19 TAC §89.1011(b)" in line for line in out.splitlines())
    assert "*" not in row  # a real calendar: not estimated


def test_without_a_calendar_dates_are_starred_as_estimated():
    out = run("--state", "TX", "--event", "consent_received=2026-11-02", "--today", "2026-11-10")
    # Monday to Friday with no holidays: 3-6 Nov 4, then 5 a week through 1 Jan → 44, Mon 4 Jan = 45.
    assert any(line.startswith("2027-01-04*") for line in out.splitlines())
    assert "* estimated" in out


def test_explain_prints_the_arithmetic(ics_file):
    out = run("--state", "GA", "--calendar", str(ics_file), "--event", "consent_received=2026-12-01",
              "--today", "2026-12-02", "--explain")
    assert "Not counted: 2026-12-19 to 2027-01-03 (16 days): Winter Break" in out
    assert "Due: 2027-02-15 (Monday)." in out


def test_json_output_is_machine_readable(ics_file):
    out = run("--state", "wy", "--event", "consent_received=2026-09-14", "--event", "date_of_birth=2015-03-01",
              "--today", "2026-09-20", "--json")
    data = json.loads(out)
    assert (data["jurisdiction"], data["state"], data["calendar_estimated"]) == ("federal", "WY", True)
    evaluation = next(d for d in data["deadlines"] if d["rule_id"] == "initial_evaluation")
    assert (evaluation["due"], evaluation["citation"], evaluation["status"]) == (
        "2026-11-13", "34 CFR §300.301(c)(1)", "open")
    assert evaluation["explanation"][0].startswith("Rule: Initial evaluation completed")


def test_list_events_prints_every_event_name():
    out = run("--list-events")
    assert [line.split()[0] for line in out.splitlines()] == list(EVENTS)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--state is required"),
        (["--state", "ZZ"], "Unknown state code 'ZZ'"),
        (["--state", "TX", "--event", "consent_received"], "write NAME=YYYY-MM-DD"),
        (["--state", "TX", "--event", "consent_received=14/09/2026"], "not a date; use YYYY-MM-DD"),
        (["--state", "TX", "--event", "consent=2026-09-14"], "Unknown event 'consent'"),
        (["--state", "TX", "--event", "referral_received=2026-09-10", "--event", "consent_received=2026-09-01"],
         "consent_received .* is before referral_received"),
        (["--state", "TX", "--calendar", "/nonexistent/cal.ics"], "Cannot read the calendar"),
    ],
)
def test_errors_are_command_errors(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--today", "2026-09-20")


def test_a_bad_calendar_file_is_named(tmp_path):
    bad = tmp_path / "broken.ics"
    bad.write_text("BEGIN:VCALENDAR\nnonsense\nEND:VCALENDAR\n")
    with pytest.raises(CommandError, match="broken.ics: Line 2: not an iCalendar line"):
        run("--state", "TX", "--calendar", str(bad), "--event", "consent_received=2026-09-14")


def _openiep(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENIEP_DEBUG": "true"}
    return subprocess.run(  # noqa: S603 - our own entry point with fixed arguments
        [sys.executable, "-m", "openiep", "deadlines", *args], capture_output=True, text=True, env=env,
        timeout=60, check=False,
    )


def test_from_the_shell_an_error_is_one_line_and_a_non_zero_exit():
    result = _openiep("--state", "TX", "--event", "referral_received=2026-09-10",
                      "--event", "consent_received=2026-09-01")
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "consent_received (2026-09-01) is before referral_received (2026-09-10)" in result.stderr
    assert "Traceback" not in result.stderr


def test_from_the_shell_a_mistyped_option_is_one_line_too():
    result = _openiep("--state", "TX", "--colour")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "unrecognized arguments: --colour" in result.stderr
