"""A small district with deadlines in every state, shared by the compliance page tests.

Today is ``timezone.localdate()``; every date is relative to it.

- Maya Alvarez (Lincoln, case manager Alice): initial evaluation **overdue by 3 days**; an IEP meeting
  deadline **met on time**; a "not before" reevaluation date (never on the dashboard).
- Lena Lake (Lincoln, case manager Carl): **due in 20 days**; an earlier deadline **met 5 days late**.
- Olive Outsider (Washington, case manager Wes): **due in 5 days**.
- Zed Faraway (another district): **overdue by 1 day** — nobody here may ever see him.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from conftest import Cast
from openiep.compliance.models import Deadline
from openiep.compliance.tests.factories import DeadlineFactory
from openiep.people.models import Student, TeamMembership, User
from openiep.people.tests.factories import (
    DistrictFactory,
    SchoolFactory,
    StudentFactory,
    TeamMembershipFactory,
    UserFactory,
)


@dataclass
class Scenario:
    cast: Cast
    today: date
    lena: Student
    zed: Student
    carl: User
    wes: User
    maya_overdue: Deadline
    maya_met: Deadline
    lena_month: Deadline
    lena_late: Deadline
    olive_week: Deadline
    zed_overdue: Deadline


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def build_scenario(cast: Cast) -> Scenario:
    today = timezone.localdate()
    alice = cast["case_manager"]
    carl = UserFactory(username="carl.cm", first_name="Carl", last_name="Case", role=User.Role.CASE_MANAGER,
                       district=cast.district, school=cast.lincoln)
    wes = UserFactory(username="wes.cm", first_name="Wes", last_name="West", role=User.Role.CASE_MANAGER,
                      district=cast.district, school=cast.washington)
    lena = StudentFactory(district=cast.district, school=cast.lincoln, first_name="Lena", last_name="Lake")
    TeamMembershipFactory(student=lena, member=carl, role=TeamMembership.TeamRole.CASE_MANAGER)
    TeamMembershipFactory(student=cast.outsider, member=wes, role=TeamMembership.TeamRole.CASE_MANAGER)
    elsewhere = DistrictFactory(name="Elsewhere", state="TX")
    zed = StudentFactory(district=elsewhere, school=SchoolFactory(district=elsewhere, name="Faraway High"),
                         first_name="Zed", last_name="Faraway")
    zed_manager = UserFactory(role=User.Role.CASE_MANAGER, district=elsewhere)
    _earliest(cast)
    return Scenario(
        cast=cast, today=today, lena=lena, zed=zed, carl=carl, wes=wes,
        maya_overdue=DeadlineFactory(student=cast.student, responsible=alice, due_on=days(-3), cycle="referral-1"),
        maya_met=DeadlineFactory(
            student=cast.student, responsible=alice, rule_id="iep_meeting_after_eligibility", cycle="referral-1",
            label="Hold the IEP meeting within 30 days of eligibility", citation="34 CFR §300.323(c)(1)",
            start_event="eligibility_determined", done_event="iep_meeting_held", due_on=days(-40), done_on=days(-45),
        ),
        lena_month=DeadlineFactory(student=lena, responsible=carl, due_on=days(20), cycle="referral-2"),
        lena_late=DeadlineFactory(
            student=lena, responsible=carl, rule_id="consent_request_after_referral", cycle="referral-2",
            label="Ask the parent for consent within 30 days of the referral", citation="OAC 3301-51-06",
            start_event="referral_received", done_event="consent_requested", due_on=days(-60), done_on=days(-55),
        ),
        olive_week=DeadlineFactory(student=cast.outsider, responsible=wes, due_on=days(5), cycle="referral-3"),
        zed_overdue=DeadlineFactory(student=zed, responsible=zed_manager, due_on=days(-1), cycle="referral-4"),
    )


def _earliest(cast: Cast) -> Deadline:
    """A "not before" date: it is not something to meet, so it never shows on the dashboard."""
    return DeadlineFactory(
        student=cast.student, responsible=cast["case_manager"], rule_id="reevaluation_earliest", cycle="",
        kind=Deadline.Kind.EARLIEST, label="No reevaluation before one year", due_on=days(-2),
        start_event="eligibility_determined", done_event="",
    )
