"""The daily digest: each person responsible gets their overdue deadlines and those due within 7 days."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from openiep.compliance.tasks import send_deadline_digests
from openiep.compliance.tests.factories import DeadlineFactory
from openiep.compliance.tests.scenario import build_scenario, days
from openiep.people.models import TeamMembership, User
from openiep.people.tests.factories import StudentFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def scenario(cast):
    """Alice: Maya overdue by 3 days and due in 2 days. Carl: Lena due in 7 days (and in 20, not listed).
    Wes: Olive due in 5 days. Not emailed: Tom (left the team), Nia (no email), Zed's manager (not on his team)."""
    s = build_scenario(cast)
    alice = cast["case_manager"]
    DeadlineFactory(student=cast.student, responsible=alice, rule_id="consent_request_after_referral",
                    label="Ask the parent for consent", due_on=days(2), cycle="referral-1")
    DeadlineFactory(student=s.lena, responsible=s.carl, rule_id="iep_meeting_after_eligibility",
                    label="Hold the IEP meeting", due_on=days(7), cycle="referral-2")
    tom = UserFactory(username="tom.cm", role=User.Role.CASE_MANAGER, district=cast.district, email="tom@example.org")
    moved = StudentFactory(district=cast.district, school=cast.lincoln, last_name="Moved")
    TeamMembershipFactory(student=moved, member=tom, role=TeamMembership.TeamRole.CASE_MANAGER, end_date=days(-1))
    DeadlineFactory(student=moved, responsible=tom, due_on=days(-4))
    nia = UserFactory(username="nia.cm", role=User.Role.CASE_MANAGER, district=cast.district, email="")
    quiet = StudentFactory(district=cast.district, school=cast.lincoln, last_name="Quiet")
    TeamMembershipFactory(student=quiet, member=nia, role=TeamMembership.TeamRole.CASE_MANAGER)
    DeadlineFactory(student=quiet, responsible=nia, due_on=days(-4))
    return s


def by_recipient(outbox) -> dict[str, object]:
    return {message.to[0]: message for message in outbox}


def test_the_command_queues_the_task_and_each_person_gets_only_their_own_deadlines(settings, scenario, mailoutbox):
    settings.TASKS = IMMEDIATE
    call_command("send_digests", today=scenario.today.isoformat())
    cast = scenario.cast
    mails = by_recipient(mailoutbox)
    assert set(mails) == {cast["case_manager"].email, scenario.carl.email, scenario.wes.email}
    alice = mails[cast["case_manager"].email]
    assert alice.subject == "OpenIEP: 1 overdue, 1 due this week"
    overdue, soon = alice.body.split("DUE IN THE NEXT 7 DAYS")
    assert "Maya Alvarez: Complete the initial evaluation within 60 days of consent" in overdue
    assert "(3 days ago)" in overdue
    assert "Maya Alvarez: Ask the parent for consent" in soon
    assert "Lena" not in alice.body and "Olive" not in alice.body
    carl = mails[scenario.carl.email]
    assert carl.subject == "OpenIEP: 1 deadline due this week"
    assert "Lena Lake: Hold the IEP meeting" in carl.body
    assert "within 60 days" not in carl.body  # Lena's evaluation is due in 20 days: not this week
    assert "Olive Outsider" in mails[scenario.wes.email].body


def test_the_email_has_a_plain_and_an_html_part_a_link_and_no_student_details(settings, scenario, mailoutbox):
    settings.TASKS = IMMEDIATE
    settings.OPENIEP_BASE_URL = "https://iep.riverside.example.org"
    call_command("send_digests", today=scenario.today.isoformat())
    alice = by_recipient(mailoutbox)[scenario.cast["case_manager"].email]
    html, mimetype = alice.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>Maya Alvarez</strong>" in html
    assert "https://iep.riverside.example.org/compliance/" in alice.body
    assert 'href="https://iep.riverside.example.org/compliance/"' in html
    for detail in (scenario.cast.student.local_id, "Lincoln", "§300.301", str(scenario.cast.student.date_of_birth.year)):
        assert detail not in alice.body and detail not in html


def test_the_task_returns_how_many_emails_and_deadlines(settings, scenario, mailoutbox):
    settings.TASKS = IMMEDIATE
    result = send_deadline_digests.enqueue(scenario.today.isoformat())
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"emails": 3, "deadlines": 4}


def test_without_now_the_digest_waits_in_the_queue_for_the_worker(scenario, mailoutbox, capsys):
    call_command("send_digests", today=scenario.today.isoformat())  # the project's database backend
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "openiep.compliance.tasks.send_deadline_digests"
    assert queued.args_kwargs["args"] == [scenario.today.isoformat()]
    assert "openiep db_worker" in capsys.readouterr().out


def test_with_now_the_digest_is_sent_in_the_command_s_own_process(scenario, mailoutbox, capsys):
    call_command("send_digests", "--now", today=scenario.today.isoformat())
    assert len(mailoutbox) == 3
    assert not DBTaskResult.objects.exists()
    assert "Sent 3 emails listing 4 deadlines" in capsys.readouterr().out


def test_a_later_day_moves_deadlines_into_the_overdue_list(settings, scenario, mailoutbox):
    settings.TASKS = IMMEDIATE
    call_command("send_digests", today=days(14).isoformat())
    mails = by_recipient(mailoutbox)
    # Two weeks on, Carl's meeting (due in 7) is a week overdue and Lena's evaluation (due in 20) is due in 6.
    assert mails[scenario.carl.email].subject == "OpenIEP: 1 overdue, 1 due this week"
    assert "(7 days ago)" in mails[scenario.carl.email].body
    assert mails[scenario.wes.email].subject == "OpenIEP: 1 overdue deadline"


def test_a_day_that_is_not_a_date_is_refused(scenario):
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_digests", today="tomorrow")
