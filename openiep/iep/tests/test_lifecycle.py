"""An IEP's life: draft → finalised (snapshot, hash, notice) → consent → in effect → superseded; amendments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiep.iep import selectors, services
from openiep.iep.models import IEP, Signature
from openiep.iep.tests.factories import InEffectIEPFactory
from openiep.meetings.tests.factories import HeldMeetingFactory
from openiep.people.models import User
from openiep.people.tests.factories import UserFactory
from openiep.referrals.models import Consent

pytestmark = pytest.mark.django_db


def complete(iep, actor):
    """Fill every required element of a draft for a 10-year-old."""
    services.iep_sections_save(iep=iep, actor=actor, original={}, values={
        "present_levels_academic": "Reads 42 wcpm.", "present_levels_functional": "Independent in routines.",
        "disability_impact": "Decoding limits access to grade texts.", "parent_concerns": "Reading at home.",
        "student_strengths": "Loves science.", "factor_behavior": "false", "factor_limited_english": "false",
        "factor_blind": "false", "factor_communication": "false", "factor_deaf": "false",
        "factor_assistive_technology": "false", "progress_report_schedule": "quarterly",
        "state_assessment": "general_accommodated", "district_assessment": "general_accommodated",
        "setting": "regular_school", "school_week_minutes": "1950",
        "nonparticipation_explanation": "Reading instruction in a small group, 120 minutes a week.",
        "esy": "not_needed",
    })
    goal = services.row_add(iep=iep, model=services.Goal, actor=actor, values={
        "area": "reading", "statement": "Given a grade 3 passage, Maya will read 80 wcpm."})
    services.row_save(row=goal, actor=actor, original={}, values={
        "baseline": "42 wcpm", "criterion": "80 wcpm on 3 of 4 probes", "measurement_method": "curriculum_based_measurement",
        "measurement_schedule": "Weekly", "responsible": "Special education teacher", "target_value": "80",
        "baseline_value": "42", "unit": "wcpm"})
    service = services.row_add(iep=iep, model=services.Service, actor=actor, values={
        "kind": "special_education", "name": "Specialised reading instruction"})
    services.row_save(row=service, actor=actor, original={}, values={
        "provider_role": "sped_teacher", "minutes": "30", "times": "4", "period": "week", "location": "special_class",
        "delivery": "group"})
    services.row_add(iep=iep, model=services.Accommodation, actor=actor, values={
        "applies_to": "both", "description": "Extended time"})
    return selectors.iep_detail(student=iep.student, iep_id=iep.pk)


@pytest.fixture
def manager(cast):
    return cast["case_manager"]


@pytest.fixture
def meeting(cast):
    return HeldMeetingFactory(student=cast.student)


def finalized_initial(cast, manager, meeting):
    iep = services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager, meeting=meeting)
    iep = complete(iep, manager)
    return services.iep_finalize(iep=iep, actor=manager, facts=selectors.facts_for(iep))


def test_a_draft_with_missing_elements_cannot_be_finalised(cast, manager, meeting):
    iep = services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager, meeting=meeting)
    iep = selectors.iep_detail(student=cast.student, iep_id=iep.pk)
    with pytest.raises(ValidationError, match="still missing"):
        services.iep_finalize(iep=iep, actor=manager, facts=selectors.facts_for(iep))
    iep.refresh_from_db()
    assert iep.status == IEP.Status.DRAFT and not iep.content_hash


def test_an_iep_is_finalised_only_after_its_meeting_is_held(cast, manager):
    meeting = HeldMeetingFactory(student=cast.student, status="scheduled", held_on=None)
    iep = complete(services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager, meeting=meeting),
                   manager)
    with pytest.raises(ValidationError, match="held"):
        services.iep_finalize(iep=iep, actor=manager, facts=selectors.facts_for(iep))


def test_finalising_an_initial_iep_stores_the_snapshot_and_asks_consent(cast, manager, meeting):
    iep = finalized_initial(cast, manager, meeting)
    assert iep.status == IEP.Status.AWAITING_CONSENT
    assert len(iep.content_hash) == 64 and iep.snapshot["goals"][0]["statement"].startswith("Given a grade 3")
    assert iep.content_hash == services.content_hash(iep.snapshot)
    assert iep.notice is not None and iep.notice.action == "proposes"
    assert iep.consent.kind == Consent.Kind.INITIAL_SERVICES and iep.consent.status == "requested"
    assert iep.environment_code == "RC80"  # 120 of 1,950 minutes outside: 93.8% inside


def test_a_finalised_iep_is_immutable(cast, manager, meeting):
    iep = finalized_initial(cast, manager, meeting)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.iep_sections_save(iep=iep, values={"parent_concerns": "changed"}, original={}, actor=manager)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.row_save(row=iep.goals.get(), values={"statement": "changed"}, original={}, actor=manager)


def sign(iep, cast, decision="consent", **kwargs):
    guardian = cast.student.guardianships.get().guardian
    return services.iep_consent_record(iep=iep, decision=decision, actor=cast["parent"], signature=services.SignatureInput(
        signer_name="Pat Alvarez", method="electronic", document_hash=kwargs.pop("hash", iep.content_hash),
        signer=cast["parent"], guardian=guardian, **kwargs))


def test_the_parents_e_consent_puts_the_iep_in_effect(cast, manager, meeting):
    iep = finalized_initial(cast, manager, meeting)
    iep = sign(iep, cast)
    assert iep.status == IEP.Status.IN_EFFECT
    signature = iep.signatures.get()
    assert (signature.purpose, signature.document_hash, signature.signer_name) == ("consent", iep.content_hash, "Pat Alvarez")
    assert Consent.objects.get(pk=iep.consent_id).status == "granted"


def test_a_consent_over_another_hash_records_nothing(cast, manager, meeting):
    iep = finalized_initial(cast, manager, meeting)
    with pytest.raises(ValidationError, match="changed since"):
        sign(iep, cast, hash="f" * 64)
    assert not Signature.objects.exists()
    iep.refresh_from_db()
    assert iep.status == IEP.Status.AWAITING_CONSENT


def test_a_refusal_stops_the_iep_and_partial_consent_names_what_is_declined(cast, manager, meeting):
    iep = finalized_initial(cast, manager, meeting)
    with pytest.raises(ValidationError):
        sign(iep, cast, decision="partial")
    assert sign(iep, cast, decision="refuse").status == IEP.Status.CONSENT_REFUSED


def test_partial_consent_is_approved_with_the_declined_services(cast, manager, meeting):
    iep = sign(finalized_initial(cast, manager, meeting), cast, decision="partial", declined_services="Counselling")
    assert iep.status == IEP.Status.IN_EFFECT
    assert Consent.objects.get(pk=iep.consent_id).status == "partial"


def test_the_annual_iep_carries_everything_forward_and_supersedes_on_its_start_date(cast, manager, meeting):
    first = sign(finalized_initial(cast, manager, meeting), cast)
    annual_meeting = HeldMeetingFactory(student=cast.student, kind="annual")
    start = timezone.localdate() + timedelta(days=10)
    annual = services.iep_create(student=cast.student, kind=IEP.Kind.ANNUAL, actor=manager, meeting=annual_meeting,
                                 start_date=start)
    assert annual.previous == first and annual.goals.get().lineage == first.goals.get().lineage
    assert annual.parent_concerns == first.parent_concerns and annual.services.get().start_date == start
    annual = selectors.iep_detail(student=cast.student, iep_id=annual.pk)
    annual = services.iep_finalize(iep=annual, actor=manager, facts=selectors.facts_for(annual))
    assert annual.status == IEP.Status.APPROVED  # not yet: starts in 10 days
    first.refresh_from_db()
    assert first.status == IEP.Status.IN_EFFECT
    assert services.iep_activate_due(today=start) == 1
    first.refresh_from_db()
    annual.refresh_from_db()
    assert (first.status, annual.status) == (IEP.Status.SUPERSEDED, IEP.Status.IN_EFFECT)
    assert first.ended_on == start - timedelta(days=1)


def test_the_database_allows_one_iep_in_effect_per_student(cast):
    InEffectIEPFactory(student=cast.student)
    with pytest.raises(IntegrityError), transaction.atomic():
        InEffectIEPFactory(student=cast.student)


def test_an_amendment_without_a_meeting_needs_the_parents_agreement_to_that_version(cast, manager, meeting):
    first = sign(finalized_initial(cast, manager, meeting), cast)
    amendment = services.iep_create(student=cast.student, kind=IEP.Kind.AMENDMENT, actor=manager)
    assert amendment.end_date == first.end_date
    services.row_save(row=amendment.services.get(), values={"minutes": "45"}, original={"minutes": "30"}, actor=manager)
    amendment = selectors.iep_detail(student=cast.student, iep_id=amendment.pk)
    with pytest.raises(ValidationError, match="agreement"):
        services.iep_finalize(iep=amendment, actor=manager, facts=selectors.facts_for(amendment))
    guardian = cast.student.guardianships.get().guardian
    agreed_hash = services.content_hash(services.snapshot_of(amendment))
    services.iep_amendment_agreement_record(iep=amendment, actor=cast["parent"], signature=services.SignatureInput(
        signer_name="Pat Alvarez", method="electronic", document_hash=agreed_hash, signer=cast["parent"],
        guardian=guardian))
    amendment = selectors.iep_detail(student=cast.student, iep_id=amendment.pk)
    amendment = services.iep_finalize(iep=amendment, actor=manager, facts=selectors.facts_for(amendment))
    first.refresh_from_db()
    assert (amendment.status, first.status) == (IEP.Status.IN_EFFECT, IEP.Status.SUPERSEDED)
    assert amendment.content_hash == agreed_hash


def test_two_editors_of_one_field_see_a_conflict_and_different_fields_merge(cast, manager, meeting):
    iep = services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager, meeting=meeting)
    other = UserFactory(role=User.Role.SPED_TEACHER, district=cast.district)
    services.iep_sections_save(iep=iep, values={"student_strengths": "Kind."}, original={"student_strengths": ""},
                               actor=other)
    # The case manager loaded the page before: a different field merges, the same field conflicts.
    merged = services.iep_sections_save(iep=iep, values={"parent_concerns": "Reading."}, original={"parent_concerns": ""},
                                        actor=manager)
    assert merged.saved == ["parent_concerns"] and not merged.conflicts
    clash = services.iep_sections_save(iep=iep, values={"student_strengths": "Curious."},
                                       original={"student_strengths": ""}, actor=manager)
    assert clash.saved == [] and clash.conflicts[0].theirs == "Kind." and clash.conflicts[0].yours == "Curious."
    assert clash.saved_by == other.get_full_name()
    iep.refresh_from_db()
    assert (iep.student_strengths, iep.parent_concerns) == ("Kind.", "Reading.")


def test_a_service_for_a_provider_role_the_district_lacks_is_refused(cast, manager, meeting):
    iep = services.iep_create(student=cast.student, kind=IEP.Kind.INITIAL, actor=manager, meeting=meeting)
    service = services.row_add(iep=iep, model=services.Service, actor=manager,
                               values={"kind": "related", "name": "Orientation and mobility"})
    with pytest.raises(ValidationError) as error:
        services.row_save(row=service, values={"provider_role": "orientation_mobility"}, original={}, actor=manager)
    assert "provider_role" in error.value.message_dict
    # The district has a speech-language pathologist (the cast's provider).
    services.row_save(row=service, values={"provider_role": "speech_language"}, original={}, actor=manager)
