"""The case rule: for each point of the process, the step, the next action, who owes it and by when."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.cases.rules import CaseFacts, DueDate, Step, locate

EVALUATION_DUE = DueDate("initial_evaluation", "Initial evaluation", date(2026, 11, 13), "34 CFR 300.301(c)")
IEP_DUE = DueDate("iep_meeting_after_eligibility", "IEP meeting", date(2026, 12, 30))
CONSENT_DUE = DueDate("consent_request_after_referral", "Consent request", date(2026, 10, 1))


def test_a_student_with_nothing_open_is_in_general_education():
    where = locate(CaseFacts(case_manager="Alice"))
    assert where.step is Step.NOT_IN_PROCESS and where.due is None


def test_an_open_concern_is_pre_referral_owed_by_the_teacher_who_raised_it():
    where = locate(CaseFacts(open_concern=True, concern_owner="Charlie"))
    assert (where.step, where.owed_by) == (Step.PRE_REFERRAL, "Charlie")


def test_a_referral_awaiting_a_decision_is_owed_by_the_case_manager_with_the_states_date():
    where = locate(CaseFacts(case_manager="Alice", referral_status="awaiting_decision", open_concern=True,
                             open_deadlines=(CONSENT_DUE, EVALUATION_DUE)))
    assert where.step is Step.REFERRAL
    assert where.owed_by == "Alice"
    assert where.due == CONSENT_DUE
    assert "Prior Written Notice" in where.next_action


def test_without_a_case_manager_the_page_says_so():
    where = locate(CaseFacts(referral_status="awaiting_decision"))
    assert "none assigned" in where.owed_by


def test_waiting_for_consent_counts_the_attempts():
    where = locate(CaseFacts(referral_status="evaluation_proposed", consent_status="requested", consent_attempts=2))
    assert where.step is Step.IDENTIFICATION
    assert "2 attempts logged" in where.next_action


@pytest.mark.parametrize("status", ["refused", "no_response", "revoked"])
def test_no_consent_stops_the_process_and_names_the_districts_options(status):
    where = locate(CaseFacts(referral_status="evaluation_proposed", consent_status=status))
    assert where.stopped and "300.300(a)(3)" in where.next_action


def test_consent_granted_asks_for_the_evaluation_plan_by_the_evaluation_deadline():
    where = locate(CaseFacts(consent_status="granted", open_deadlines=(EVALUATION_DUE,)))
    assert where.step is Step.IDENTIFICATION and where.due == EVALUATION_DUE
    assert "Plan the evaluation" in where.next_action


def test_an_evaluation_under_way_is_owed_by_its_evaluators():
    where = locate(CaseFacts(consent_status="granted", evaluation_status="in_progress", areas_open=2,
                             area_evaluators=("Bob", "Eve"), open_deadlines=(EVALUATION_DUE,)))
    assert where.owed_by == "Bob, Eve"
    assert "2 evaluation areas" in where.next_action


def test_a_completed_evaluation_leads_to_the_eligibility_meeting_with_the_parent():
    where = locate(CaseFacts(evaluation_status="completed", consent_status="granted"))
    assert where.step is Step.ELIGIBILITY and "parent" in where.next_action


def test_eligible_leads_to_the_iep_meeting_within_30_days():
    where = locate(CaseFacts(eligibility_result="eligible", evaluation_status="completed",
                             open_deadlines=(IEP_DUE,)))
    assert where.step is Step.DEVELOPMENT and where.due == IEP_DUE


def test_not_eligible_stops_and_suggests_section_504():
    where = locate(CaseFacts(eligibility_result="not_eligible", evaluation_status="completed"))
    assert where.stopped and "504" in where.next_action


def test_a_refused_evaluation_stops_at_referral():
    where = locate(CaseFacts(referral_status="evaluation_refused"))
    assert where.step is Step.REFERRAL and where.stopped
