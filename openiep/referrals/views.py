"""Pages for step 2: the student's referrals, the district's decision with its Prior Written Notice, and consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.lib.forms import add_errors
from openiep.people.models import Guardianship, Student
from openiep.prereferral.selectors import concerns_for_referral
from openiep.referrals import rules, selectors, services
from openiep.referrals.forms import (
    ConsentAttemptForm,
    ConsentResponseForm,
    ConsentRevokeForm,
    ProposeEvaluationForm,
    ReferralForm,
    RefuseEvaluationForm,
    WithdrawForm,
)
from openiep.referrals.models import AreaOfConcern, Consent, PriorWrittenNotice, Referral


def _error_text(form: Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


def _back_to(consent: Consent) -> HttpResponse:
    if consent.referral_id:
        return redirect("referral_detail", student_id=consent.student_id, referral_id=consent.referral_id)
    return redirect("referral_list", student_id=consent.student_id)


# --- Referrals ---------------------------------------------------------------------------------------------------


@student_view(Action.VIEW_STUDENT, record="Referrals for evaluation and Prior Written Notices")
def referral_list(request: HttpRequest, student: Student) -> HttpResponse:
    context = {
        "student": student,
        "referrals": selectors.referrals_for_student(student=student),
        "notices": selectors.notices_for_student(student=student),
        "can_refer": allows(request.user, Action.START_REFERRAL),
    }
    return render(request, "referrals/referral_list.html", context)


@require_http_methods(["GET", "POST"])
@student_view(Action.START_REFERRAL, record="Referral for evaluation (new referral form)")
def referral_new(request: HttpRequest, student: Student) -> HttpResponse:
    form = ReferralForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(student=student, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Referral entered. The district must now decide whether to evaluate.")
            return redirect("referral_detail", student_id=student.pk, referral_id=referral.pk)
    return render(request, "referrals/referral_new.html", {"student": student, "form": form})


def _consent_context(consent: Consent, form: ConsentAttemptForm | None = None) -> Consent:
    consent.attempt_days = rules.attempt_days(a.attempted_on for a in consent.attempts.all())
    consent.is_awaiting = consent.status in services.AWAITING
    consent.is_agreed = consent.status in services.AGREED
    consent.attempt_form = form or ConsentAttemptForm(
        prefix=f"attempt-{consent.pk}", initial={"attempted_on": timezone.localdate()}
    )
    return consent


@student_view(Action.VIEW_STUDENT, record="Referral for evaluation, consent and notices")
def referral_detail(request: HttpRequest, student: Student, referral_id: int) -> HttpResponse:
    referral = selectors.referral_page(student=student, referral_id=referral_id)
    can_manage = allows(request.user, Action.MANAGE_CASE)
    consents = [_consent_context(c) for c in referral.consents.all()]
    context = {
        "student": student,
        "referral": referral,
        "areas": referral_areas(referral),
        "notices": referral.notices.all(),
        "consents": consents,
        "can_manage": can_manage,
        "can_decide": can_manage and referral.status == Referral.Status.AWAITING_DECISION,
        "min_attempt_days": rules.MIN_ATTEMPT_DAYS,
        "prereferral_concerns": concerns_for_referral(referral=referral),
        "has_rights_holder": bool(student.rights_transferred_on) or Guardianship.objects.filter(
            student=student, holds_educational_rights=True
        ).exists(),
    }
    return render(request, "referrals/referral_detail.html", context)


def referral_areas(referral: Referral) -> list[str]:
    labels = dict(AreaOfConcern.choices)
    return [labels.get(code, code) for code in referral.areas_of_concern]


def _decision(request: HttpRequest, student: Student, referral_id: int, *, action: str) -> HttpResponse:
    referral = selectors.referral_for(student=student, referral_id=referral_id)
    if referral.status != Referral.Status.AWAITING_DECISION:
        messages.info(request, f"This referral has already been decided: {referral.get_status_display().lower()}.")
        return redirect("referral_detail", student_id=student.pk, referral_id=referral.pk)
    form_class = RefuseEvaluationForm if action == rules.REFUSES else ProposeEvaluationForm
    facts = services.referral_facts(referral)
    initial = {
        "decided_on": timezone.localdate(),
        "language": services.notice_language_for(student),
        **rules.notice_defaults(facts, action),
    }
    if action == rules.PROPOSES:
        initial["consent_description"] = rules.consent_description_default(facts)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service = services.referral_refuse_evaluation if action == rules.REFUSES else \
            services.referral_propose_evaluation
        try:
            service(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
            referral.refresh_from_db()
        else:
            if action == rules.REFUSES:
                messages.success(request, "Refusal recorded. Give the parent the Prior Written Notice below.")
            else:
                messages.success(request, "Evaluation proposed. Give the parent the Prior Written Notice and the "
                                          "consent request, and log each attempt to reach them.")
            return redirect("referral_detail", student_id=student.pk, referral_id=referral.pk)
    context = {
        "student": student, "referral": referral, "form": form, "action": action,
        "is_refusal": action == rules.REFUSES,
    }
    return render(request, "referrals/referral_decision.html", context)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Referral decision: propose an evaluation (Prior Written Notice form)")
def referral_propose(request: HttpRequest, student: Student, referral_id: int) -> HttpResponse:
    return _decision(request, student, referral_id, action=rules.PROPOSES)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Referral decision: refuse to evaluate (Prior Written Notice form)")
def referral_refuse(request: HttpRequest, student: Student, referral_id: int) -> HttpResponse:
    return _decision(request, student, referral_id, action=rules.REFUSES)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Referral for evaluation (withdraw form)")
def referral_withdraw(request: HttpRequest, student: Student, referral_id: int) -> HttpResponse:
    referral = selectors.referral_for(student=student, referral_id=referral_id)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_withdraw(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
            referral.refresh_from_db()
        else:
            messages.success(request, "The referral is withdrawn.")
            return redirect("referral_detail", student_id=student.pk, referral_id=referral.pk)
    context = {
        "student": student, "referral": referral, "form": form,
        "title": "Withdraw the referral", "submit": "Withdraw the referral",
        "lede": "When the parent or the person who referred takes the referral back before the district decides.",
    }
    return render(request, "referrals/referral_form.html", context)


# --- Prior Written Notice ------------------------------------------------------------------------------------------


@student_view(Action.VIEW_STUDENT, record="Prior Written Notice")
def notice_detail(request: HttpRequest, student: Student, notice_id: int) -> HttpResponse:
    notice = selectors.notice_for(student=student, notice_id=notice_id)
    sections = rules.notice_sections({f: getattr(notice, f) for f in rules.NOTICE_FIELDS}, notice.action)
    context = {
        "student": student,
        "notice": notice,
        "sections": sections,
        "citation": rules.PWN_CITATION,
        "is_refusal": notice.action == PriorWrittenNotice.Action.REFUSES,
    }
    return render(request, "referrals/notice_detail.html", context)


# --- Consent -----------------------------------------------------------------------------------------------------


def _render_consent(
    request: HttpRequest, student: Student, consent: Consent, *, form: ConsentAttemptForm | None = None,
    status: int = 200, announce: str = "",
) -> HttpResponse:
    fresh = _consent_context(selectors.consent_card(consent=consent), form)
    context = {
        "student": student, "consent": fresh, "can_manage": True, "announce": announce,
        "min_attempt_days": rules.MIN_ATTEMPT_DAYS,
    }
    return render(request, "referrals/referral_detail.html#consent", context, status=status)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Consent (the parent's answer)")
def consent_response(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    consent = selectors.consent_for(student=student, consent_id=consent_id)
    if consent.status not in services.AWAITING:
        messages.info(request, f"This consent has already been answered: {consent.get_status_display().lower()}.")
        return _back_to(consent)
    guardians = selectors.guardians_with_rights(student=student)
    form = ConsentResponseForm(
        request.POST or None, consent=consent, guardians=guardians,
        initial={"responded_on": timezone.localdate(), "guardian": guardians.first() if guardians.count() == 1
                 else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record_response(consent=consent, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"The parent's answer is recorded: {consent.get_status_display().lower()}.")
            return _back_to(consent)
    context = {
        "student": student, "consent": consent, "form": form, "referral": consent.referral,
        "title": f"Record the parent's answer: {consent.get_kind_display().lower()}",
        "submit": "Record the answer",
        "lede": f"Consent requested on {consent.requested_on:%B} {consent.requested_on.day}, "
                f"{consent.requested_on.year}. Consent must be informed and in writing (34 CFR 300.9).",
    }
    return render(request, "referrals/referral_form.html", context)


@require_POST
@student_view(Action.MANAGE_CASE, record="Consent (attempts to reach the parent)")
def consent_attempt_add(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    consent = selectors.consent_for(student=student, consent_id=consent_id)
    form = ConsentAttemptForm(request.POST, prefix=f"attempt-{consent.pk}")
    if form.is_valid():
        try:
            attempt = services.consent_attempt_add(consent=consent, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            announce = f"Attempt added: {attempt.get_method_display().lower()} on {attempt.attempted_on:%B} " \
                       f"{attempt.attempted_on.day}."
            if request.htmx:
                return _render_consent(request, student, consent, announce=announce)
            messages.success(request, announce)
            return _back_to(consent)
    if request.htmx:
        return _render_consent(request, student, consent, form=form, status=422)
    messages.error(request, "The attempt was not added: " + _error_text(form))
    return _back_to(consent)


@require_POST
@student_view(Action.MANAGE_CASE, record="Consent")
def consent_no_response(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    consent = selectors.consent_for(student=student, consent_id=consent_id)
    try:
        services.consent_mark_no_response(consent=consent, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Recorded: no response from the parent after reasonable efforts.")
    return _back_to(consent)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Consent (revocation form)")
def consent_revoke(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    consent = selectors.consent_for(student=student, consent_id=consent_id)
    if consent.status not in services.AGREED:
        messages.info(request, "Only consent that was given can be revoked; this consent is "
                               f"{consent.get_status_display().lower()}.")
        return _back_to(consent)
    form = ConsentRevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(consent=consent, revoked_on=form.cleaned_data["revoked_on"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "The revocation is recorded. It is not retroactive: what was done with "
                                      "consent before it stays valid (34 CFR 300.9(c)(2)).")
            return _back_to(consent)
    context = {
        "student": student, "consent": consent, "form": form, "referral": consent.referral,
        "title": f"Record a written revocation: {consent.get_kind_display().lower()}",
        "submit": "Record the revocation",
        "lede": "A parent may revoke consent at any time, in writing. Revoking consent is not retroactive "
                "(34 CFR 300.9(c)).",
    }
    return render(request, "referrals/referral_form.html", context)
