"""The pure rules: the required members of 300.321(a)-(b), excusals under 300.321(e), transition, notice timing."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.meetings import rules
from openiep.meetings.rules import Member

FULL_TEAM = [
    Member("Pat Alvarez", "parent", attendance="attended"),
    Member("Charlie Gen", "regular_ed_teacher", attendance="attended"),
    Member("Alice Case", "special_ed_teacher", attendance="attended"),
    Member("Sam School", "lea_representative", attendance="attended"),
    Member("Eve Eval", "evaluation_interpreter", attendance="attended"),
]
DAY = date(2026, 12, 10)


def test_a_full_team_has_no_problems_invited_or_held():
    assert rules.required_member_problems(FULL_TEAM) == []
    assert rules.required_member_problems(FULL_TEAM, held=True, meeting_on=DAY) == []


@pytest.mark.parametrize("missing, words", [
    ("parent", "a parent"),
    ("regular_ed_teacher", "regular education teacher"),
    ("special_ed_teacher", "special education teacher"),
    ("lea_representative", "district representative"),
])
def test_each_required_member_is_named_when_missing(missing, words):
    team = [m for m in FULL_TEAM if m.role != missing]
    problems = rules.required_member_problems(team)
    assert len(problems) == 1 and words in problems[0]


def test_someone_must_interpret_the_evaluations_and_one_of_the_others_may():
    team = [m for m in FULL_TEAM if m.role != "evaluation_interpreter"]
    assert any("interpret the evaluation" in p for p in rules.required_member_problems(team))
    team.append(Member("Sam School", "lea_representative", also_interprets_evaluations=True))
    assert rules.required_member_problems(team) == []


def test_no_regular_teacher_is_needed_when_the_child_is_not_and_will_not_be_in_regular_classes():
    team = [m for m in FULL_TEAM if m.role != "regular_ed_teacher"]
    assert rules.required_member_problems(team, may_be_in_regular_class=False) == []


def test_at_the_meeting_an_invited_member_who_did_not_come_is_a_problem():
    team = [Member(m.name, m.role, attendance="absent" if m.role == "special_ed_teacher" else "attended",
                   also_interprets_evaluations=m.also_interprets_evaluations) for m in FULL_TEAM]
    problems = rules.required_member_problems(team, held=True, meeting_on=DAY)
    assert problems == ["No one attended or was properly excused as a special education teacher or provider of "
                        "the child (300.321(a)(3))."]


def test_an_absent_parent_asks_for_the_documented_attempts():
    team = [Member(m.name, m.role, attendance="absent" if m.role == "parent" else "attended",
                   also_interprets_evaluations=m.also_interprets_evaluations) for m in FULL_TEAM]
    assert "300.322(d)" in rules.required_member_problems(team, held=True, meeting_on=DAY)[0]


def test_a_member_excused_with_the_parents_written_agreement_counts():
    excused = Member("Charlie Gen", "regular_ed_teacher", attendance="excused", excusal="agreed",
                     excusal_agreed_on=date(2026, 12, 8))
    team = [m for m in FULL_TEAM if m.role != "regular_ed_teacher"] + [excused]
    assert rules.required_member_problems(team, held=True, meeting_on=DAY) == []


@pytest.mark.parametrize("member, field, words", [
    (Member("P", "parent", attendance="excused"), "attendance", "never excused"),
    (Member("T", "regular_ed_teacher", attendance="excused"), "excusal", "written agreement"),
    (Member("T", "regular_ed_teacher", attendance="excused", excusal="agreed"), "excusal_agreed_on", "date"),
    (Member("T", "regular_ed_teacher", attendance="excused", excusal="agreed", excusal_agreed_on=date(2026, 12, 11)),
     "excusal_agreed_on", "before the meeting"),
    (Member("T", "special_ed_teacher", attendance="excused", excusal="consented", excusal_agreed_on=date(2026, 12, 1)),
     "written_input_on", "written input before the meeting"),
    (Member("T", "special_ed_teacher", attendance="excused", excusal="consented", excusal_agreed_on=date(2026, 12, 1),
            written_input_on=date(2026, 12, 12)), "written_input_on", "not after"),
])
def test_an_excusal_needs_what_300_321_e_asks(member, field, words):
    errors = rules.excusal_errors(member, meeting_on=DAY)
    assert list(errors) == [field] and words in errors[field]


def test_an_excusal_with_consent_and_written_input_before_the_meeting_holds():
    member = Member("T", "special_ed_teacher", attendance="excused", excusal="consented",
                    excusal_agreed_on=date(2026, 12, 1), written_input_on=date(2026, 12, 5))
    assert rules.excusal_errors(member, meeting_on=DAY) == {}


def test_transition_on_the_agenda_means_the_student_is_invited():
    problems = rules.required_member_problems(FULL_TEAM, transition_discussed=True)
    assert problems == ["Transition will be discussed: the student must be invited (34 CFR 300.321(b)(1))."]
    assert rules.required_member_problems([*FULL_TEAM, Member("Maya", "student")], transition_discussed=True) == []


def test_at_transition_age_transition_must_be_on_the_agenda_of_an_iep_meeting():
    problems = rules.required_member_problems(FULL_TEAM, transition_due=True, kind="annual")
    assert "transition must be discussed" in problems[0]
    assert rules.required_member_problems(FULL_TEAM, transition_due=True, kind="manifestation") == []


def test_an_agency_is_invited_only_with_consent():
    problems = rules.required_member_problems([*FULL_TEAM, Member("Rehab Agency", "agency")])
    assert "consent" in problems[0]
    assert rules.required_member_problems([*FULL_TEAM, Member("A", "agency", agency_consent_on=DAY)]) == []


def test_once_rights_transfer_the_student_takes_the_parents_seat():
    team = [m for m in FULL_TEAM if m.role != "parent"]
    assert "student holds the rights" in rules.required_member_problems(team, rights_transferred=True)[0]
    assert rules.required_member_problems([*team, Member("Maya", "student")], rights_transferred=True) == []


@pytest.mark.parametrize("born, meeting_on, age, due", [
    (date(2011, 6, 1), date(2026, 12, 1), 16, True),  # turns 16 in June 2027: the IEP to Dec 2027 covers it
    (date(2012, 6, 1), date(2026, 12, 1), 16, False),
    (date(2010, 12, 2), date(2026, 12, 1), 16, True),
    (date(2011, 1, 1), date(2026, 12, 1), 16, True),
    (date(2012, 12, 2), date(2026, 12, 1), 14.5, True),  # 14½ on June 2, 2027
    (date(2013, 7, 1), date(2026, 12, 1), 14.5, False),  # 14½ on January 1, 2028
    (None, date(2026, 12, 1), 16, False),
])
def test_transition_is_due_when_the_iep_will_be_in_effect_at_the_age(born, meeting_on, age, due):
    assert rules.transition_due(born, meeting_on, age) is due


def test_add_age_handles_half_years_and_leap_days():
    assert rules.add_age(date(2012, 8, 31), 14.5) == date(2027, 2, 28)
    assert rules.add_age(date(2012, 2, 29), 1) == date(2013, 2, 28)


def test_a_notice_dated_after_the_meeting_is_blocked_a_late_one_warned():
    after = rules.notice_timing(sent_on=date(2026, 12, 11), meeting_on=DAY, days=10, unit="calendar_days",
                                days_given=-1, citation="x")
    assert after.blocked and not after.warning
    late = rules.notice_timing(sent_on=date(2026, 12, 5), meeting_on=DAY, days=10, unit="calendar_days",
                               days_given=5, citation="34 CFR §300.322")
    assert late.warning.startswith("This notice gives 5 days before the meeting; the rule is 10 days")
    assert not late.blocked
    ok = rules.notice_timing(sent_on=date(2026, 11, 30), meeting_on=DAY, days=10, unit="calendar_days",
                             days_given=10, citation="x")
    assert not ok.blocked and not ok.warning
