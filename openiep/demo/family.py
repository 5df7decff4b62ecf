"""The demo's procedural-safeguards records and the demo parents' pending consents (a handful of rows).

Written once the district is in the database, through the same services the pages use, so every record
has its history and its clock: a records request from ``padre``, an IEE request and a pending release-of-
records consent for the demo families, one due process complaint on the demo caseload with its stay-put
placement, and the procedural safeguards notice of the year for the demo children.
"""

from __future__ import annotations

from datetime import date, timedelta

from openiep.evaluations.models import Evaluation
from openiep.people.models import Guardianship, Student, User
from openiep.referrals.models import Consent, ConsentAttempt
from openiep.safeguards import services as safeguards
from openiep.safeguards.models import SafeguardsNotice


def _holder(student: Student, user: User | None):
    link = Guardianship.objects.filter(student=student, guardian__user=user).select_related("guardian").first()
    return link.guardian if link else None


def seed_family_demo(*, kids: list[Student], parent: User, padre: User, case_manager: User,
                     caseload: list[Student], today: date, year_start: date) -> int:
    """Returns the number of records written."""
    written = 0
    eligible, awaiting_consent, evaluating = kids[0], kids[1], kids[2]
    # The notice of the year, given at the start of the school year to each demo family.
    for kid, user in ((eligible, parent), (awaiting_consent, parent), (evaluating, padre)):
        guardian = _holder(kid, user)
        if guardian is not None:
            given = min(today, year_start + timedelta(days=7))
            safeguards.notice_give(student=kid, given_on=given, trigger=SafeguardsNotice.Trigger.ANNUAL,
                                   method=SafeguardsNotice.Method.MAIL, guardian=guardian, actor=case_manager,
                                   language=guardian.preferred_language)
            written += 1
    # padre asked to see his child's records last week: due within 45 days.
    padre_guardian = _holder(evaluating, padre)
    safeguards.records_request_add(student=evaluating, requested_on=today - timedelta(days=6), actor=padre,
                                   guardian=padre_guardian,
                                   records_wanted="Todo el expediente, con el plan de evaluación.")
    # padre has a consent to answer: release of records to the child's doctor.
    release = Consent.objects.create(
        student=evaluating, kind=Consent.Kind.RELEASE_OF_RECORDS, requested_on=today - timedelta(days=2),
        description="Permiso para enviar el plan de evaluación y el informe de audición al pediatra de su hijo, "
                    "el Dr. Ramos, para que pueda completar la parte médica de la evaluación.",
        created_by=case_manager,
    )
    ConsentAttempt.objects.create(consent=release, attempted_on=release.requested_on,
                                  method=ConsentAttempt.Method.PORTAL, by=case_manager,
                                  outcome="Posted in the family portal, with an email to the father")
    written += 3
    # The parent disagrees with the evaluation of the eligible child: an IEE request waiting for the answer.
    evaluation = Evaluation.objects.filter(student=eligible, status=Evaluation.Status.COMPLETED).order_by(
        "-completed_on").first()
    if evaluation is not None:
        requested = max(evaluation.completed_on, today - timedelta(days=4))
        safeguards.iee_request_add(student=eligible, evaluation=evaluation, requested_on=requested, actor=parent,
                                   guardian=_holder(eligible, parent),
                                   reason="The speech-language testing did not look at how he talks with friends.")
        written += 1
    # One due process complaint on the demo caseload, with its clocks and the stay-put placement.
    others = [s for s in caseload if s.pk not in {k.pk for k in kids}]
    if others:
        student = others[0]
        guardian = Guardianship.objects.filter(student=student, holds_educational_rights=True).select_related(
            "guardian").first()
        safeguards.dispute_add(
            student=student, kind="due_process", filed_on=today - timedelta(days=9), actor=case_manager,
            filed_by="parent", guardian=guardian.guardian if guardian else None,
            summary="The parents say the district took too long to evaluate and ask for compensatory services.",
            proposed_resolution="An evaluation within 30 days and 20 hours of reading tutoring.",
            stay_put_placement=f"The current placement: general education classes at {student.school.name}.",
        )
        written += 1
    return written
