"""Law profiles: every file loads, states inherit federal rules, unknown states fall back, bad codes fail."""

from __future__ import annotations

import pytest

from openiep.compliance import law_profiles
from openiep.compliance.errors import ProfileError
from openiep.compliance.law_profiles import CONFIDENCE, STATE_NAMES, available_states, load_profile

STATES = ("CA", "TX", "FL", "NY", "PA", "IL", "OH", "GA", "NC", "MI", "VA", "AZ")


def test_the_twelve_states_have_profiles():
    assert set(available_states()) == set(STATES)


@pytest.mark.parametrize("state", ("federal", *STATES))
def test_every_rule_has_a_citation_a_confidence_and_a_label(state):
    profile = load_profile(state)
    for rule in profile.rules:
        assert rule.citation and rule.label
        assert rule.confidence in CONFIDENCE
    assert profile.age_of_majority == 18


def test_a_state_inherits_federal_rules_it_does_not_override():
    texas, federal = load_profile("TX"), load_profile("federal")
    assert texas.rule("annual_review") == federal.rule("annual_review")
    assert texas.rule("annual_review").jurisdiction == "federal"
    assert texas.rule("initial_evaluation").jurisdiction == "TX"
    assert texas.rule("initial_evaluation").unit == "school_days"


def test_an_override_keeps_the_federal_rules_place_and_new_rules_come_after():
    ids = [rule.id for rule in load_profile("PA").rules]
    federal_ids = [rule.id for rule in load_profile("federal").rules]
    assert ids[: len(federal_ids)] == federal_ids
    assert "reevaluation_due_intellectual_disability" in ids[len(federal_ids):]


def test_a_state_without_a_profile_falls_back_to_federal_rules():
    wyoming = load_profile("WY")
    assert (wyoming.jurisdiction, wyoming.state, wyoming.is_fallback) == ("federal", "WY", True)
    assert [r.id for r in wyoming.rules] == [r.id for r in load_profile("federal").rules]
    assert "Wyoming" in wyoming.describe() and "federal rules only" in wyoming.describe()


def test_codes_are_case_and_space_insensitive():
    assert load_profile(" tx ").jurisdiction == "TX"
    assert load_profile("").jurisdiction == "federal"


@pytest.mark.parametrize("code", ["ZZ", "Texas", "T", "USA"])
def test_an_invalid_state_code_is_a_clear_error(code):
    with pytest.raises(ProfileError, match="Unknown state code"):
        load_profile(code)


def test_state_codes_match_the_district_model():
    from openiep.people.models import USState

    assert set(STATE_NAMES) == set(USState.values)


@pytest.fixture
def profile_dir(tmp_path, monkeypatch):
    (tmp_path / "federal.toml").write_text((law_profiles.PROFILE_DIR / "federal.toml").read_text())
    monkeypatch.setattr(law_profiles, "PROFILE_DIR", tmp_path)
    law_profiles._load.cache_clear()
    yield tmp_path
    law_profiles._load.cache_clear()


def _write_state(profile_dir, body: str) -> None:
    (profile_dir / "wy.toml").write_text('jurisdiction = "WY"\nname = "Wyoming"\n' + body)


def test_a_rule_with_an_unknown_field_names_the_file_and_rule(profile_dir):
    _write_state(profile_dir, """
[rules.initial_evaluation]
label = "x"
start = "consent_received"
length = 60
unit = "calendar_days"
citation = "x"
confidence = "V"
lenght = 3
""")
    with pytest.raises(ProfileError, match=r"wy.toml \[rules.initial_evaluation\]: unknown field\(s\) lenght"):
        load_profile("WY")


def test_an_unknown_unit_or_event_is_refused(profile_dir):
    _write_state(profile_dir, """
[rules.initial_evaluation]
label = "x"
start = "consent_signed"
length = 60
unit = "calendar_days"
citation = "x"
confidence = "V"
""")
    with pytest.raises(ProfileError, match="start 'consent_signed' is not an event name"):
        load_profile("WY")


def test_a_confidence_other_than_v_r_u_is_refused(profile_dir):
    _write_state(profile_dir, """
[rules.initial_evaluation]
label = "x"
start = "consent_received"
length = 60
unit = "calendar_days"
citation = "x"
confidence = "maybe"
""")
    with pytest.raises(ProfileError, match="confidence must be V, R or U"):
        load_profile("WY")


def test_broken_toml_is_reported_with_the_file_name(profile_dir):
    _write_state(profile_dir, "[rules.initial_evaluation\n")
    with pytest.raises(ProfileError, match="wy.toml: not valid TOML"):
        load_profile("WY")


def test_a_new_state_file_inherits_and_overrides(profile_dir):
    _write_state(profile_dir, """
[rules.initial_evaluation]
label = "Evaluation"
start = "consent_received"
length = 45
unit = "calendar_days"
citation = "Wyo. rule"
confidence = "R"
""")
    wyoming = load_profile("WY")
    assert (wyoming.jurisdiction, wyoming.is_fallback) == ("WY", False)
    assert wyoming.rule("initial_evaluation").length == 45
    assert wyoming.rule("annual_review").jurisdiction == "federal"
