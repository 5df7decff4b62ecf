"""The writes of step 2, each with every bad input it must refuse (and nothing written when it does)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from openiep.compliance import services as compliance_services
from openiep.compliance.models import Deadline
from openiep.people.models import Guardian
from openiep.people.tests.factories import GuardianFactory, GuardianshipFactory
from openiep.referrals import rules, services
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral
from openiep.referrals.tests.factories import ConsentAttemptFactory, ConsentFactory, ReferralFactory, days_ago

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def notice_text(**overrides) -> dict[str, str]:
    return {
        "action_description": "The district proposes an initial evaluation of Maya.",
        "reasons": "Her teacher's referral and two rounds of reading intervention with little progress.",
        "evaluation_basis": "The referral of September 3; the reading intervention records.",
        "safeguards_statement": "You are protected by the procedural safeguards; a copy is enclosed.",
        "assistance_sources": "Maya's case manager; the Parent Training and Information Center.",
        "options_considered": "More intervention without an evaluation; rejected because progress is slow.",
        "other_factors": "None.",
        **overrides,
    }


def counts() -> tuple[int, int, int, int]:
    return (Referral.objects.count(), PriorWrittenNotice.objects.count(), Consent.objects.count(),
            ConsentAttempt.objects.count())


@pytest.fixture
def cm(cast):
    return cast["case_manager"]


@pytest.fixture
def referral(cast, cm):
    return services.referral_create(
        student=cast.student, received_on=days_ago(20), source=Referral.Source.TEACHER,
        reason="Reads two years below grade level.", areas_of_concern=["math", "reading"], actor=cm,
    )


@pytest.fixture
def consent(referral, cm) -> Consent:
    return services.referral_propose_evaluation(
        referral=referral, decided_on=days_ago(15), actor=cm, **notice_text()
    ).consent


@pytest.fixture
def guardian(cast) -> Guardian:
    return Guardian.objects.get(user=cast["parent"])


# --- referral_create ---------------------------------------------------------------------------------------------


def test_a_referral_is_entered_with_areas_in_list_order_and_starts_the_clock(cast, cm, recompute):
    referral = services.referral_create(
        student=cast.student, received_on=days_ago(3), source=Referral.Source.PARENT, reason="  Worried.  ",
        areas_of_concern=["math", "reading", "math"], actor=cm, referred_by_name="Pat Alvarez",
        is_written_parent_request=True,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING_DECISION
    assert referral.areas_of_concern == ["reading", "math"]
    assert referral.reason == "Worried."
    assert referral.created_by == cm
    assert referral.history.first().history_user == cm
    assert recompute == [[cast.student.pk]]
    # Ohio: the consent request is due 30 days after the referral (OAC 3301-51-06).
    deadline = Deadline.objects.get(student=cast.student, rule_id="consent_request_after_referral")
    assert deadline.due_on == days_ago(3) + timedelta(days=30)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "received_on", "cannot be in the future"),
        ({"received_on": None}, "received_on", "Enter the date"),
        ({"areas_of_concern": []}, "areas_of_concern", "at least one area"),
        ({"areas_of_concern": ["reading", "astrology"]}, "areas_of_concern", "Unknown area of concern: astrology"),
        ({"is_written_parent_request": True}, "is_written_parent_request", "comes from a parent"),
        ({"reason": "  "}, "reason", "blank"),
        ({"source": "neighbour"}, "source", "not a valid choice"),
    ],
)
def test_a_referral_with_bad_input_is_refused_at_the_field(cast, cm, overrides, field, words):
    data = {"student": cast.student, "received_on": days_ago(3), "source": Referral.Source.TEACHER,
            "reason": "Concerns.", "areas_of_concern": ["reading"], "actor": cm, **overrides}
    with pytest.raises(ValidationError) as excinfo:
        services.referral_create(**data)
    assert words in " ".join(errors_of(excinfo)[field])
    assert Referral.objects.count() == 0


def test_a_referral_cannot_be_received_before_the_student_was_born(cast, cm):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_create(student=cast.student, received_on=cast.student.date_of_birth - timedelta(days=1),
                                 source="teacher", reason="x", areas_of_concern=["reading"], actor=cm)
    assert "date of birth" in errors_of(excinfo)["received_on"][0]


def test_a_second_referral_waits_until_the_first_is_decided(cast, cm, referral):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_create(student=cast.student, received_on=days_ago(1), source="teacher", reason="x",
                                 areas_of_concern=["reading"], actor=cm)
    assert "already has a referral awaiting" in errors_of(excinfo)[NON_FIELD_ERRORS][0]
    services.referral_withdraw(referral=referral, withdrawn_on=days_ago(2), reason="Parent withdrew.", actor=cm)
    services.referral_create(student=cast.student, received_on=days_ago(1), source="teacher", reason="x",
                             areas_of_concern=["reading"], actor=cm)
    assert Referral.objects.filter(student=cast.student).count() == 2


# --- referral_propose_evaluation ---------------------------------------------------------------------------------


def test_proposing_an_evaluation_issues_the_notice_and_requests_consent(cast, cm, referral, recompute):
    proposal = services.referral_propose_evaluation(
        referral=referral, decided_on=days_ago(15), actor=cm, **notice_text()
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EVALUATION_PROPOSED
    assert (referral.decided_on, referral.decided_by) == (days_ago(15), cm)
    notice = PriorWrittenNotice.objects.get(referral=referral)
    assert notice == proposal.notice
    assert (notice.action, notice.subject, notice.issued_on) == ("proposes", "evaluation", days_ago(15))
    assert notice.language == "es"  # the parent who holds the rights prefers Spanish (34 CFR 300.503(c))
    consent = Consent.objects.get(referral=referral)
    assert (consent.kind, consent.status, consent.requested_on) == ("initial_evaluation", "requested", days_ago(15))
    assert "not consent to special education services" in consent.description
    assert recompute == [[cast.student.pk]]
    assert Deadline.objects.get(student=cast.student, rule_id="consent_request_after_referral").done_on == \
        days_ago(15)


def test_a_proposal_keeps_the_consent_wording_the_case_manager_wrote(referral, cm):
    proposal = services.referral_propose_evaluation(referral=referral, decided_on=days_ago(1), actor=cm,
                                                    consent_description="Reading and maths only.",
                                                    language="en", **notice_text())
    assert proposal.consent.description == "Reading and maths only."
    assert proposal.notice.language == "en"


@pytest.mark.parametrize(
    ("decided_on", "words"),
    [
        (lambda: days_ago(21), "cannot be before the day the referral was received"),
        (lambda: timezone.localdate() + timedelta(days=1), "cannot be in the future"),
    ],
)
def test_a_decision_date_before_the_referral_or_in_the_future_is_refused(referral, cm, decided_on, words):
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        services.referral_propose_evaluation(referral=referral, decided_on=decided_on(), actor=cm, **notice_text())
    assert words in errors_of(excinfo)["decided_on"][0]
    assert counts() == before
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING_DECISION


def test_a_proposal_missing_notice_elements_names_each_and_writes_nothing(referral, cm):
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        services.referral_propose_evaluation(
            referral=referral, decided_on=days_ago(1), actor=cm,
            **notice_text(options_considered="", other_factors="  "),
        )
    errors = errors_of(excinfo)
    assert set(errors) == {"options_considered", "other_factors"}
    assert "Missing element 6" in errors["options_considered"][0]
    assert counts() == before


def test_a_failure_after_the_notice_leaves_neither_notice_nor_consent(referral, cm, monkeypatch):
    def fail(**kwargs):
        raise ValidationError("The deadlines could not be computed.")

    monkeypatch.setattr(compliance_services, "deadlines_recompute", fail)
    before = counts()
    with pytest.raises(ValidationError):
        services.referral_propose_evaluation(referral=referral, decided_on=days_ago(1), actor=cm, **notice_text())
    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.AWAITING_DECISION
    assert not Referral.history.filter(id=referral.pk, status=Referral.Status.EVALUATION_PROPOSED).exists()


def test_a_failing_consent_request_takes_the_notice_back_with_it(referral, cm, monkeypatch):
    real_clean = Consent.full_clean

    def bad_clean(self, *args, **kwargs):
        raise ValidationError({"requested_on": "Refused for the test."})

    monkeypatch.setattr(Consent, "full_clean", bad_clean)
    with pytest.raises(ValidationError):
        services.referral_propose_evaluation(referral=referral, decided_on=days_ago(1), actor=cm, **notice_text())
    monkeypatch.setattr(Consent, "full_clean", real_clean)
    assert PriorWrittenNotice.objects.count() == 0
    assert Consent.objects.count() == 0
    assert Referral.objects.get(pk=referral.pk).decided_on is None


def test_a_referral_is_decided_once(referral, cm, consent):
    for service in (services.referral_propose_evaluation, services.referral_refuse_evaluation):
        with pytest.raises(ValidationError) as excinfo:
            service(referral=referral, decided_on=days_ago(1), actor=cm, **notice_text())
        assert "already been decided" in errors_of(excinfo)[NON_FIELD_ERRORS][0]
    assert PriorWrittenNotice.objects.count() == 1


# --- referral_refuse_evaluation ----------------------------------------------------------------------------------


def test_refusing_issues_a_notice_that_refuses_and_asks_no_consent(cast, referral, cm, recompute):
    notice = services.referral_refuse_evaluation(
        referral=referral, decided_on=days_ago(5), actor=cm,
        **notice_text(action_description="The district refuses to evaluate Maya now.",
                      reasons="She is making good progress with the reading intervention."),
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EVALUATION_REFUSED
    assert referral.decision_notes == "She is making good progress with the reading intervention."
    assert (notice.action, notice.subject, notice.referral) == ("refuses", "evaluation", referral)
    assert Consent.objects.count() == 0
    assert recompute == [[cast.student.pk]]


def test_a_refusal_needs_every_element_of_300_503_b_and_names_each_missing_one(referral, cm):
    empty = dict.fromkeys(rules.NOTICE_FIELDS, "")
    with pytest.raises(ValidationError) as excinfo:
        services.referral_refuse_evaluation(referral=referral, decided_on=days_ago(1), actor=cm, **empty)
    errors = errors_of(excinfo)
    assert list(errors) == list(rules.NOTICE_FIELDS)
    for number, field in enumerate(rules.NOTICE_FIELDS, start=1):
        assert f"Missing element {number}" in errors[field][0]
        assert f"300.503(b)({number})" in errors[field][0]
    assert PriorWrittenNotice.objects.count() == 0
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.AWAITING_DECISION


def test_a_refusal_reports_the_date_and_the_missing_elements_together(referral, cm):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_refuse_evaluation(referral=referral, decided_on=days_ago(30), actor=cm,
                                            **notice_text(other_factors=""))
    assert set(errors_of(excinfo)) == {"decided_on", "other_factors"}


# --- referral_withdraw -------------------------------------------------------------------------------------------


def test_a_referral_awaiting_decision_can_be_withdrawn(cast, referral, cm, recompute):
    services.referral_withdraw(referral=referral, withdrawn_on=days_ago(2), reason="The parent withdrew it.",
                               actor=cm)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_on, referral.decision_notes) == (
        "withdrawn", days_ago(2), "The parent withdrew it.")
    assert recompute == [[cast.student.pk]]
    assert not Deadline.objects.filter(student=cast.student, cycle=f"referral-{referral.pk}").exists()


@pytest.mark.parametrize(
    ("withdrawn_on", "reason", "field"),
    [
        (lambda: days_ago(2), "", "reason"),
        (lambda: days_ago(25), "Withdrawn.", "withdrawn_on"),
        (lambda: timezone.localdate() + timedelta(days=1), "Withdrawn.", "withdrawn_on"),
    ],
)
def test_a_withdrawal_needs_a_reason_and_a_possible_date(referral, cm, withdrawn_on, reason, field):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_withdraw(referral=referral, withdrawn_on=withdrawn_on(), reason=reason, actor=cm)
    assert field in errors_of(excinfo)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.AWAITING_DECISION


def test_a_decided_referral_cannot_be_withdrawn(referral, cm, consent):
    with pytest.raises(ValidationError) as excinfo:
        services.referral_withdraw(referral=referral, withdrawn_on=days_ago(1), reason="x", actor=cm)
    assert "record the parent's answer" in errors_of(excinfo)[NON_FIELD_ERRORS][0]


# --- notice_issue ------------------------------------------------------------------------------------------------


def test_any_notice_needs_all_seven_elements(cast, cm):
    with pytest.raises(ValidationError) as excinfo:
        services.notice_issue(student=cast.student, action="proposes", subject="placement", issued_on=days_ago(1),
                              actor=cm, **notice_text(other_factors=""))
    assert list(errors_of(excinfo)) == ["other_factors"]
    notice = services.notice_issue(student=cast.student, action="proposes", subject="placement",
                                   issued_on=days_ago(1), actor=cm, **notice_text())
    assert notice.referral is None and notice.language == "es"


# --- consent_record_response -------------------------------------------------------------------------------------


def answer(consent, guardian, actor, **overrides):
    data = {"consent": consent, "status": "granted", "responded_on": days_ago(10), "method": "paper",
            "guardian": guardian, "signed_name": "Pat Alvarez", "actor": actor, **overrides}
    return services.consent_record_response(**data)


def test_granted_consent_starts_the_evaluation_clock(cast, consent, guardian, cm, recompute):
    answer(consent, guardian, cm)
    consent.refresh_from_db()
    assert (consent.status, consent.responded_on, consent.guardian, consent.method) == (
        "granted", days_ago(10), guardian, "paper")
    assert recompute == [[cast.student.pk]]
    # Ohio: the evaluation team report is due 60 days after consent.
    deadline = Deadline.objects.get(student=cast.student, rule_id="initial_evaluation")
    assert deadline.due_on == days_ago(10) + timedelta(days=60)


def test_a_refusal_needs_no_signature(consent, cm):
    answer(consent, None, cm, status="refused", method="", signed_name="")
    assert Consent.objects.get(pk=consent.pk).status == "refused"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"responded_on": days_ago(16)}, "responded_on", "before the day consent was requested"),
        ({"responded_on": timezone.localdate() + timedelta(days=1)}, "responded_on", "in the future"),
        ({"status": "revoked"}, "status", "Choose the parent's answer"),
        ({"guardian": None}, "guardian", "Choose the parent"),
        ({"method": ""}, "method", "how the consent was signed"),
        ({"signed_name": " "}, "signed_name", "in writing"),
        ({"status": "partial"}, "notes", "what the parent agreed to"),
    ],
)
def test_a_bad_answer_is_refused_at_the_field(consent, guardian, cm, overrides, field, words):
    overrides = dict(overrides)
    with pytest.raises(ValidationError) as excinfo:
        answer(consent, overrides.pop("guardian", guardian), cm, **overrides)
    assert words in " ".join(errors_of(excinfo)[field])
    assert Consent.objects.get(pk=consent.pk).status == "requested"


def test_consent_cannot_be_answered_before_the_referral_was_received(cast, cm, guardian):
    # Data entered out of order (a consent request dated before its referral): the answer is still checked.
    referral = ReferralFactory(student=cast.student, received_on=days_ago(10))
    consent = ConsentFactory(referral=referral, requested_on=days_ago(20))
    with pytest.raises(ValidationError) as excinfo:
        answer(consent, guardian, cm, responded_on=days_ago(15))
    assert "before the day the referral was received" in errors_of(excinfo)["responded_on"][0]


def test_only_a_parent_with_educational_rights_can_answer(cast, consent, cm):
    other = GuardianshipFactory(student=cast.student, guardian=GuardianFactory(district=cast.district),
                                holds_educational_rights=False).guardian
    with pytest.raises(ValidationError) as excinfo:
        answer(consent, other, cm)
    assert "does not hold educational rights" in errors_of(excinfo)["guardian"][0]
    stranger = GuardianFactory(district=cast.district)
    with pytest.raises(ValidationError):
        answer(consent, stranger, cm)


def test_partial_consent_needs_a_note_and_a_kind_that_allows_it(cast, consent, guardian, cm):
    excusal = ConsentFactory(referral=consent.referral, kind=Consent.Kind.EXCUSAL)
    with pytest.raises(ValidationError) as excinfo:
        answer(excusal, guardian, cm, status="partial", notes="Half.")
    assert "cannot be granted in part" in errors_of(excinfo)["status"][0]
    answer(consent, guardian, cm, status="partial", notes="Reading yes; no cognitive testing.")
    consent.refresh_from_db()
    assert consent.status == "partial" and "no cognitive testing" in consent.notes


def test_an_answered_consent_is_not_answered_again(consent, guardian, cm):
    answer(consent, guardian, cm)
    with pytest.raises(ValidationError) as excinfo:
        answer(consent, guardian, cm, status="refused")
    assert "already been answered" in errors_of(excinfo)[NON_FIELD_ERRORS][0]


def test_a_student_who_holds_the_rights_answers_without_a_parent(cast, consent, cm):
    cast.student.rights_transferred_on = days_ago(100)
    cast.student.save()
    answer(consent, None, cm, signed_name="Maya Alvarez")
    assert Consent.objects.get(pk=consent.pk).status == "granted"


def test_a_parent_may_answer_after_being_marked_as_not_responding(consent, guardian, cm):
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(14))
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(12))
    services.consent_mark_no_response(consent=consent, actor=cm)
    answer(consent, guardian, cm, responded_on=days_ago(2))
    assert Consent.objects.get(pk=consent.pk).status == "granted"


# --- consent_revoke ----------------------------------------------------------------------------------------------


def test_granted_consent_can_be_revoked_in_writing(cast, consent, guardian, cm, recompute):
    answer(consent, guardian, cm)
    services.consent_revoke(consent=consent, revoked_on=days_ago(1), actor=cm)
    consent.refresh_from_db()
    assert (consent.status, consent.revoked_on) == ("revoked", days_ago(1))
    assert recompute[-1] == [cast.student.pk]


def test_only_given_consent_can_be_revoked(consent, cm):
    with pytest.raises(ValidationError) as excinfo:
        services.consent_revoke(consent=consent, revoked_on=days_ago(1), actor=cm)
    assert "Only consent that was given" in errors_of(excinfo)[NON_FIELD_ERRORS][0]


@pytest.mark.parametrize(
    ("revoked_on", "words"),
    [(lambda: days_ago(11), "before the day consent was given"),
     (lambda: timezone.localdate() + timedelta(days=1), "in the future")],
)
def test_a_revocation_date_before_consent_or_in_the_future_is_refused(consent, guardian, cm, revoked_on, words):
    answer(consent, guardian, cm)
    with pytest.raises(ValidationError) as excinfo:
        services.consent_revoke(consent=consent, revoked_on=revoked_on(), actor=cm)
    assert words in errors_of(excinfo)["revoked_on"][0]
    assert Consent.objects.get(pk=consent.pk).status == "granted"


# --- attempts and no response ------------------------------------------------------------------------------------


def test_an_attempt_is_logged_with_who_made_it(consent, cm):
    attempt = services.consent_attempt_add(consent=consent, attempted_on=days_ago(14), method="phone",
                                           outcome=" No answer. ", actor=cm)
    assert (attempt.by, attempt.outcome, attempt.consent_id) == (cm, "No answer.", consent.pk)


@pytest.mark.parametrize(
    ("attempted_on", "outcome", "field"),
    [
        (lambda: days_ago(16), "No answer.", "attempted_on"),
        (lambda: timezone.localdate() + timedelta(days=1), "No answer.", "attempted_on"),
        (lambda: days_ago(14), "  ", "outcome"),
    ],
)
def test_a_bad_attempt_is_refused_at_the_field(consent, cm, attempted_on, outcome, field):
    with pytest.raises(ValidationError) as excinfo:
        services.consent_attempt_add(consent=consent, attempted_on=attempted_on(), method="phone", outcome=outcome,
                                     actor=cm)
    assert field in errors_of(excinfo)
    assert ConsentAttempt.objects.count() == 0


def test_attempts_stop_once_the_parent_has_answered(consent, guardian, cm):
    answer(consent, guardian, cm)
    with pytest.raises(ValidationError) as excinfo:
        services.consent_attempt_add(consent=consent, attempted_on=days_ago(1), method="phone", outcome="x",
                                     actor=cm)
    assert "already answered" in errors_of(excinfo)[NON_FIELD_ERRORS][0]


def test_no_response_needs_two_attempts_on_different_days(cast, consent, cm, recompute):
    with pytest.raises(ValidationError) as excinfo:
        services.consent_mark_no_response(consent=consent, actor=cm)
    message = errors_of(excinfo)[NON_FIELD_ERRORS][0]
    assert "reasonable efforts" in message and "different days" in message and "no attempts" in message
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(14))
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(14), method="letter")
    with pytest.raises(ValidationError) as excinfo:
        services.consent_mark_no_response(consent=consent, actor=cm)
    assert "attempts on 1 day" in errors_of(excinfo)[NON_FIELD_ERRORS][0]
    assert Consent.objects.get(pk=consent.pk).status == "requested"
    ConsentAttemptFactory(consent=consent, attempted_on=days_ago(12))
    recompute.clear()
    services.consent_mark_no_response(consent=consent, actor=cm)
    assert Consent.objects.get(pk=consent.pk).status == "no_response"
    assert recompute == [[cast.student.pk]]


def test_only_a_waiting_consent_is_marked_no_response(consent, guardian, cm):
    answer(consent, guardian, cm, status="refused")
    with pytest.raises(ValidationError) as excinfo:
        services.consent_mark_no_response(consent=consent, actor=cm)
    assert "still waiting" in errors_of(excinfo)[NON_FIELD_ERRORS][0]


def test_a_consent_request_of_another_kind_can_be_made_on_its_own(cast, cm, referral):
    consent = services.consent_request(student=cast.student, kind="release_of_records", requested_on=days_ago(5),
                                       actor=cm, referral=referral, description="Records from the clinic.")
    assert consent.status == "requested" and consent.referral == referral
    with pytest.raises(ValidationError) as excinfo:
        services.consent_request(student=cast.student, kind="release_of_records", requested_on=days_ago(25),
                                 actor=cm, referral=referral)
    assert "before the day the referral was received" in errors_of(excinfo)["requested_on"][0]
