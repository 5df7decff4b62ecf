"""Safeguards writes: the notice with the first referral, records and amendment requests, IEEs, disputes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from openiep.evaluations.tests.factories import CompletedEvaluationFactory, EvaluationFactory
from openiep.people.models import Guardian
from openiep.referrals import services as referral_services
from openiep.referrals.models import Referral
from openiep.referrals.tests.factories import ReferralFactory, days_ago
from openiep.safeguards import services
from openiep.safeguards.models import (
    AmendmentRequest,
    Dispute,
    IEERequest,
    SafeguardsNotice,
    SafeguardsPolicy,
)
from openiep.safeguards.tests.factories import AmendmentRequestFactory, IEERequestFactory

pytestmark = pytest.mark.django_db


def refer(cast, **kwargs):
    data = {"student": cast.student, "received_on": days_ago(1), "source": Referral.Source.TEACHER,
            "reason": "Reading", "areas_of_concern": ["reading"], "actor": cast["case_manager"]}
    data.update(kwargs)
    return referral_services.referral_create(**data)


def test_the_first_referral_records_the_notice_given_to_the_rights_holder_in_their_language(cast):
    refer(cast)
    notice = SafeguardsNotice.objects.get(student=cast.student)
    assert notice.trigger == SafeguardsNotice.Trigger.INITIAL_REFERRAL
    assert notice.guardian.first_name == "Pat"
    assert notice.language == "es"
    assert notice.given_on == days_ago(1)
    assert notice.history.first().history_user == cast["case_manager"]


def test_a_later_staff_referral_records_no_second_notice_but_a_parent_request_does(cast):
    ReferralFactory(student=cast.student, received_on=days_ago(300), status=Referral.Status.WITHDRAWN,
                    decided_on=days_ago(290))
    refer(cast)
    assert not SafeguardsNotice.objects.exists()
    Referral.objects.filter(student=cast.student).update(status=Referral.Status.WITHDRAWN, decided_on=days_ago(0))
    refer(cast, source=Referral.Source.PARENT, is_written_parent_request=True, actor=cast["parent"])
    assert SafeguardsNotice.objects.get().method == SafeguardsNotice.Method.PORTAL


def test_no_notice_is_recorded_without_a_parent_to_give_it_to(cast):
    refer(cast, student=cast.outsider)
    assert not SafeguardsNotice.objects.exists()


def test_a_records_request_needs_what_and_who(cast):
    with pytest.raises(ValidationError) as exc:
        services.records_request_add(student=cast.student, requested_on=days_ago(0), records_wanted=" ",
                                     actor=cast["case_manager"], requested_by_name="Pat")
    assert "records_wanted" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.records_request_add(student=cast.student, requested_on=days_ago(0), records_wanted="All",
                                     actor=cast["case_manager"])
    assert "guardian" in exc.value.message_dict


def test_a_guardian_of_another_child_is_refused(cast):
    stranger = Guardian.objects.create(district=cast.district, first_name="Sam", last_name="Stranger")
    with pytest.raises(ValidationError) as exc:
        services.records_request_add(student=cast.student, requested_on=days_ago(0), records_wanted="All",
                                     guardian=stranger, actor=cast["case_manager"])
    assert "guardian" in exc.value.message_dict


def test_a_records_request_is_answered_once(cast):
    request = services.records_request_add(student=cast.student, requested_on=days_ago(3), records_wanted="All",
                                           requested_by_name="Pat", actor=cast["case_manager"])
    services.records_request_answer(request=request, answered_on=days_ago(0), answer="Reviewed with Pat.",
                                    actor=cast["case_manager"])
    with pytest.raises(ValidationError):
        services.records_request_answer(request=request, answered_on=days_ago(0), answer="Again",
                                        actor=cast["case_manager"])


def test_a_refused_amendment_needs_reasons_and_then_takes_the_parents_statement(cast):
    request = AmendmentRequestFactory(student=cast.student)
    with pytest.raises(ValidationError) as exc:
        services.amendment_statement_add(request=request, statement="I disagree", added_on=days_ago(0),
                                         actor=cast["parent"])
    with pytest.raises(ValidationError) as exc:
        services.amendment_decide(request=request, decision="refused", decided_on=days_ago(0), reason="",
                                  actor=cast["case_manager"])
    assert "decision_reason" in exc.value.message_dict
    services.amendment_decide(request=request, decision="refused", decided_on=days_ago(0),
                              reason="The observation is accurate.", actor=cast["case_manager"])
    services.amendment_statement_add(request=request, statement="She has friends.", added_on=days_ago(0),
                                     actor=cast["parent"])
    request.refresh_from_db()
    assert request.disagreement_statement == "She has friends."
    assert request.decision == AmendmentRequest.Decision.REFUSED


def test_an_iee_takes_the_districts_days_and_only_a_completed_evaluation(cast):
    SafeguardsPolicy.objects.create(district=cast.district, iee_response_days=10)
    with pytest.raises(ValidationError) as exc:
        services.iee_request_add(student=cast.student, evaluation=EvaluationFactory(student=cast.student),
                                 requested_on=days_ago(0), actor=cast["parent"])
    assert "evaluation" in exc.value.message_dict
    evaluation = CompletedEvaluationFactory(student=cast.student)
    request = services.iee_request_add(student=cast.student, evaluation=evaluation, requested_on=days_ago(0),
                                       actor=cast["parent"])
    assert request.response_days == 10


def test_an_evaluation_of_another_student_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.iee_request_add(student=cast.student, evaluation=CompletedEvaluationFactory(student=cast.outsider),
                                 requested_on=days_ago(0), actor=cast["parent"])
    assert "evaluation" in exc.value.message_dict


def test_one_publicly_funded_iee_per_evaluation(cast):
    request = IEERequestFactory(student=cast.student)
    services.iee_respond(request=request, response="funded", responded_on=days_ago(0), actor=cast["case_manager"])
    with pytest.raises(ValidationError) as exc:
        services.iee_request_add(student=cast.student, evaluation=request.evaluation, requested_on=days_ago(0),
                                 actor=cast["parent"])
    assert "300.502(b)(5)" in exc.value.message_dict["evaluation"][0]
    second = IEERequestFactory(student=cast.student, evaluation=request.evaluation)
    with pytest.raises(ValidationError) as exc:
        services.iee_respond(request=second, response="funded", responded_on=days_ago(0), actor=cast["case_manager"])
    assert "response" in exc.value.message_dict
    assert IEERequest.objects.filter(response="funded").count() == 1


def test_filing_for_a_hearing_opens_the_districts_due_process_complaint(cast):
    request = IEERequestFactory(student=cast.student)
    services.iee_respond(request=request, response="hearing_filed", responded_on=days_ago(0),
                         actor=cast["case_manager"])
    dispute = Dispute.objects.get(student=cast.student)
    assert (dispute.kind, dispute.filed_by, dispute.filed_on) == ("due_process", "district", days_ago(0))


def test_a_dispute_is_updated_then_closed_and_then_frozen(cast):
    dispute = services.dispute_add(student=cast.student, kind="due_process", filed_on=days_ago(5),
                                   summary="No reading services.", actor=cast["case_manager"])
    services.dispute_update(dispute=dispute, actor=cast["case_manager"], stay_put_placement="Grade 4, Lincoln",
                            resolution_meeting_on=days_ago(1))
    with pytest.raises(ValidationError) as exc:
        services.dispute_update(dispute=dispute, actor=cast["case_manager"], district_response_on=days_ago(9))
    assert "district_response_on" in exc.value.message_dict
    services.dispute_close(dispute=dispute, status="resolved", closed_on=days_ago(0), outcome="Agreement signed.",
                           actor=cast["case_manager"])
    with pytest.raises(ValidationError):
        services.dispute_update(dispute=dispute, actor=cast["case_manager"], hearing_on=days_ago(0))
    dispute.refresh_from_db()
    assert dispute.stay_put_placement == "Grade 4, Lincoln"
    assert dispute.status == "resolved"
