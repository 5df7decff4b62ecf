"""The safeguards' pure rules: every clock of requests and disputes, and when a notice is owed."""

from __future__ import annotations

from datetime import date

from openiep.compliance.calendars import Closure, SchoolCalendar, SchoolYear
from openiep.safeguards import rules

D = date


def by_id(clocks):
    return {c.rule_id: c for c in clocks}


def test_records_are_due_within_45_days():
    clock = rules.records_request_clock(requested_on=D(2026, 9, 1))
    assert clock.due == D(2026, 10, 16)
    assert clock.status(D(2026, 10, 17)).code == "overdue"
    assert clock.status(D(2026, 10, 10)).text == "Due in 6 days"


def test_records_are_due_before_an_earlier_meeting():
    clock = rules.records_request_clock(requested_on=D(2026, 9, 1), meeting_on=D(2026, 9, 10))
    assert clock.due == D(2026, 9, 9)
    assert "before the meeting" in clock.label


def test_a_meeting_after_the_45th_day_does_not_move_the_date():
    assert rules.records_request_clock(requested_on=D(2026, 9, 1), meeting_on=D(2026, 12, 1)).due == D(2026, 10, 16)


def test_an_answered_request_is_met_or_late():
    assert rules.records_request_clock(requested_on=D(2026, 9, 1), answered_on=D(2026, 9, 20)).status(
        D(2026, 11, 1)).code == "met"
    late = rules.records_request_clock(requested_on=D(2026, 9, 1), answered_on=D(2026, 10, 18))
    assert late.status(D(2026, 11, 1)).text == "Met 2 days late"


def test_the_iee_answer_uses_the_districts_number_of_days():
    assert rules.iee_clock(requested_on=D(2026, 9, 1), response_days=10).due == D(2026, 9, 11)


def test_a_state_complaint_is_decided_within_60_days():
    (clock,) = rules.dispute_clocks(rules.DisputeFacts("state_complaint", D(2026, 9, 1)))
    assert clock.due == D(2026, 10, 31)
    assert clock.citation == "34 CFR §300.152(a)"


def test_due_process_has_the_response_sufficiency_resolution_and_decision_clocks():
    clocks = by_id(rules.dispute_clocks(rules.DisputeFacts("due_process", D(2026, 9, 1))))
    assert clocks["due_process_response"].due == D(2026, 9, 11)
    assert clocks["due_process_sufficiency"].due == D(2026, 9, 16)
    assert clocks["resolution_meeting"].due == D(2026, 9, 16)
    assert clocks["resolution_period"].due == D(2026, 10, 1)
    assert clocks["due_process_decision"].due == D(2026, 11, 15)  # 45 days after the 30-day resolution period


def test_a_limit_is_never_overdue():
    clocks = by_id(rules.dispute_clocks(rules.DisputeFacts("due_process", D(2026, 9, 1))))
    assert clocks["due_process_sufficiency"].status(D(2026, 12, 1)).text == "Passed"
    assert not clocks["due_process_sufficiency"].is_open()


def test_a_waived_resolution_meeting_is_not_owed():
    clocks = by_id(rules.dispute_clocks(rules.DisputeFacts("due_process", D(2026, 9, 1), resolution_waived=True)))
    assert clocks["resolution_meeting"].status(D(2026, 12, 1)).code == "waived"
    assert not clocks["resolution_meeting"].is_open()


def test_expedited_hearings_count_school_days_of_the_calendar():
    calendar = SchoolCalendar(years=(SchoolYear(D(2026, 8, 20), D(2027, 6, 10)),),
                              closures=(Closure(D(2026, 9, 7), D(2026, 9, 11), "Fall break"),))
    clocks = by_id(rules.dispute_clocks(rules.DisputeFacts("expedited", D(2026, 9, 1)), calendar))
    assert clocks["expedited_resolution_meeting"].due == D(2026, 9, 8)
    assert clocks["expedited_resolution_period"].due == D(2026, 9, 16)
    # Sep 2-4 (3 school days), the break week not counted, Sep 14 - Oct 2 (15 more), Oct 5 and 6: the 20th.
    assert clocks["expedited_hearing"].due == D(2026, 10, 6)
    assert not clocks["expedited_hearing"].estimated
    assert clocks["expedited_decision"].due == D(2026, 10, 20)  # Oct 7-9, 12-16, 19, 20


def test_expedited_decision_counts_from_the_hearing_held():
    clocks = by_id(rules.dispute_clocks(rules.DisputeFacts("expedited", D(2026, 9, 1), hearing_on=D(2026, 9, 21))))
    assert clocks["expedited_hearing"].status(D(2026, 12, 1)).code == "met"
    assert clocks["expedited_decision"].due == D(2026, 10, 5)
    assert clocks["expedited_decision"].estimated  # no calendar: Monday to Friday


def test_mediation_has_no_federal_clock():
    assert rules.dispute_clocks(rules.DisputeFacts("mediation", D(2026, 9, 1))) == []


YEAR = {"year_start": D(2026, 8, 20), "year_end": D(2027, 6, 10)}


def test_a_notice_is_owed_once_a_school_year():
    owed = rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 5, 1)], **YEAR)
    assert [o.trigger for o in owed] == ["annual"]
    assert rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1)], **YEAR) == []


def test_a_notice_is_owed_at_the_first_referral():
    owed = rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1)],
                             first_referral_on=D(2026, 10, 1), **YEAR)
    assert [o.trigger for o in owed] == ["initial_referral"]
    assert rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 10, 1)],
                             first_referral_on=D(2026, 10, 1), **YEAR) == []


def test_a_notice_is_owed_at_the_first_complaint_of_each_kind_in_the_year():
    complaints = [(D(2026, 10, 1), "state_complaint"), (D(2026, 11, 1), "expedited"), (D(2025, 11, 1), "due_process")]
    owed = rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1)], complaints=complaints, **YEAR)
    assert {(o.trigger, o.since) for o in owed} == {("state_complaint", D(2026, 10, 1)),
                                                    ("due_process", D(2026, 11, 1))}
    answered = rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1), D(2026, 11, 2)],
                                 complaints=complaints, **YEAR)
    assert answered == []


def test_the_school_year_falls_back_to_july_to_june():
    assert rules.school_year_around(D(2026, 12, 1), []) == (D(2026, 7, 1), D(2027, 6, 30))
    assert rules.school_year_around(D(2026, 3, 1), []) == (D(2025, 7, 1), D(2026, 6, 30))
    assert rules.school_year_around(D(2026, 12, 1), [(D(2026, 8, 20), D(2027, 6, 10))]) == (D(2026, 8, 20),
                                                                                            D(2027, 6, 10))


def test_a_notice_is_owed_when_the_parent_asked_for_a_copy_until_one_is_given():
    owed = rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1)], requested_on=D(2026, 11, 20),
                             **YEAR)
    assert [o.trigger for o in owed] == ["request"]
    assert rules.notice_owed(today=D(2026, 12, 1), notices_given=[D(2026, 9, 1), D(2026, 11, 21)],
                             requested_on=D(2026, 11, 20), **YEAR) == []
