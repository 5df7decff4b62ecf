"""The synthetic district: deterministic, complete teams, working demo accounts, safe to rerun."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from openiep.compliance.models import CalendarUpload, Deadline
from openiep.demo.seed import DEMO_PASSWORD, DEMO_USERNAMES, seed_district
from openiep.eligibility.models import EligibilityDetermination, EligibilityVote
from openiep.evaluations.models import Evaluation, EvaluationArea
from openiep.iep.models import IEP, Goal, Service, Signature
from openiep.iep.models import Accommodation as IEPAccommodation
from openiep.people.models import (
    AdvocateGrant,
    Guardian,
    Guardianship,
    School,
    SectionEnrollment,
    Student,
    TeamMembership,
    User,
)
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral

TODAY = date(2026, 11, 23)
NOW = datetime.fromisoformat("2026-11-23T15:00:00+00:00")


def digest() -> str:
    """A fingerprint of the seeded data by natural keys (primary keys may differ between runs)."""
    h = hashlib.sha256()
    queries = [
        Student.objects.values_list(
            "local_id", "state_id", "first_name", "middle_name", "last_name", "preferred_name", "date_of_birth",
            "grade", "sex", "race_ethnicity", "home_language", "english_learner", "enrolled_on", "school__name",
            "rights_transferred_on",
        ),
        User.objects.values_list("username", "first_name", "last_name", "role", "discipline", "school__name"),
        Guardian.objects.values_list("first_name", "last_name", "email", "phone", "address", "preferred_language",
                                     "needs_interpreter", "user__username"),
        Guardianship.objects.values_list("student__local_id", "guardian__first_name", "guardian__last_name",
                                         "guardian__email", "relationship", "holds_educational_rights",
                                         "has_record_access", "lives_with_student"),
        TeamMembership.objects.values_list("student__local_id", "member__username", "role", "start_date",
                                           "end_date"),
        SectionEnrollment.objects.values_list("section__school__name", "section__code", "section__title", "role",
                                              "student__local_id", "teacher__username"),
        AdvocateGrant.objects.values_list("student__local_id", "advocate__username", "granted_by__username"),
        # Steps 1-4: every field, foreign keys by natural key.
        *(
            model.objects.values_list(*natural_fields(model))
            for model in (Concern, Intervention, DataPoint, Accommodation, Review, Referral, PriorWrittenNotice,
                          Consent, ConsentAttempt, Evaluation, EvaluationArea, EligibilityDetermination,
                          EligibilityVote, CalendarUpload)
        ),
        Deadline.objects.values_list("student__local_id", "rule_id", "start_on", "due_on", "done_on", "estimated",
                                     "responsible__username", "explanation"),
        # Step 5: the IEPs and their rows (the snapshot and hash name primary keys, so they are left out).
        IEP.objects.values_list("student__local_id", "version", "kind", "status", "start_date", "end_date", "ended_on",
                                "environment_code", "minutes_outside_regular_class", "present_levels_academic",
                                "parent_concerns", "case_manager__username", "finalized_at"),
        Goal.objects.values_list("iep__student__local_id", "iep__version", "order", "statement", "baseline",
                                 "baseline_value", "target_value", "lineage", "carried_from__iep__version"),
        Service.objects.values_list("iep__student__local_id", "iep__version", "order", "name", "provider_role",
                                    "minutes", "times", "period", "location", "lineage"),
        IEPAccommodation.objects.values_list("iep__student__local_id", "iep__version", "order", "bank_key", "lineage"),
        Signature.objects.values_list("iep__student__local_id", "signer_name", "method", "signed_at"),
    ]
    for rows in queries:
        for row in sorted(rows, key=repr):
            h.update(repr(row).encode())
    return h.hexdigest()


NATURAL_KEYS = {  # model -> the lookup that names a row of it without its primary key
    "people.Student": "local_id", "people.User": "username", "people.Guardian": "email",
    "referrals.Referral": "received_on", "prereferral.Concern": "raised_on",
    "prereferral.Intervention": "strategy", "referrals.Consent": "requested_on",
    "evaluations.Evaluation": "planned_on", "eligibility.EligibilityDetermination": "determined_on",
    "referrals.PriorWrittenNotice": "issued_on", "people.District": "name",
}


def natural_fields(model) -> list[str]:
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in {"created_at", "recorded_at", "updated_at", "uploaded_at"}:
            continue
        if field.is_relation:
            fields.append(f"{field.name}__{NATURAL_KEYS[field.related_model._meta.label]}")
            if field.related_model is not Student and hasattr(field.related_model, "student"):
                fields.append(f"{field.name}__student__local_id")
        else:
            fields.append(field.name)
    return fields


def seeded_digest(students: int, seed: int) -> str:
    """Seed inside a savepoint, fingerprint, and roll back so the next seed starts from empty."""
    with transaction.atomic():
        seed_district(students=students, seed=seed, today=TODAY, now=NOW)
        result = digest()
        transaction.set_rollback(True)
    assert not Student.objects.exists()
    return result


@pytest.mark.django_db
def test_same_seed_gives_the_same_district_and_its_cases_another_seed_another():
    first = seeded_digest(200, seed=1)
    assert seeded_digest(200, seed=1) == first
    assert seeded_digest(200, seed=2) != first


@pytest.mark.django_db
def test_scale_and_mix():
    result = seed_district(students=1000, seed=3, today=TODAY, now=NOW)
    assert Student.objects.count() == 1000
    assert result.counts["students"] == 1000
    assert School.objects.count() == 3  # at least three: elementary, middle, high
    grades = set(Student.objects.values_list("grade", flat=True))
    assert {"KG", "05", "06", "08", "09", "12"} <= grades
    learners = Student.objects.filter(english_learner=True).count()
    assert 70 <= learners <= 180, learners  # about 12%
    spanish = Guardian.objects.filter(preferred_language="es").count() / Guardian.objects.count()
    assert 0.15 <= spanish <= 0.35, spanish  # about a quarter
    assert Guardian.objects.filter(needs_interpreter=True).exists()
    assert Guardianship.objects.filter(relationship=Guardianship.Relationship.GRANDPARENT).exists()
    assert Student.objects.exclude(home_language__in=["en", "es"]).exists()
    # race_ethnicity is derived by the same rule the edit form uses
    assert Student.objects.filter(hispanic_latino=True).exclude(race_ethnicity="HI7").count() == 0
    # a child in grade 4 this year was 9 or 10 on 1 September
    for dob in Student.objects.filter(grade="04").values_list("date_of_birth", flat=True):
        assert date(2015, 9, 2) <= dob <= date(2017, 9, 1)
    # staff scale with students: about one case manager per fifteen
    managers = User.objects.filter(role=User.Role.CASE_MANAGER).count()
    assert 50 <= managers <= 90, managers


@pytest.mark.django_db
def test_every_student_has_exactly_one_open_case_manager_and_teams_started_in_the_past():
    seed_district(students=400, seed=5, today=TODAY, now=NOW)
    open_cm = Count("team", filter=Q(team__role=TeamMembership.TeamRole.CASE_MANAGER, team__end_date__isnull=True))
    counts = Student.objects.annotate(n=open_cm).values_list("n", flat=True)
    assert set(counts) == {1}
    assert not TeamMembership.objects.filter(start_date__gt=TODAY).exists()
    assert TeamMembership.objects.filter(end_date__isnull=False).exists()  # some caseloads changed hands
    assert SectionEnrollment.objects.filter(role=SectionEnrollment.Role.TEACHER).exists()


@pytest.mark.django_db
def test_demo_accounts_sign_in_and_land_on_a_meaningful_home(client):
    result = seed_district(students=200, seed=1)
    assert [a.username for a in result.demo_accounts] == list(DEMO_USERNAMES)
    parent = User.objects.get(username="parent")
    children = list(Student.objects.filter(guardianships__guardian__user=parent).order_by("pk"))
    assert len(children) == 2
    casemanager = User.objects.get(username="casemanager")
    caseload = set(TeamMembership.objects.filter(member=casemanager, end_date__isnull=True)
                   .values_list("student_id", flat=True))
    assert len(caseload) == 15
    assert {c.pk for c in children} <= caseload
    assert User.objects.get(username="padre").preferred_language == "es"

    expect_on_home = {
        "casemanager": "15 students",
        "parent": children[0].first_name,
        "advocate": children[0].first_name,
        "districtadmin": "Lincoln Elementary School",
        "auditor": "Lincoln Elementary School",
    }
    for username in DEMO_USERNAMES:
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        response = client.get("/", follow=True)
        assert response.status_code == 200, username
        html = response.content.decode()
        if username in expect_on_home:
            assert expect_on_home[username] in html, username
        if username in {"spedteacher", "genedteacher", "provider", "psychologist", "evaluator", "schooladmin"}:
            assert "No students match" not in html, username
    assert client.login(username="schooladmin", password=DEMO_PASSWORD)
    school = User.objects.get(username="schooladmin").school
    assert client.get("/").url == f"/schools/{school.pk}/"


@pytest.mark.django_db
def test_if_empty_does_nothing_the_second_time():
    out = StringIO()
    call_command("seed", students=60, seed=1, if_empty=True, quiet=True, stdout=out)
    assert "casemanager" in out.getvalue()
    counts = (Student.objects.count(), User.objects.count(), TeamMembership.objects.count())
    out = StringIO()
    call_command("seed", students=60, seed=1, if_empty=True, quiet=True, stdout=out)
    assert "nothing seeded" in out.getvalue()
    assert (Student.objects.count(), User.objects.count(), TeamMembership.objects.count()) == counts
    with pytest.raises(CommandError, match="already has 60 students"):
        call_command("seed", students=60, quiet=True, stdout=StringIO())


@pytest.mark.django_db
def test_state_is_checked():
    with pytest.raises(CommandError, match="Unknown state"):
        call_command("seed", students=60, state="XX", quiet=True, stdout=StringIO())
    call_command("seed", students=60, state="tx", quiet=True, stdout=StringIO())
    assert Student.objects.get(local_id="100001").district.state == "TX"
