"""Writes of the family portal: invitations, and each thing a parent does there.

Each parent action creates exactly what the parent did, through the service of the app that owns the
record (``referrals.services``, ``safeguards.services``), and nothing else. Messages are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openiep.evaluations.models import Evaluation
from openiep.people.models import Guardian, Guardianship, Student, User
from openiep.portal import rules
from openiep.portal.models import ElectronicSignature, Invitation
from openiep.referrals import services as referral_services
from openiep.referrals.models import Consent, PriorWrittenNotice, Referral
from openiep.safeguards import services as safeguards_services
from openiep.safeguards.models import AmendmentRequest, Dispute, NoticeRequest

# --- Invitations -----------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, guardian: Guardian, actor: User) -> Invitation:
    """Invite a parent to the portal: the email (with a new one-time link) goes out from a background task."""
    from openiep.portal.tasks import send_invitation

    guardian = Guardian.objects.select_for_update().get(pk=guardian.pk)
    if guardian.user_id is not None:
        raise ValidationError({NON_FIELD_ERRORS: _("%(name)s already has a family portal account.")
                               % {"name": guardian}})
    if not guardian.email:
        raise ValidationError({NON_FIELD_ERRORS: _("Add %(name)s's email address before sending an invitation.")
                               % {"name": guardian}})
    now = timezone.now()
    Invitation.objects.filter(guardian=guardian, used_at__isnull=True, replaced_at__isnull=True).update(
        replaced_at=now)
    invitation = Invitation.objects.create(guardian=guardian, email=guardian.email, created_by=actor,
                                           created_at=now, expires_at=rules.invitation_expiry(now))
    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("guardian", "guardian__district").filter(
        token_sha256=rules.token_hash(token)).first()


def invitation_state(invitation: Invitation) -> str:
    return rules.invitation_state(now=timezone.now(), expires_at=invitation.expires_at,
                                  used_at=invitation.used_at, replaced_at=invitation.replaced_at)


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> User:
    """Open the parent's account from the link: it works once, until it expires."""
    found = invitation_for_token(token)
    if found is None:
        raise ValidationError({NON_FIELD_ERRORS: _("This invitation link is not valid.")})
    invitation = Invitation.objects.select_for_update().select_related("guardian").get(pk=found.pk)
    state = invitation_state(invitation)
    if state != "ok":
        raise ValidationError({NON_FIELD_ERRORS: INVITATION_MESSAGES[state]()})
    guardian = invitation.guardian
    if guardian.user_id is not None:
        raise ValidationError({NON_FIELD_ERRORS: _("This parent already has an account: sign in instead.")})
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Choose a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken: choose another.")})
    user = User(username=username, email=invitation.email, first_name=guardian.first_name,
                last_name=guardian.last_name, role=User.Role.PARENT, district_id=guardian.district_id,
                preferred_language=guardian.preferred_language)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    guardian.user = user
    guardian._history_user = user
    guardian.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    return user


INVITATION_MESSAGES = {
    "used": lambda: _("This invitation link has already been used. Sign in with the username and password you "
                      "chose, or ask the school for a new invitation."),
    "replaced": lambda: _("A newer invitation was sent to you: use the link in the most recent email."),
    "expired": lambda: _("This invitation link has expired. Ask your child's school to send a new one."),
}


# --- Who the parent is for this child --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParentFor:
    guardian: Guardian | None  # None for a student who holds their own rights
    holds_rights: bool


def parent_for(*, user: User, student: Student) -> ParentFor:
    """The signed-in parent's relation to the child (the gate already proved access)."""
    if student.rights_transferred_on and student.user_id == user.pk:
        return ParentFor(None, True)
    link = (Guardianship.objects.filter(student=student, guardian__user=user).select_related("guardian")
            .order_by("-holds_educational_rights", "id").first())
    if link is None:
        raise ValidationError({NON_FIELD_ERRORS: _("Your account is not linked to this child.")})
    return ParentFor(link.guardian, link.holds_educational_rights)


def _require_rights(who: ParentFor) -> None:
    if not who.holds_rights:
        raise ValidationError({NON_FIELD_ERRORS: _("Only a parent who holds educational rights for this child can "
                                                   "do this. Contact the school if this is wrong.")})


# --- Parent actions --------------------------------------------------------------------------------------------


def parent_request_evaluation(*, student: Student, user: User, reason: str, areas_of_concern: list[str]) -> Referral:
    """A parent's written request for an evaluation: a referral from the parent, received today."""
    who = parent_for(user=user, student=student)
    _require_rights(who)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tell the school what worries you about your child's learning.")})
    source = Referral.Source.STUDENT if who.guardian is None else Referral.Source.PARENT
    return referral_services.referral_create(
        student=student, received_on=timezone.localdate(), source=source, reason=reason,
        areas_of_concern=areas_of_concern, actor=user, is_written_parent_request=True,
        referred_by_name=str(who.guardian) if who.guardian else student.full_name,
    )


def consent_document(consent: Consent, notice: PriorWrittenNotice | None) -> dict[str, object]:
    """What the parent reads before signing: the request and the notice that explains it."""
    document: dict[str, object] = {
        "consent": consent.pk, "kind": consent.kind, "description": consent.description,
        "requested_on": consent.requested_on.isoformat(), "student": consent.student_id,
    }
    if notice is not None:
        document["notice"] = {name: getattr(notice, name) for name in (
            "pk", "action", "subject", "action_description", "reasons", "evaluation_basis", "safeguards_statement",
            "assistance_sources", "options_considered", "other_factors", "issued_on")}
    return document


