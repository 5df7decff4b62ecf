"""The school calendar page and ``openiep import-calendar``: one service, a clear error for a bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from openiep.compliance.models import CalendarUpload, Deadline
from openiep.compliance.tests.test_school_calendars import SPRINGFIELD_ICS
from openiep.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db

URL = "/compliance/calendar/"
BAD_ICS = "BEGIN:VCALENDAR\nnot a calendar"


@pytest.fixture
def texas_case(cast):
    """Maya in Texas (school days), referred with consent: her evaluation date needs the calendar."""
    cast.district.state = "TX"
    cast.district.save()
    referral = Referral.objects.create(student=cast.student, received_on=date(2026, 9, 1), source="teacher",
                                       reason="Reading", created_by=cast["case_manager"])
    Consent.objects.create(student=cast.student, referral=referral, kind="initial_evaluation", status="granted",
                           requested_on=date(2026, 9, 8), responded_on=date(2026, 9, 14),
                           created_by=cast["case_manager"])
    return cast


def ics_file(text: str = SPRINGFIELD_ICS, name: str = "springfield.ics") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/calendar")


def test_the_district_administrator_uploads_a_calendar_and_sees_the_recompute_report(client, texas_case):
    client.force_login(texas_case["district_admin"])
    assert "No school calendar has been uploaded" in client.get(URL).content.decode()
    response = client.post(URL, {"file": ics_file()})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.students, report.failed) == (1, {})
    assert report.deadlines == Deadline.objects.count() > 0
    page = response.content.decode()
    assert "Calendar saved; deadlines recomputed" in page
    assert "springfield.ics" in page and "school years 2026-27, 2027-28" in page
    upload = CalendarUpload.objects.get()
    assert upload.uploaded_by == texas_case["district_admin"] and upload.district == texas_case.district
    assert not Deadline.objects.get(rule_id="initial_evaluation").estimated


def test_a_calendar_that_does_not_parse_is_refused_with_the_parser_s_message_at_the_field(client, texas_case):
    client.force_login(texas_case["district_admin"])
    response = client.post(URL, {"file": ics_file(BAD_ICS, "bad.ics")})
    form = response.context["form"]
    assert form.errors["file"]
    assert form.errors["file"] == ["Line 2: not an iCalendar line (NAME:value expected): 'not a calendar'."]
    assert 'href="#id_file"' in response.content.decode()  # the error summary points at the field
    assert not CalendarUpload.objects.exists()


def test_a_file_over_1_mb_is_refused_before_parsing(client, texas_case):
    client.force_login(texas_case["district_admin"])
    big = SPRINGFIELD_ICS + ("X-FILLER:" + "x" * 70 + "\n") * 16_000
    response = client.post(URL, {"file": ics_file(big)})
    assert "at most 1 MB" in response.context["form"].errors["file"][0]
    assert not CalendarUpload.objects.exists()


def test_a_binary_file_is_refused_at_the_field(client, texas_case):
    client.force_login(texas_case["district_admin"])
    upload = SimpleUploadedFile("calendar.pdf", b"%PDF-1.7 \xff\xfe\x00", content_type="application/pdf")
    response = client.post(URL, {"file": upload})
    assert "not UTF-8" in response.context["form"].errors["file"][0]
    assert not CalendarUpload.objects.exists()


def test_posting_without_a_file_asks_for_one(client, texas_case):
    client.force_login(texas_case["district_admin"])
    response = client.post(URL, {})
    assert response.context["form"].errors["file"] == ["This field is required."]


@pytest.mark.parametrize("role", ["school_admin", "auditor", "case_manager"])
def test_other_compliance_roles_see_the_calendar_in_force_but_may_not_replace_it(client, texas_case, role):
    client.force_login(texas_case[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Upload a new calendar" not in response.content.decode()
    assert client.post(URL, {"file": ics_file()}).status_code == 403
    assert not CalendarUpload.objects.exists()


def test_the_command_imports_the_calendar_and_reports_the_recompute(texas_case, tmp_path, capsys):
    path = tmp_path / "springfield.ics"
    path.write_text(SPRINGFIELD_ICS)
    call_command("import_calendar", str(path), district_id=texas_case.district.pk)
    out = capsys.readouterr().out
    assert "school years 2026-27, 2027-28" in out
    assert "Recomputed 1 students" in out and "0 could not be computed" in out
    assert CalendarUpload.objects.get().uploaded_by == texas_case["district_admin"]


def test_the_command_refuses_a_bad_file_with_the_parser_s_message_and_changes_nothing(texas_case, tmp_path):
    path = tmp_path / "bad.ics"
    path.write_text(BAD_ICS)
    with pytest.raises(CommandError, match=r"bad\.ics: Line 2"):
        call_command("import_calendar", str(path), district_id=texas_case.district.pk)
    assert not CalendarUpload.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"district_id": 999999}, "No district with id 999999"),
        ({"by": "nobody"}, "No user 'nobody'"),
        ({"by": "alice.cm"}, "is not a district administrator"),
    ],
)
def test_the_command_explains_what_is_wrong(texas_case, tmp_path, arguments, message):
    path = tmp_path / "springfield.ics"
    path.write_text(SPRINGFIELD_ICS)
    with pytest.raises(CommandError, match=message):
        call_command("import_calendar", str(path), **{"district_id": texas_case.district.pk, **arguments})


def test_the_command_says_when_the_file_is_missing(texas_case, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_calendar", str(tmp_path / "missing.ics"), district_id=texas_case.district.pk)


def test_from_the_shell_a_bad_file_is_one_line_on_stderr_and_a_non_zero_exit(tmp_path):
    path = tmp_path / "bad.ics"
    path.write_text(BAD_ICS)
    # The file is refused before any database is opened: the scratch database below is never created.
    env = {**os.environ, "OPENIEP_DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run(  # noqa: S603 - our own entry point with fixed arguments
        [sys.executable, "-m", "openiep", "import-calendar", "--district-id", "1", str(path)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "bad.ics: " in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "unused.sqlite3").exists()
