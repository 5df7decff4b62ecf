"""The pure rules: the seven elements of a Prior Written Notice, its starting text, consent and efforts."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.referrals import rules

FACTS = rules.ReferralFacts(
    first_name="Maya", school_name="Lincoln Elementary", district_name="Riverside Unified",
    received_on=date(2026, 9, 3), source_label="Teacher", reason="Reads two years below grade level.",
    area_labels=["Reading", "Communication (speech and language)"],
)
ALL_FILLED = dict.fromkeys(rules.NOTICE_FIELDS, "Text.")


def test_the_seven_elements_follow_the_regulation_in_order():
    assert [e.paragraph for e in rules.NOTICE_ELEMENTS] == [f"(b)({n})" for n in range(1, 8)]
    assert rules.NOTICE_FIELDS == (
        "action_description", "reasons", "evaluation_basis", "safeguards_statement", "assistance_sources",
        "options_considered", "other_factors",
    )


@pytest.mark.parametrize("action", [rules.PROPOSES, rules.REFUSES])
@pytest.mark.parametrize("field", rules.NOTICE_FIELDS)
def test_each_empty_or_blank_element_is_named_with_its_paragraph(action, field):
    for empty in ("", "   \n", None):
        missing = rules.missing_notice_elements({**ALL_FILLED, field: empty}, action)
        assert list(missing) == [field]
        number = rules.NOTICE_FIELDS.index(field) + 1
        assert f"Missing element {number}" in missing[field]
        assert f"34 CFR 300.503(b)({number})" in missing[field]


def test_a_complete_notice_misses_nothing_and_an_empty_one_misses_all_seven():
    assert rules.missing_notice_elements(ALL_FILLED, rules.REFUSES) == {}
    assert list(rules.missing_notice_elements({}, rules.REFUSES)) == list(rules.NOTICE_FIELDS)


def test_the_message_says_proposes_or_refuses():
    assert "what the district refuses" in rules.missing_notice_elements({}, rules.REFUSES)["action_description"]
    assert "what the district proposes" in rules.missing_notice_elements({}, rules.PROPOSES)["action_description"]


def test_a_proposal_starts_with_every_element_written():
    text = rules.notice_defaults(FACTS, rules.PROPOSES)
    assert rules.missing_notice_elements(text, rules.PROPOSES) == {}
    assert "initial evaluation of Maya" in text["action_description"]
    assert "reading and communication (speech and language)" in text["action_description"]
    assert "Reads two years below grade level." in text["reasons"]
    assert "September 3, 2026" in text["reasons"] and "September 3, 2026" in text["evaluation_basis"]
    assert "300.504(a)(1)" in text["safeguards_statement"]
    assert "Parent Training and Information Center" in text["assistance_sources"]
    assert "Riverside Unified" in text["assistance_sources"]


def test_a_refusal_leaves_the_teams_own_judgement_to_be_written():
    text = rules.notice_defaults(FACTS, rules.REFUSES)
    assert set(rules.missing_notice_elements(text, rules.REFUSES)) == {"reasons", "options_considered"}
    assert "refuses" in text["action_description"]
    assert "due process complaint" in text["safeguards_statement"]


def test_a_parents_written_request_is_described_as_such():
    facts = rules.ReferralFacts(**{**FACTS.__dict__, "is_written_parent_request": True, "source_label": "Parent"})
    text = rules.notice_defaults(facts, rules.PROPOSES)
    assert "Maya's parent asked in writing" in text["reasons"]
    assert "parent's written request" in text["evaluation_basis"]


def test_the_consent_request_says_it_is_not_consent_to_services():
    text = rules.consent_description_default(FACTS)
    assert "not consent to special education services" in text
    assert "reading and communication" in text


def test_notice_sections_pair_each_heading_with_its_text():
    sections = rules.notice_sections({**ALL_FILLED, "reasons": "Because."}, rules.REFUSES)
    assert len(sections) == 7
    assert sections[0][1] == "What the district refuses to do"
    assert sections[1][1:] == ("Why the district refuses", "Because.")


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [("initial_evaluation", True), ("reevaluation", True), ("initial_services", True),
     ("release_of_records", True), ("other", True), ("excusal", False)],
)
def test_which_consents_may_be_granted_in_part(kind, allowed):
    assert rules.partial_allowed(kind) is allowed


@pytest.mark.parametrize(
    ("dates", "shown"),
    [
        ([], False),
        ([date(2026, 9, 4)], False),
        ([date(2026, 9, 4), date(2026, 9, 4)], False),
        ([date(2026, 9, 4), date(2026, 9, 8)], True),
        ([date(2026, 9, 4), date(2026, 9, 4), date(2026, 9, 8)], True),
    ],
)
def test_reasonable_efforts_need_attempts_on_two_different_days(dates, shown):
    assert rules.reasonable_efforts_shown(dates) is shown


def test_the_no_response_message_explains_the_evidence_and_what_is_there():
    assert "so far: no attempts" in rules.no_response_message([]).lower()
    message = rules.no_response_message([date(2026, 9, 4), date(2026, 9, 4)])
    assert "attempts on 1 day." in message
    assert "reasonable efforts" in message and "different days" in message
