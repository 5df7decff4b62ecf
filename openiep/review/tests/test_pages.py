"""The step-7 page: removals and the review they call for, exits, reevaluations and transfers in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openiep.iep.models import IEP
from openiep.iep.tests.factories import InEffectIEPFactory
from openiep.referrals.models import Consent
from openiep.review.models import Exit, ManifestationReview, ReevaluationPlan, Removal, TransferIn

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def days_ago(n):
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def url(student, path=""):
    return f"/students/{student.pk}/review/{path}"


def removal(**changes):
    data = {"removal-starts_on": days_ago(6), "removal-school_days": "11", "removal-kind": "OUTOFSCHOOL",
            "removal-circumstance": "", "removal-behavior": "Hit a classmate during recess.",
            "removal-part_of_pattern": "", "removal-parent_notified_on": days_ago(6)}
    data.update({f"removal-{k}": v for k, v in changes.items()})
    return data


def test_the_case_manager_sees_every_section_and_its_forms(client, cast):
    InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    page = body(client.get(url(cast.student)))
    for text in ("Annual review", "Reevaluation", "Transfers in", "Discipline", "Exits from special education",
                 "Record a removal", "Record an exit"):
        assert text in page


def test_a_parent_sees_the_page_without_forms_and_a_teacher_cannot_record(client, cast):
    client.force_login(cast["parent"])
    assert "Record a removal" not in body(client.get(url(cast.student)))
    client.force_login(cast["gened_teacher"])
    assert client.post(url(cast.student, "removals/"), removal()).status_code == 403
    assert not Removal.objects.exists()


def test_an_outsider_gets_a_404(client, cast):
    client.force_login(cast["case_manager"])
    assert client.get(url(cast.outsider)).status_code == 404
    assert client.post(url(cast.outsider, "removals/"), removal()).status_code == 404


def test_a_long_removal_asks_for_the_review_and_the_review_answers_the_two_questions(client, cast):
    client.force_login(cast["case_manager"])
    assert client.post(url(cast.student, "removals/"), removal()).status_code == 302
    page = body(client.get(url(cast.student)))
    assert "Due by" in page and "Manifestation determination review" in page
    entry = Removal.objects.get()
    data = {f"mdr{entry.pk}-held_on": days_ago(1), f"mdr{entry.pk}-caused_by_disability": "True",
            f"mdr{entry.pk}-failure_to_implement": "False", f"mdr{entry.pk}-participants": "Parent, case manager"}
    assert client.post(url(cast.student, f"removals/{entry.pk}/manifestation-review/"), data).status_code == 302
    assert ManifestationReview.objects.get().is_manifestation
    again = client.post(url(cast.student, f"removals/{entry.pk}/manifestation-review/"), data)
    assert again.status_code == 422 and "already has its review" in body(again)


def test_bad_removals_are_refused_at_the_field(client, cast):
    client.force_login(cast["case_manager"])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(url(cast.student, "removals/"), removal(starts_on=future))
    assert response.status_code == 422 and "cannot be in the future" in body(response)
    response = client.post(url(cast.student, "removals/"), removal(kind="REMDW"))
    assert response.status_code == 422 and "drugs, weapons or a serious bodily injury" in body(response)
    response = client.post(url(cast.student, "removals/"), removal(school_days="0"))
    assert response.status_code == 422
    assert not Removal.objects.exists()


def test_an_interim_setting_shows_its_last_day(client, cast):
    client.force_login(cast["case_manager"])
    client.post(url(cast.student, "removals/"), removal(kind="REMDW", circumstance="W", school_days="45"))
    assert "Interim setting at most to" in body(client.get(url(cast.student)))


def test_a_review_for_another_students_removal_is_a_404(client, cast):
    from openiep.review.tests.harness import _removal

    other = _removal(cast.outsider)
    client.force_login(cast["district_admin"])
    response = client.post(url(cast.student, f"removals/{other}/manifestation-review/"), {})
    assert response.status_code == 404


def exit_data(**changes):
    data = {"exit-exited_on": days_ago(1), "exit-reason": "DROPOUT", "exit-notes": "", "exit-academic_achievement": "",
            "exit-functional_performance": "", "exit-recommendations": ""}
    data.update({f"exit-{k}": v for k, v in changes.items()})
    return data


def test_an_exit_ends_the_iep_in_effect_and_keeps_it(client, cast):
    iep = InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    assert client.post(url(cast.student, "exit/"), exit_data()).status_code == 302
    iep.refresh_from_db()
    assert iep.status == IEP.Status.ENDED and iep.ended_on == timezone.localdate() - timedelta(days=1)
    assert Exit.objects.get().iep == iep
    assert iep.history.first().status == "ended"
    # Re-entry later: a new IEP can go in effect, the exit and the old IEP stay.
    InEffectIEPFactory(student=cast.student)
    assert IEP.objects.filter(student=cast.student).count() == 2 and Exit.objects.count() == 1


def test_a_graduate_needs_the_summary_of_performance(client, cast):
    InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    response = client.post(url(cast.student, "exit/"), exit_data(reason="GHS"))
    assert response.status_code == 422 and "300.305(e)(3)" in body(response)
    assert not Exit.objects.exists()
    ok = exit_data(reason="GHS", academic_achievement="Reads at grade 11.", functional_performance="Independent.",
                   recommendations="Extended time in college courses.")
    assert client.post(url(cast.student, "exit/"), ok).status_code == 302


def test_an_exit_before_the_iep_started_is_refused(client, cast):
    InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    response = client.post(url(cast.student, "exit/"), exit_data(exited_on=days_ago(60)))
    assert response.status_code == 422 and "the exit comes after" in body(response)


def test_a_reevaluation_plan_asks_for_consent_or_records_that_it_is_not_needed(client, cast):
    client.force_login(cast["case_manager"])
    planned = (timezone.localdate() + timedelta(days=40)).isoformat()
    data = {"reevaluation-planned_on": planned, "reevaluation-existing_data_review": "", "reevaluation-reviewed_on": "",
            "reevaluation-not_needed_agreed_on": ""}
    assert client.post(url(cast.student, "reevaluation/"), data).status_code == 302
    plan = ReevaluationPlan.objects.get()
    assert plan.consent.kind == Consent.Kind.REEVALUATION and plan.consent.status == "requested"
    data["reevaluation-not_needed_agreed_on"] = days_ago(2)
    assert client.post(url(cast.student, "reevaluation/"), data).status_code == 302
    assert Consent.objects.count() == 1


def test_a_reevaluation_within_a_year_needs_the_agreement(client, cast):
    from openiep.evaluations.tests.factories import CompletedEvaluationFactory

    CompletedEvaluationFactory(student=cast.student)
    client.force_login(cast["case_manager"])
    planned = (timezone.localdate() + timedelta(days=40)).isoformat()
    data = {"reevaluation-planned_on": planned}
    response = client.post(url(cast.student, "reevaluation/"), data)
    assert response.status_code == 422 and "300.303(b)(1)" in body(response)
    data["reevaluation-agreed_early"] = "on"
    assert client.post(url(cast.student, "reevaluation/"), data).status_code == 302


def test_a_transfer_in_from_the_same_state_has_a_decision_date_and_its_choices(client, cast):
    client.force_login(cast["case_manager"])
    data = {"transfer-received_on": days_ago(3), "transfer-from_district": "Lakeview City", "transfer-from_state": "oh",
            "transfer-previous_iep_received": "on", "transfer-comparable_services": "Reading 4 x 30 minutes a week"}
    assert client.post(url(cast.student, "transfers/"), data).status_code == 302
    transfer = TransferIn.objects.get()
    assert transfer.same_state and transfer.decision_due_on is not None and transfer.from_state == "OH"
    bad = client.post(url(cast.student, f"transfers/{transfer.pk}/decide/"),
                      {f"t{transfer.pk}-decision": "evaluating", f"t{transfer.pk}-decided_on": days_ago(1)})
    assert bad.status_code == 422 and "adopt the previous IEP" in body(bad)
    assert client.post(url(cast.student, f"transfers/{transfer.pk}/decide/"),
                       {f"t{transfer.pk}-decision": "adopted", f"t{transfer.pk}-decided_on": days_ago(1)}).status_code == 302
    assert TransferIn.objects.get().decision == "adopted"


def test_a_transfer_from_another_state_evaluates(client, cast):
    client.force_login(cast["case_manager"])
    data = {"transfer-received_on": days_ago(3), "transfer-from_district": "Austin ISD", "transfer-from_state": "TX",
            "transfer-comparable_services": "Speech 2 x 30 a week"}
    client.post(url(cast.student, "transfers/"), data)
    transfer = TransferIn.objects.get()
    assert not transfer.same_state and transfer.decision_due_on is None
    assert "Another state" in body(client.get(url(cast.student)))
    response = client.post(url(cast.student, "transfers/"), {**data, "transfer-comparable_services": ""})
    assert response.status_code == 422 and "comparable services" in body(response)


def test_the_page_does_not_grow_with_records(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openiep.review.tests.harness import _removal, _transfer

    InEffectIEPFactory(student=cast.student)
    client.force_login(cast["case_manager"])

    def count():
        client.get(url(cast.student))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast.student)).status_code == 200
        return len(ctx.captured_queries)

    _removal(cast.student)
    _transfer(cast.student)
    small = count()
    for _ in range(4):
        _removal(cast.student)
        _transfer(cast.student)
    assert count() == small
