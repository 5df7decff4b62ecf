"""SPP/APR indicators on small hand-built districts, answers computed by hand in each test."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.iep.tests.factories import GoalFactory
from openiep.meetings.models import Participant
from openiep.meetings.tests.factories import MeetingFactory, ParticipantFactory
from openiep.reporting import rules, selectors
from openiep.reporting.tests.builders import COUNT_DATE, build_district, child, school_year

pytestmark = pytest.mark.django_db


def test_indicator_5_is_shares_of_the_school_age_count(cast):
    build_district(cast)  # FS002: RC80 3, RC79TO40 1, RC39 1, SS 1 (6 children)
    count = selectors.child_count(COUNT_DATE, cast["district_admin"])
    shares = {s.key: (s.numerator, s.denominator, s.percent)
              for s in selectors.environment_indicator(count, rules.FS002)}
    assert shares == {"5A": (3, 6, 50.0), "5B": (1, 6, 16.7), "5C": (1, 6, 16.7)}


def test_indicator_6_is_shares_of_the_early_childhood_count(cast):
    school_year(cast.district)
    for name, env in [("A", "REC10YSVCS"), ("B", "REC09YSVCS"), ("C", "REC10YOTHLOC"), ("D", "SC"), ("E", "RF"),
                      ("F", "H"), ("G", "SPL"), ("H", "SS")]:
        child(cast.lincoln, name, born=date(2022, 5, 1), grade="PK", category="developmental_delay",
              environment=env)
    count = selectors.child_count(COUNT_DATE, cast["district_admin"])
    shares = {s.key: (s.numerator, s.denominator, s.percent)
              for s in selectors.environment_indicator(count, rules.FS089)}
    # 6A: REC10YSVCS + REC09YSVCS = 2 of 8; 6B: SC + SS + RF = 3 of 8; 6C: H = 1 of 8.
    assert shares == {"6A": (2, 8, 25.0), "6B": (3, 8, 37.5), "6C": (1, 8, 12.5)}


def test_indicators_without_children_have_no_percentage(cast):
    school_year(cast.district)
    count = selectors.child_count(COUNT_DATE, cast["district_admin"])
    assert [s.percent for s in selectors.environment_indicator(count, rules.FS002)] == [None, None, None]


COMPLETE = {"postsecondary_education_goal": "Attend the community college's culinary program.",
                "postsecondary_employment_goal": "Work as a line cook.",
                "transition_assessments": "Career interest inventory (Sept 2026).",
                "transition_services": "Job shadowing at a restaurant; visit to the college.",
                "course_of_study": "Career and technical education: culinary pathway.",
                "agencies_invited": "Vocational rehabilitation, with the parent's consent."}


def youth(cast, name, *, born=date(2009, 1, 1), start=date(2026, 9, 1), goal=True, invited=True, **fields):
    from openiep.iep.tests.factories import InEffectIEPFactory
    from openiep.people.tests.factories import StudentFactory
    from openiep.reporting.tests.builders import decide

    student = StudentFactory(district=cast.district, school=cast.lincoln, last_name=name, date_of_birth=born,
                             grade="12")
    decide(student, on=date(2026, 2, 1))
    meeting = MeetingFactory(student=student)
    if invited:
        ParticipantFactory(meeting=meeting, role=Participant.Role.STUDENT, name="The student")
    iep = InEffectIEPFactory(student=student, start_date=start, end_date=date(2027, 8, 31), meeting=meeting,
                             environment_code="RC80", **{**COMPLETE, **fields})
    if goal:
        GoalFactory(iep=iep, area="transition", statement="Will complete three job applications.")
    return student


def test_indicator_13_counts_youth_whose_iep_has_every_transition_component(cast):
    school_year(cast.district)
    youth(cast, "Complete")
    youth(cast, "NoGoal", goal=False)
    youth(cast, "NotInvited", invited=False)
    youth(cast, "NoCourse", course_of_study="")
    youth(cast, "NoEmployment", postsecondary_employment_goal="  ")
    youth(cast, "Fifteen", born=date(2011, 1, 1))  # 15 when the IEP started: not in the indicator
    youth(cast, "LastYear", start=date(2026, 3, 1))  # started before the period
    result = selectors.indicator_13(date(2026, 7, 1), date(2027, 6, 30), cast["district_admin"])
    assert {r.name.split(",")[0]: len(r.missing) for r in result.rows} == {
        "Complete": 0, "NoGoal": 1, "NotInvited": 1, "NoCourse": 1, "NoEmployment": 1}
    # 1 of 5 youth aged 16+ with an IEP started in the period has every component.
    assert (result.numerator, result.denominator, result.percent) == (1, 5, 20.0)


def part_c_child(cast, name, *, born, referred, decided=None, eligible=True, iep_start=None, refused=False,
                 source="early_intervention"):
    from datetime import timedelta

    from openiep.iep.tests.factories import InEffectIEPFactory
    from openiep.people.tests.factories import StudentFactory
    from openiep.referrals.models import Consent
    from openiep.referrals.tests.factories import ConsentFactory, ReferralFactory
    from openiep.reporting.tests.builders import decide

    student = StudentFactory(district=cast.district, school=cast.lincoln, last_name=name, date_of_birth=born,
                             grade="PR")
    referral = ReferralFactory(student=student, received_on=referred, source=source)
    if refused:
        ConsentFactory(referral=referral, status=Consent.Status.REFUSED, requested_on=referred,
                       responded_on=referred + timedelta(days=5))
    if decided:
        decide(student, on=decided, eligible=eligible, category="developmental_delay")
    if iep_start:
        InEffectIEPFactory(student=student, start_date=iep_start, end_date=iep_start + timedelta(days=364))
    return student


def test_indicator_12_follows_each_part_c_referral_to_the_third_birthday(cast):
    part_c_child(cast, "OnTime", born=date(2023, 11, 10), referred=date(2026, 7, 15), decided=date(2026, 10, 1),
                 iep_start=date(2026, 11, 10))  # c: the IEP starts on the third birthday
    part_c_child(cast, "LateIEP", born=date(2023, 12, 1), referred=date(2026, 7, 10), decided=date(2026, 11, 1),
                 iep_start=date(2026, 12, 2))  # late by a day
    part_c_child(cast, "NotEligible", born=date(2024, 1, 15), referred=date(2026, 8, 1),
                 decided=date(2026, 12, 1), eligible=False)  # b
    part_c_child(cast, "DecidedAfter", born=date(2023, 10, 1), referred=date(2026, 7, 1),
                 decided=date(2026, 10, 5), eligible=False)  # not eligible, but decided after the birthday: late
    part_c_child(cast, "Refused", born=date(2024, 2, 1), referred=date(2026, 9, 1), refused=True)  # d
    part_c_child(cast, "Short", born=date(2023, 9, 20), referred=date(2026, 8, 1))  # e: 50 days before
    part_c_child(cast, "Teacher", born=date(2023, 9, 20), referred=date(2026, 8, 1), source="teacher")  # not Part C
    part_c_child(cast, "Earlier", born=date(2023, 9, 20), referred=date(2026, 6, 1))  # before the period
    result = selectors.indicator_12(date(2026, 7, 1), date(2027, 6, 30), cast["district_admin"])
    assert {r.name.split(",")[0]: r.outcome for r in result.rows} == {
        "OnTime": "c", "LateIEP": "late", "NotEligible": "b", "DecidedAfter": "late", "Refused": "d", "Short": "e"}
    # a = 6; c / (a - b - d - e - f) = 1 / (6 - 1 - 1 - 1 - 0) = 33.3%
    assert (result.referred, result.denominator, result.count("c"), result.percent) == (6, 3, 1, 33.3)


def test_a_child_born_on_february_29_turns_three_on_february_28():
    assert rules.third_birthday(date(2024, 2, 29)) == date(2027, 2, 28)
