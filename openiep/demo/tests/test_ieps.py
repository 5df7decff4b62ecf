"""The seeded IEPs: complete, carried forward version by version, hashed, signed, with the federal codes right.

One district is seeded for the whole module (inside a transaction rolled back at the end).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiep.demo.seed import seed_district
from openiep.eligibility.models import EligibilityDetermination
from openiep.iep import rules, selectors, services
from openiep.iep.models import IEP, Accommodation, Goal, Objective, Service, Signature
from openiep.people.models import Guardianship, Student, User
from openiep.referrals.models import Consent

TODAY = date(2026, 11, 23)
NOW = datetime.fromisoformat("2026-11-23T15:00:00+00:00")
STUDENTS = 400

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        result = seed_district(students=STUDENTS, seed=11, today=TODAY, now=NOW)
        yield result
        transaction.set_rollback(True)


def test_every_eligible_student_but_the_demo_child_has_ieps_and_one_is_in_effect(district):
    eligible = set(EligibilityDetermination.objects.filter(result="eligible").values_list("student_id", flat=True))
    parent = User.objects.get(username="parent")
    demo_child = Student.objects.filter(guardianships__guardian__user=parent).order_by("pk").first()
    assert demo_child.pk in eligible
    assert not IEP.objects.filter(student=demo_child).exists()  # kept for a demo user's initial IEP
    with_iep = set(IEP.objects.values_list("student_id", flat=True))
    assert with_iep <= eligible
    assert len(with_iep) >= 0.97 * (len(eligible) - 1)  # all but those decided in the last days
    in_effect = Counter(IEP.objects.filter(status="in_effect").values_list("student_id", flat=True))
    assert set(in_effect.values()) == {1}
    waiting = set(IEP.objects.filter(status="awaiting_consent").values_list("student_id", flat=True))
    assert with_iep == set(in_effect) | waiting
    assert IEP.objects.filter(status="draft").exists()
    assert IEP.objects.filter(status="superseded").count() > len(in_effect) * 0.5


def test_versions_are_carried_forward_with_their_lineage(district):
    by_student: dict[int, list[IEP]] = {}
    for iep in IEP.objects.order_by("student_id", "version"):
        by_student.setdefault(iep.student_id, []).append(iep)
    carried = 0
    for ieps in by_student.values():
        assert [i.version for i in ieps] == list(range(1, len(ieps) + 1))
        assert ieps[0].kind == IEP.Kind.INITIAL and ieps[0].previous_id is None
        for older, newer in zip(ieps, ieps[1:], strict=False):
            assert newer.kind == IEP.Kind.ANNUAL and newer.previous_id == older.pk
            if older.status == IEP.Status.SUPERSEDED:
                assert older.ended_on == newer.start_date - timedelta(days=1)
                assert (older.end_date - timezone.localtime(older.finalized_at).date()).days <= 366
    for goal in Goal.objects.filter(carried_from__isnull=False).select_related("carried_from__iep", "iep"):
        assert goal.carried_from.iep_id == goal.iep.previous_id
        assert goal.carried_from.lineage == goal.lineage
        carried += 1
    assert carried > 50
    moved = Goal.objects.filter(carried_from__isnull=False).select_related("carried_from")
    assert any(g.baseline_value != g.carried_from.baseline_value for g in moved)  # baselines move on
    for service in Service.objects.filter(carried_from__isnull=False).select_related("carried_from__iep", "iep"):
        assert service.carried_from.iep_id == service.iep.previous_id
        assert service.carried_from.lineage == service.lineage
    lineages = Accommodation.objects.values_list("lineage", flat=True)
    assert len(lineages) > len(set(lineages))  # accommodations continue across versions


def test_every_iep_in_effect_is_complete_and_its_snapshot_is_what_snapshot_of_gives(district):
    for iep in IEP.objects.filter(status="in_effect").select_related("student__district", "student__school"):
        full = selectors.iep_detail(student=iep.student, iep_id=iep.pk)
        problems = rules.completeness_problems(selectors.facts_for(full))
        assert problems == [], (iep.pk, [p.message for p in problems])
        assert services.snapshot_of(full) == iep.snapshot


def test_every_finalised_iep_has_its_hash_and_drafts_have_none(district):
    for iep in IEP.objects.exclude(status="draft"):
        assert iep.snapshot and iep.finalized_at and iep.content_hash == services.content_hash(iep.snapshot)
    for draft in IEP.objects.filter(status="draft"):
        assert draft.snapshot is None and draft.finalized_at is None and draft.content_hash == ""
        assert draft.previous.status == IEP.Status.IN_EFFECT and draft.goals.exists()


def test_initial_ieps_have_the_consent_of_a_rights_holder_signed_on_the_hash(district):
    holders = set(Guardianship.objects.filter(holds_educational_rights=True).values_list("student", "guardian"))
    for iep in IEP.objects.filter(kind="initial").select_related("consent", "student"):
        consent = iep.consent
        assert consent.kind == Consent.Kind.INITIAL_SERVICES and consent.student_id == iep.student_id
        if iep.status == IEP.Status.AWAITING_CONSENT:
            assert consent.status == Consent.Status.REQUESTED and consent.attempts.exists()
            assert not iep.signatures.exists()
            continue
        assert consent.status == Consent.Status.GRANTED
        signature = iep.signatures.get()
        assert signature.purpose == Signature.Purpose.CONSENT and signature.method != Signature.Method.PAPER
        assert signature.document_hash == iep.content_hash
        assert signature.guardian_id == consent.guardian_id
        if consent.guardian_id is None:
            assert iep.student.rights_transferred_on <= consent.responded_on
        else:
            assert (iep.student_id, consent.guardian_id) in holders
        assert iep.start_date >= consent.responded_on


def test_placements_and_contents_are_varied_and_the_environments_follow_the_rules(district):
    current = list(IEP.objects.filter(status="in_effect").prefetch_related("services"))
    codes = Counter(i.environment_code for i in current)
    assert codes.most_common(1)[0][0] == "RC80" and codes["RC80"] > 0.5 * len(current)
    assert codes["RC79TO40"] > 0 and codes["RC39"] > 0
    for iep in current:
        facts = [rules.ServiceFacts(id=s.pk, order=s.order, location=s.location, minutes=s.minutes, times=s.times,
                                    period=s.period) for s in iep.services.all()]
        assert iep.minutes_outside_regular_class == rules.minutes_outside_regular_class(facts)
    assert len({i.present_levels_academic for i in current}) > 0.95 * len(current)
    assert len({i.parent_concerns for i in current}) > 8
    statements = list(Goal.objects.values_list("statement", flat=True))
    assert not any(rules.PLACEHOLDER.search(s) for s in statements)
    current_goals = list(Goal.objects.filter(iep__status="in_effect").values_list("statement", flat=True))
    assert len(set(current_goals)) > 0.95 * len(current_goals)  # individualised, not one text for all
    assert IEP.objects.filter(factor_behavior=True).exclude(special_factors_notes="").exists()
    alternate = IEP.objects.filter(district_assessment="alternate", status="in_effect")
    for iep in alternate:
        assert iep.alternate_assessment_reason
        assert all(2 <= g.objectives.count() <= 3 for g in iep.goals.all())
    roles = set(Service.objects.values_list("provider_role", flat=True))
    available = services.provider_roles_available(district.district.pk) | rules.ALWAYS_AVAILABLE_ROLES
    assert roles <= available and "speech_language" in roles


def test_every_iep_row_passes_full_clean(district):
    for model in (IEP, Goal, Objective, Service, Accommodation, Signature, Consent):
        rows = list(model.objects.order_by("?")[:60])
        assert rows, model
        for row in rows:
            try:
                row.full_clean()
            except ValidationError as exc:  # pragma: no cover - the message says which row and why
                pytest.fail(f"{model.__name__} {row.pk}: {exc.message_dict}")
