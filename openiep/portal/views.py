"""The family portal: the invitation link, and each thing a parent can do for a child.

Every page about a child goes through ``@student_view(Action.ACT_AS_PARENT, …)``: a child who is not the
parent's gives a 404, staff and advocates a 403. Each action calls one service, which records exactly what
the parent did.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action
from openiep.access.views import student_view
from openiep.evaluations.models import Evaluation
from openiep.lib.forms import add_errors
from openiep.people.models import Guardian, Student
from openiep.portal import forms, services
from openiep.portal.models import ElectronicSignature
from openiep.portal.selectors import CONSENT_KINDS, CONSENT_STATUSES
from openiep.portal.tasks import language_for
from openiep.referrals.models import Consent
from openiep.safeguards.models import AmendmentRequest

FAMILY = "Family portal"


# --- Invitations -----------------------------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Open a family portal account from the emailed link (in the parent's language)."""
    found = services.invitation_for_token(token)
    language = language_for(found.guardian.preferred_language) if found else translation.get_language()
    with translation.override(language):
        if found is None:
            return render(request, "portal/invitation_problem.html",
                          {"message": _("This invitation link is not valid. Check that you copied the whole link "
                                        "from the email, or ask the school for a new invitation.")}, status=404)
        state = services.invitation_state(found)
        if state != "ok":
            return render(request, "portal/invitation_problem.html",
                          {"message": services.INVITATION_MESSAGES[state]()}, status=410)
        form = forms.AcceptInvitationForm(request.POST or None, initial={"username": found.email})
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invitation_accept(token=token, username=form.cleaned_data["username"],
                                                  password=form.cleaned_data["password1"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("home")
        return render(request, "portal/invitation.html", {"invitation": found, "form": form},
                      status=422 if form.errors else 200)


@require_POST
@student_view(Action.EDIT_STUDENT, record=None)
def guardian_invite(request: HttpRequest, student: Student, guardian_id: int) -> HttpResponse:
    guardian = get_object_or_404(Guardian, pk=guardian_id, guardianships__student=student)
    try:
        services.invitation_send(guardian=guardian, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"An invitation to the family portal is on its way to {guardian.email}. "
                                  "The link works once, for 7 days.")
    return redirect("student_detail", student_id=student.pk)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = forms.LanguageForm(request.POST)
    if form.is_valid():
        services.set_language(user=request.user, language=form.cleaned_data["language"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    return redirect(target)


# --- Parent actions --------------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, student: Student, form, template: str, save, done: str,
               context: dict | None = None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("home")
    return render(request, template, {"student": student, "form": form, **(context or {})},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def request_evaluation(request: HttpRequest, student: Student) -> HttpResponse:
    form = forms.RequestEvaluationForm(request.POST or None)
    return _form_page(
        request, student, form, "portal/request_evaluation.html",
        lambda data: services.parent_request_evaluation(student=student, user=request.user, **data),
        _("Your request was sent. The school received it today, and the time limit for the evaluation starts now."))


def _consent_context(consent: Consent) -> dict:
    notice = services.notice_for_consent(consent)
    return {
        "consent": consent, "notice": notice, "kind": CONSENT_KINDS.get(consent.kind, consent.kind),
        "status": CONSENT_STATUSES.get(consent.status, consent.status),
        "signatures": list(ElectronicSignature.objects.filter(consent=consent).order_by("signed_at")),
        "hash": services.rules.document_hash(services.consent_document(consent, notice)),
    }


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def consent(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    """Read a consent request with its notice; agree or refuse by typing your name."""
    item = get_object_or_404(Consent, pk=consent_id, student=student)
    iep = item.ieps.first()
    if iep is not None:
        # Consent to an IEP's services is given on the IEP itself, over the IEP's fingerprint: the answer then
        # also puts the IEP in effect (or records the refusal), which a plain consent record would not.
        return redirect("iep_consent", student_id=student.pk, iep_id=iep.pk)
    context = _consent_context(item)
    form = forms.SignForm(request.POST or None, initial={"document_hash": context["hash"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_sign(consent=item, user=request.user, answer=form.cleaned_data["answer"],
                                  signed_name=form.cleaned_data["signed_name"],
                                  shown_hash=form.cleaned_data["document_hash"],
                                  user_agent=request.headers.get("User-Agent", ""))
        except ValidationError as exc:
            add_errors(form, exc)
            # Show the document as it is now, with its new fingerprint, so the parent can read and sign again.
            form.data = form.data.copy()
            form.data["document_hash"] = context["hash"]
        else:
            messages.success(request, _("Thank you. Your answer was recorded and sent to the school."))
            return redirect("portal_consent", student_id=student.pk, consent_id=item.pk)
    return render(request, "portal/consent.html", {"student": student, "form": form, **context},
                  status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def consent_revoke(request: HttpRequest, student: Student, consent_id: int) -> HttpResponse:
    item = get_object_or_404(Consent, pk=consent_id, student=student)
    form = forms.RevokeForm(request.POST or None)
    return _form_page(
        request, student, form, "portal/consent_revoke.html",
        lambda data: services.consent_revoke_in_writing(consent=item, user=request.user,
                                                        signed_name=data["signed_name"], statement=data["statement"],
                                                        user_agent=request.headers.get("User-Agent", "")),
        _("Your written revocation was sent. The school will send you a Prior Written Notice before services "
          "stop."), {"consent": item})


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def records(request: HttpRequest, student: Student) -> HttpResponse:
    form = forms.RecordsForm(request.POST or None)
    return _form_page(
        request, student, form, "portal/records.html",
        lambda data: services.parent_records_request(student=student, user=request.user, **data),
        _("Your request was sent. The school must let you see the records within 45 days, and before any meeting "
          "about the IEP or any hearing."))


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def amendment(request: HttpRequest, student: Student) -> HttpResponse:
    form = forms.AmendmentForm(request.POST or None)
    earlier = list(AmendmentRequest.objects.filter(student=student))
    return _form_page(
        request, student, form, "portal/amendment.html",
        lambda data: services.parent_amendment_request(student=student, user=request.user, **data),
        _("Your request was sent. The school will decide and tell you in writing."),
        {"earlier": earlier, "statement_form": forms.StatementForm()})


@require_POST
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def amendment_statement(request: HttpRequest, student: Student, amendment_id: int) -> HttpResponse:
    item = get_object_or_404(AmendmentRequest, pk=amendment_id, student=student)
    form = forms.StatementForm(request.POST)
    if form.is_valid():
        try:
            services.parent_statement(amendment=item, user=request.user,
                                      statement=form.cleaned_data["disagreement_statement"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your statement is now kept with the record."))
            return redirect("portal_amendment", student_id=student.pk)
    earlier = list(AmendmentRequest.objects.filter(student=student))
    return render(request, "portal/amendment.html", {
        "student": student, "form": forms.AmendmentForm(), "earlier": earlier, "statement_form": form,
        "statement_for": item.pk}, status=422)


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def iee(request: HttpRequest, student: Student) -> HttpResponse:
    form = forms.IEEForm(request.POST or None)
    form.fields["evaluation"].queryset = Evaluation.objects.filter(student=student,
                                                                   status=Evaluation.Status.COMPLETED)
    form.fields["evaluation"].label_from_instance = lambda e: _("Evaluation report of %(day)s") % {
        "day": f"{e.completed_on:%Y-%m-%d}"}
    return _form_page(
        request, student, form, "portal/iee.html",
        lambda data: services.parent_iee_request(student=student, user=request.user, **data),
        _("Your request was sent. The school must either pay for the independent evaluation or ask for a hearing, "
          "without unnecessary delay."))


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def disagree(request: HttpRequest, student: Student) -> HttpResponse:
    form = forms.DisagreeForm(request.POST or None)
    return _form_page(
        request, student, form, "portal/disagree.html",
        lambda data: services.parent_disagreement(student=student, user=request.user, **data),
        _("Sent. The school has a copy and the time limits have started. For a state complaint or a due process "
          "complaint, also send it to the state education agency: the school will tell you how."))


@require_http_methods(["GET", "POST"])
@student_view(Action.ACT_AS_PARENT, record=FAMILY)
def rights(request: HttpRequest, student: Student) -> HttpResponse:
    """The parents' rights in plain words, and a request for the full notice (owed until the school gives it)."""
    if request.method == "POST":
        try:
            services.parent_safeguards_copy(student=student, user=request.user,
                                            language=translation.get_language() or "en")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your request was sent. The school will give you the full notice of your "
                                        "rights, in your language."))
        return redirect("portal_rights", student_id=student.pk)
    return render(request, "portal/rights.html", {"student": student, "today": timezone.localdate()})
