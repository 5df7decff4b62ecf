"""The IEP's pure rules: minutes, environments, completeness by age and state, conflicts and diffs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openiep.iep import rules


@pytest.mark.parametrize(("minutes", "times", "period", "weekly"), [
    (30, 3, "week", "90.0"), (20, 1, "day", "100.0"), (60, 2, "month", "30.0"), (45, 6, "year", "7.5"),
    (None, 3, "week", "0"), (30, None, "week", "0"), (30, 3, "", "0"),
])
def test_minutes_a_week(minutes, times, period, weekly):
    assert rules.minutes_per_week(minutes, times, period) == Decimal(weekly)


@pytest.mark.parametrize(("outside", "code"), [(0, "RC80"), (390, "RC80"), (391, "RC79TO40"), (1170, "RC79TO40"),
                                               (1171, "RC39"), (1950, "RC39"), (5000, "RC39")])
def test_the_share_of_the_week_in_the_regular_class_decides_the_school_age_code(outside, code):
    # 1,950 minutes a week: 80% inside is 390 minutes outside at most, 40% is 1,170.
    assert rules.environment_code(setting="regular_school", early_childhood=False, week_minutes=1950,
                                  outside_minutes=outside) == code


@pytest.mark.parametrize(("setting", "code"), [("separate_school", "SS"), ("residential", "RF"), ("homebound", "HH"),
                                               ("correctional", "CF"), ("private_by_parent", "PPPS")])
def test_a_setting_overrides_the_percentage(setting, code):
    assert rules.environment_code(setting=setting, early_childhood=False, week_minutes=1950, outside_minutes=0) == code


@pytest.mark.parametrize(("hours", "in_program", "code"), [(10, True, "REC10YSVCS"), (12.5, False, "REC10YOTHLOC"),
                                                           (9.5, True, "REC09YSVCS"), (4, False, "REC09YOTHLOC")])
def test_early_childhood_regular_programs(hours, in_program, code):
    assert rules.environment_code(setting="ec_regular_program", early_childhood=True, ec_program_hours=hours,
                                  ec_services_in_program=in_program) == code


def test_early_childhood_settings_and_undecidable_cases():
    assert rules.environment_code(setting="ec_separate_class", early_childhood=True) == "SC"
    assert rules.environment_code(setting="ec_home", early_childhood=True) == "H"
    assert rules.environment_code(setting="ec_service_provider", early_childhood=True) == "SPL"
    assert rules.environment_code(setting="ec_regular_program", early_childhood=True) == ""
    assert rules.environment_code(setting="regular_school", early_childhood=False) == ""
    assert rules.environment_code(setting="", early_childhood=False) == ""


def test_only_services_outside_the_regular_class_count_against_it():
    services = [rules.ServiceFacts(1, 1, location="special_class", minutes=30, times=4, period="week"),
                rules.ServiceFacts(2, 2, location="regular_class", minutes=60, times=5, period="week"),
                rules.ServiceFacts(3, 3, location="therapy_room", minutes=30, times=2, period="month")]
    assert rules.minutes_outside_regular_class(services) == 135
    assert rules.percent_inside_regular_class(1950, 135) == Decimal("93.1")


def facts(**overrides):
    base = {
        "sections": {}, "start_date": date(2026, 12, 1), "end_date": date(2027, 11, 30),
        "date_of_birth": date(2016, 5, 1), "grade": "04", "transition_age": 16.0, "majority_age": 18,
    }
    base.update(overrides)
    return rules.IEPFacts(**base)


def test_an_empty_draft_lists_every_missing_element_with_its_field():
    problems = rules.completeness_problems(facts())
    anchors = {p.anchor for p in problems}
    assert {"id_present_levels_academic", "id_disability_impact", "id_factor_behavior", "goals", "services",
            "id_state_assessment", "id_setting", "id_esy", "id_progress_report_schedule"} <= anchors
    assert not any(p.section == "transition" for p in problems)  # ten years old


def test_transition_is_required_from_the_states_age():
    sixteen_during = facts(date_of_birth=date(2011, 3, 1))  # turns 16 in March 2027, before the IEP ends
    assert any(p.section == "transition" for p in rules.completeness_problems(sixteen_during))
    fourteen = facts(date_of_birth=date(2013, 1, 1))
    assert not any(p.section == "transition" for p in rules.completeness_problems(fourteen))
    texas = facts(date_of_birth=date(2013, 1, 1), transition_age=14.0)
    assert any(p.section == "transition" for p in rules.completeness_problems(texas))


def test_the_age_of_majority_statement_is_due_a_year_before():
    seventeen = facts(date_of_birth=date(2009, 10, 1))
    assert any(p.anchor == "id_majority_informed_on" for p in rules.completeness_problems(seventeen))
    told = facts(date_of_birth=date(2009, 10, 1), sections={"majority_informed_on": date(2026, 11, 1)})
    assert not any(p.anchor == "id_majority_informed_on" for p in rules.completeness_problems(told))


def test_a_goal_is_measurable_only_with_baseline_criterion_method_and_no_placeholders():
    goal = rules.GoalFacts(1, 1, "reading", "Read [target] wcpm", "", "accurately", "", "", "")
    messages = " ".join(rules.goal_problems(goal))
    for word in ("baseline", "no number", "how progress is measured", "how often", "responsible", "[target]"):
        assert word in messages
    good = rules.GoalFacts(1, 1, "reading", "Read 80 wcpm", "42 wcpm", "80 wcpm on 3 of 4", "cbm", "weekly", "SpEd")
    assert rules.goal_problems(good) == []


def test_alternate_assessment_needs_objectives_and_a_reason():
    goal = rules.GoalFacts(7, 1, "reading", "Read 80 wcpm", "42", "80 wcpm", "cbm", "weekly", "SpEd")
    problems = rules.completeness_problems(facts(sections={"state_assessment": "alternate"}, goals=[goal]))
    assert any("short-term objectives" in p.message for p in problems)
    assert any(p.anchor == "id_alternate_assessment_reason" for p in problems)


def test_a_service_needs_minutes_frequency_location_provider_and_dates_inside_the_iep():
    service = rules.ServiceFacts(3, 1, "special_education", "Reading", "", None, None, "", "",
                                 date(2026, 11, 1), date(2028, 1, 1))
    messages = " ".join(rules.service_problems(service, iep_start=date(2026, 12, 1), iep_end=date(2027, 11, 30)))
    for word in ("minutes", "how often", "where", "who provides", "starts before", "ends after"):
        assert word in messages


def test_an_iep_is_reviewed_within_a_year_and_an_amendment_keeps_the_end_date():
    late = facts(end_date=date(2028, 1, 1))
    assert any("once a year" in p.message for p in rules.completeness_problems(late))
    amendment = facts(kind="amendment", end_date=date(2028, 1, 1), previous_end_date=date(2027, 11, 30))
    assert any("cannot replace the annual review" in p.message for p in rules.completeness_problems(amendment))


def test_three_way_writes_untouched_fields_and_returns_conflicts():
    writes, conflicts = rules.three_way(
        current={"a": "theirs", "b": "same", "c": "x"},
        submitted={"a": "mine", "b": "mine too", "c": "x"},
        original={"a": "old", "b": "same", "c": "old"},
    )
    assert writes == {"b": "mine too"}
    assert [(c.field, c.theirs, c.yours) for c in conflicts] == [("a", "theirs", "mine")]


def test_line_endings_and_whitespace_are_not_conflicts():
    writes, conflicts = rules.three_way(current={"a": "one\ntwo"}, submitted={"a": "one\r\ntwo "},
                                        original={"a": "x"})
    assert writes == {} and conflicts == []


def test_versions_compare_by_lineage_so_a_reworded_goal_is_changed_not_replaced():
    old = {"sections": {"parent_concerns": "Reading."}, "goals": [
        {"lineage": "g1", "order": 1, "label": "Reading", "statement": "Read 60 wcpm"},
        {"lineage": "g2", "order": 2, "label": "Math", "statement": "Add fractions"}], "services": [], "accommodations": []}
    new = {"sections": {"parent_concerns": "Reading and writing."}, "goals": [
        {"lineage": "g1", "order": 1, "label": "Reading", "statement": "Read 80 wcpm"},
        {"lineage": "g3", "order": 2, "label": "Writing", "statement": "Write a paragraph"}], "services": [],
        "accommodations": []}
    fields = {"goals": [("statement", "Goal")], "services": [], "accommodations": []}
    changes = rules.compare_snapshots(old, new, labels={"parent_concerns": "the parents' concerns"}, row_fields=fields)
    kinds = [(c.where, c.kind) for c in changes]
    assert ("Goal 1 (Reading)", "changed") in kinds
    assert ("Goal 2 (Writing)", "added") in kinds and ("Goal 2 (Math)", "removed") in kinds
    concerns = next(c for c in changes if "concerns" in c.where)
    assert ("ins", " and writing.") in concerns.words or any(op == "ins" for op, _ in concerns.words)
    goal = next(c for c in changes if c.where == "Goal 1 (Reading)")
    assert ("del", "60") in goal.words and ("ins", "80") in goal.words


def test_ages_count_whole_months():
    assert rules.age_on(date(2010, 6, 15), date(2026, 6, 14)) == pytest.approx(15 + 11 / 12)
    assert rules.age_on(date(2010, 6, 15), date(2026, 6, 15)) == 16
    assert rules.age_on(None, date(2026, 1, 1)) is None