def notice_for_consent(consent: Consent) -> PriorWrittenNotice | None:
    if consent.referral_id is None:
        return None
    return PriorWrittenNotice.objects.filter(referral_id=consent.referral_id).order_by("-issued_on", "-id").first()


def consent_hash(consent: Consent) -> str:
    return rules.document_hash(consent_document(consent, notice_for_consent(consent)))


SIGN_ANSWERS = {"granted": Consent.Status.GRANTED, "refused": Consent.Status.REFUSED}


@transaction.atomic
def consent_sign(*, consent: Consent, user: User, answer: str, signed_name: str, shown_hash: str,
                 user_agent: str = "") -> ElectronicSignature:
    """The parent gives or refuses consent in the portal: typed name, time, how, and the document's hash."""
    who = parent_for(user=user, student=consent.student)
    _require_rights(who)
    if answer not in SIGN_ANSWERS:
        raise ValidationError({"answer": _("Choose: I agree, or I do not agree.")})
    if not (signed_name or "").strip():
        raise ValidationError({"signed_name": _("Type your full name to sign.")})
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.ieps.exists():
        raise ValidationError({NON_FIELD_ERRORS: _(
            "Answer this consent on the IEP it belongs to: your answer there also starts (or stops) the services.")})
    if current.status not in referral_services.AWAITING:
        raise ValidationError({NON_FIELD_ERRORS: _("This request has already been answered.")})
    digest = consent_hash(current)
    if shown_hash != digest:
        raise ValidationError({NON_FIELD_ERRORS: _(
            "The school changed this document after you opened it. Nothing was signed. Please read the new "
            "version below and sign again if you agree.")})
    referral_services.consent_record_response(
        consent=current, status=SIGN_ANSWERS[answer], responded_on=timezone.localdate(),
        method=Consent.Method.ELECTRONIC, guardian=who.guardian, signed_name=signed_name.strip(), actor=user,
    )
    signature = ElectronicSignature(consent=current, user=user, guardian=who.guardian, answer=answer,
                                    signed_name=signed_name.strip(), document_sha256=digest,
                                    user_agent=(user_agent or "")[:300])
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def consent_revoke_in_writing(*, consent: Consent, user: User, signed_name: str, statement: str,
                              user_agent: str = "") -> ElectronicSignature:
    """The parent revokes consent to special-education services in writing (34 CFR 300.300(b)(4), 300.9(c))."""
    who = parent_for(user=user, student=consent.student)
    _require_rights(who)
    if consent.kind != Consent.Kind.INITIAL_SERVICES:
        raise ValidationError({NON_FIELD_ERRORS: _("Only consent to special-education services can be revoked here. "
                                                   "Contact the school about other consents.")})
    if not (signed_name or "").strip():
        raise ValidationError({"signed_name": _("Type your full name to sign.")})
    current = referral_services.consent_revoke(consent=consent, revoked_on=timezone.localdate(), actor=user)
    signature = ElectronicSignature(consent=current, user=user, guardian=who.guardian,
                                    answer=ElectronicSignature.Answer.REVOKED, signed_name=signed_name.strip(),
                                    document_sha256=consent_hash(current), statement=(statement or "").strip(),
                                    user_agent=(user_agent or "")[:300])
    signature.full_clean()
    signature.save()
    return signature


def parent_records_request(*, student: Student, user: User, records_wanted: str):
    who = parent_for(user=user, student=student)
    return safeguards_services.records_request_add(
        student=student, requested_on=timezone.localdate(), records_wanted=records_wanted, actor=user,
        guardian=who.guardian, requested_by_name="" if who.guardian else student.full_name)


def parent_amendment_request(*, student: Student, user: User, record_description: str, requested_change: str):
    who = parent_for(user=user, student=student)
    return safeguards_services.amendment_request_add(
        student=student, requested_on=timezone.localdate(), record_description=record_description,
        requested_change=requested_change, actor=user, guardian=who.guardian)


def parent_statement(*, amendment: AmendmentRequest, user: User, statement: str):
    parent_for(user=user, student=amendment.student)
    return safeguards_services.amendment_statement_add(request=amendment, statement=statement,
                                                       added_on=timezone.localdate(), actor=user)


def parent_iee_request(*, student: Student, user: User, evaluation: Evaluation | None, reason: str = ""):
    who = parent_for(user=user, student=student)
    _require_rights(who)
    return safeguards_services.iee_request_add(student=student, evaluation=evaluation,
                                               requested_on=timezone.localdate(), actor=user, guardian=who.guardian,
                                               reason=reason)


PARENT_DISPUTES = (Dispute.Kind.STATE_COMPLAINT, Dispute.Kind.MEDIATION, Dispute.Kind.DUE_PROCESS)


def parent_disagreement(*, student: Student, user: User, kind: str, summary: str, proposed_resolution: str = ""):
    who = parent_for(user=user, student=student)
    _require_rights(who)
    if kind not in PARENT_DISPUTES:
        raise ValidationError({"kind": _("Choose how you want to disagree.")})
    return safeguards_services.dispute_add(student=student, kind=kind, filed_on=timezone.localdate(), summary=summary,
                                           proposed_resolution=proposed_resolution, actor=user,
                                           filed_by=Dispute.FiledBy.PARENT, guardian=who.guardian)


def parent_safeguards_copy(*, student: Student, user: User, language: str) -> NoticeRequest:
    """The parent asks for the full procedural safeguards notice (300.504(a)(4)): owed until the school gives it."""
    who = parent_for(user=user, student=student)
    return safeguards_services.notice_request_add(student=student, requested_on=timezone.localdate(), actor=user,
                                                  guardian=who.guardian, language=language)


def set_language(*, user: User, language: str) -> None:
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language.")})
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
