"""The pure rules of the eligibility decision."""

from __future__ import annotations

from datetime import date

import pytest

from openiep.eligibility.rules import (
    NoticeFacts,
    VoteFacts,
    category_with_code,
    developmental_delay_problem,
    is_parent_role,
    notice_defaults,
    vote_problems,
)


@pytest.mark.parametrize(
    ("birth", "on", "allowed"),
    [
        (date(2020, 6, 1), date(2023, 6, 1), True),  # third birthday
        (date(2020, 6, 1), date(2023, 5, 31), False),  # the day before
        (date(2015, 6, 1), date(2025, 5, 31), True),  # the last day of being nine
        (date(2015, 6, 1), date(2025, 6, 1), False),  # tenth birthday
        (date(2016, 2, 29), date(2025, 2, 28), True),
    ],
)
def test_developmental_delay_is_for_ages_three_through_nine(birth, on, allowed):
    assert (developmental_delay_problem(birth, on) is None) is allowed


def test_developmental_delay_needs_a_date_of_birth():
    assert "date of birth" in developmental_delay_problem(None, date(2025, 1, 1))


def test_staff_see_the_edfacts_code_beside_the_category():
    assert category_with_code("deafness") == "Deafness (HI)"
    assert category_with_code("specific_learning_disability") == "Specific learning disability (SLD)"


def vote(name="Pat Alvarez", role="Parent", agrees=True, dissent="", signed=False):
    return VoteFacts(name=name, role=role, agrees=agrees, dissent=dissent, signed=signed)


def test_the_parent_must_vote():
    assert vote_problems([vote()], sld=False, rights_transferred=False) == []
    problems = vote_problems([vote(role="Case manager")], sld=False, rights_transferred=False)
    assert "decides with the parent" in problems[0]


def test_once_rights_transfer_the_student_votes_in_the_parents_place():
    assert is_parent_role("Student (holds the rights)", rights_transferred=True)
    assert not is_parent_role("Student (holds the rights)", rights_transferred=False)
    assert vote_problems([vote(role="Student")], sld=False, rights_transferred=True) == []


def test_a_dissent_needs_a_statement_and_each_vote_a_name_role_and_answer():
    problems = vote_problems([vote(), vote(name="Alice", role="Case manager", agrees=False),
                              vote(name="", role="", agrees=None)], sld=False, rights_transferred=False)
    assert problems == [
        "Alice: a member who disagrees writes a separate statement of dissent.",
        "Member 3: enter the member's name.",
        "Member 3: choose the member's role.",
        "Member 3: record whether the member agrees or dissents.",
    ]


def test_sld_needs_every_members_written_certification():
    problems = vote_problems([vote(signed=True), vote(name="Alice", role="Case manager")], sld=True,
                             rights_transferred=False)
    assert "300.311(b)" in problems[0] and problems[0].endswith("Not yet signed: Alice.")
    assert vote_problems([vote(signed=True)], sld=True, rights_transferred=False) == []


def facts(**changes):
    data = {
        "student_name": "Maya Alvarez", "determined_on": date(2026, 11, 2), "eligible": True,
        "primary_category": "specific_learning_disability", "secondary_categories": ["speech_language_impairment"],
        "adverse_effect": True, "needs_special_education": True, "determinants": [], "consider_section_504": False,
        "rationale": "WIAT-4 at the 7th percentile.", "evaluation_completed_on": date(2026, 10, 30),
        "area_lines": ["Reading: WIAT-4 (Eve, October 20, 2026)"], "dissenters": [],
    }
    data.update(changes)
    return NoticeFacts(**data)


def test_the_notice_of_an_eligible_student_proposes_identification_with_every_element():
    texts = notice_defaults(facts())
    assert texts["action_description"].startswith("The district proposes to identify Maya Alvarez")
    assert "Specific learning disability (34 CFR 300.8(c)(10))" in texts["action_description"]
    assert "Speech or language impairment" in texts["action_description"]
    assert "November 2, 2026" in texts["reasons"] and "7th percentile" in texts["reasons"]
    assert "Evaluation report completed October 30, 2026." in texts["evaluation_basis"]
    assert "Reading: WIAT-4" in texts["evaluation_basis"]
    assert all(texts[name].strip() for name in texts)


def test_the_notice_of_a_student_not_eligible_refuses_and_says_why():
    texts = notice_defaults(facts(eligible=False, primary_category="", secondary_categories=[],
                                  adverse_effect=None, needs_special_education=False,
                                  determinants=["determinant_limited_english_proficiency"],
                                  consider_section_504=True, dissenters=["Pat Alvarez"]))
    assert texts["action_description"].startswith("The district refuses to identify")
    assert "did not show a disability" in texts["options_considered"]
    assert "limited English proficiency" in texts["options_considered"]
    assert "Section 504" in texts["options_considered"]
    assert "Pat Alvarez" in texts["other_factors"]
