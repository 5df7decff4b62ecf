"""The IEP pages: the editor renders every section, saves field by field, and refuses what it must."""

from __future__ import annotations

import pytest

from openiep.access.policy import Action, allows
from openiep.iep.models import IEP, Goal
from openiep.iep.tests.factories import (
    AccommodationFactory,
    GoalFactory,
    IEPFactory,
    InEffectIEPFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def url(student, iep, tail=""):
    return f"/students/{student.pk}/ieps/{iep.pk}/{tail}"


@pytest.fixture
def draft(cast):
    iep = IEPFactory(student=cast.student)
    GoalFactory(iep=iep)
    ServiceFactory(iep=iep)
    AccommodationFactory(iep=iep)
    return iep


def test_the_case_manager_sees_the_editor_with_every_section(cast, client, draft):
    client.force_login(cast["case_manager"])
    response = client.get(url(cast.student, draft))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Present levels of academic achievement", "Special factors", "Measurable annual goals",
                    "Services, aids, modifications", "Accommodations", "Least restrictive environment",
                    "Extended school year", "things to do before finalising"):
        assert heading in html, heading
    assert 'data-autosave' in html and 'name="original-present_levels_academic"' in html


def test_a_general_education_teacher_reads_the_iep_but_cannot_edit(cast, client, draft):
    assert not allows(cast["gened_teacher"], Action.DRAFT_IEP)
    client.force_login(cast["gened_teacher"])
    response = client.get(url(cast.student, draft))
    assert response.status_code == 200
    assert "data-autosave" not in response.content.decode()
    assert client.post(url(cast.student, draft, "autosave/"), {"parent_concerns": "x"}).status_code == 403


def test_the_parent_sees_a_draft_only_once_it_is_shared(cast, client, draft):
    client.force_login(cast["parent"])
    assert client.get(url(cast.student, draft)).status_code == 404
    draft.shared_with_parents_at = draft.created_at
    draft.save()
    response = client.get(url(cast.student, draft))
    assert response.status_code == 200
    assert "IEP on one page" in response.content.decode()


def test_an_outsider_gets_404(cast, client):
    other = IEPFactory(student=cast.outsider)
    client.force_login(cast["case_manager"])
    assert client.get(url(cast.outsider, other)).status_code == 404
    # Another student's IEP through this student's URL.
    assert client.get(url(cast.student, other)).status_code == 404


def test_autosave_writes_one_field_and_answers_json(cast, client, draft):
    client.force_login(cast["case_manager"])
    response = client.post(url(cast.student, draft, "autosave/"), {
        "parent_concerns": "Homework takes two hours.", "original-parent_concerns": "",
    }, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["saved"] == ["parent_concerns"]
    draft.refresh_from_db()
    assert draft.parent_concerns == "Homework takes two hours."


def test_autosave_of_a_field_someone_else_changed_is_a_conflict_with_both_texts(cast, client, draft):
    client.force_login(cast["case_manager"])
    original = draft.present_levels_academic
    IEP.objects.filter(pk=draft.pk).update(present_levels_academic="Their newer text.")
    response = client.post(url(cast.student, draft, "autosave/"), {
        "present_levels_academic": "My text.", "original-present_levels_academic": original,
    }, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["conflicts"] == [{"field": "present_levels_academic", "theirs": "Their newer text.", "yours": "My text."}]
    assert "Their newer text." in body["html"] and "My text." in body["html"]
    draft.refresh_from_db()
    assert draft.present_levels_academic == "Their newer text."


def test_minutes_that_are_not_a_number_get_a_message_at_the_field_and_nothing_else_changes(cast, client, draft):
    client.force_login(cast["case_manager"])
    service = draft.services.get()
    response = client.post(url(cast.student, draft, f"services/{service.pk}/save/"), {
        "minutes": "thirty", "original-minutes": "30", "name": "Reading", "original-name": service.name,
    }, HTTP_ACCEPT="application/json")
    assert response.status_code == 422
    assert "minutes" in response.json()["errors"]
    service.refresh_from_db()
    assert (service.minutes, service.name) == (30, "Specialised reading instruction")


def test_a_service_ending_before_it_starts_is_refused_at_the_field(cast, client, draft):
    client.force_login(cast["case_manager"])
    service = draft.services.get()
    response = client.post(url(cast.student, draft, f"services/{service.pk}/save/"), {
        "end_date": "2000-01-01", "original-end_date": service.end_date.isoformat(),
    }, HTTP_ACCEPT="application/json")
    assert response.status_code == 422
    assert "end_date" in response.json()["errors"]


def test_a_goal_without_a_statement_is_not_added(cast, client, draft):
    client.force_login(cast["case_manager"])
    before = Goal.objects.count()
    response = client.post(url(cast.student, draft, "goals/add/"), {"area": "reading", "statement": ""})
    assert response.status_code == 302
    assert Goal.objects.count() == before


def test_a_goal_from_the_bank_is_inserted_with_the_students_name(cast, client, draft):
    client.force_login(cast["case_manager"])
    results = client.get(url(cast.student, draft, "bank/goals/"), {"q": "fluency", "band": ""})
    assert results.status_code == 200
    from openiep.iep.models import GoalBankEntry

    entry = GoalBankEntry.objects.filter(area="reading").first()
    response = client.post(url(cast.student, draft, "goals/from-bank/"), {"key": entry.key})
    assert response.status_code == 302
    goal = draft.goals.get(bank_key=entry.key)
    assert "Maya" in goal.statement and "[student]" not in goal.statement


def test_a_finalised_iep_cannot_be_changed(cast, client):
    iep = InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    response = client.post(url(cast.student, iep, "autosave/"), {"parent_concerns": "x"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 422
    assert "cannot be changed" in str(response.json()["errors"])


def test_the_draft_pdf_is_a_pdf(cast, client, draft):
    client.force_login(cast["case_manager"])
    response = client.get(url(cast.student, draft, "pdf/"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
