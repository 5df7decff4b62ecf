"""Pages of the eligibility step: the decision (posted from the evaluation page), the printable
determination with each member's vote, and its Prior Written Notice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.eligibility import selectors, services
from openiep.eligibility.forms import DetermineForm, NoticeForm, VoteFormSet, vote_members
from openiep.eligibility.models import EligibilityDetermination
from openiep.eligibility.rules import DETERMINANTS, category_label, category_with_code
from openiep.evaluations.views import evaluation_context, get_evaluation
from openiep.lib.forms import add_errors
from openiep.people.models import Student


@require_POST
@student_view(Action.MANAGE_CASE, record="Eligibility decision")
def eligibility_determine(request: HttpRequest, student: Student, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(student, evaluation_id)
    form = DetermineForm(request.POST)
    votes = VoteFormSet(request.POST, prefix="votes", form_kwargs={"members": vote_members(student=student)})
    if form.is_valid() & votes.is_valid():
        try:
            determination = services.eligibility_determine(
                evaluation=evaluation,
                votes=[row.vote() for row in votes.forms if row.cleaned_data and not row.is_blank()],
                actor=request.user,
                **form.decision(),
            )
        except ValidationError as exc:
            add_errors(form, exc, {"votes": votes})
        else:
            messages.success(request, "Eligibility decided. The Prior Written Notice is ready to review and give "
                                      "to the parent.")
            return redirect("determination_detail", student_id=student.pk, determination_id=determination.pk)
    context = evaluation_context(request, student, evaluation, determine_form=form, vote_formset=votes)
    return render(request, "evaluations/evaluation_detail.html", context, status=422 if request.htmx else 200)


def _determination(student: Student, determination_id: int) -> EligibilityDetermination:
    determination = selectors.determination_detail(student=student, determination_id=determination_id)
    if determination is None:
        raise Http404("No such decision")
    determination.student = student
    return determination


@require_GET
@student_view(Action.VIEW_STUDENT, record="Eligibility decision and Prior Written Notice")
def determination_detail(request: HttpRequest, student: Student, determination_id: int) -> HttpResponse:
    determination = _determination(student, determination_id)
    staff = not request.user.is_family
    label = category_with_code if staff else category_label
    return render(request, "eligibility/determination_detail.html", {
        "student": student,
        "determination": determination,
        "notice": determination.notice,
        "votes": list(determination.votes.all()),
        "primary": label(determination.primary_category) if determination.primary_category else "",
        "secondary": [label(code) for code in determination.secondary_categories],
        "determinants": [(text, getattr(determination, name)) for name, text in DETERMINANTS.items()],
        "can_manage": allows(request.user, Action.MANAGE_CASE),
    })


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Prior Written Notice of an eligibility decision")
def notice_edit(request: HttpRequest, student: Student, determination_id: int) -> HttpResponse:
    determination = _determination(student, determination_id)
    notice = determination.notice
    if notice is None:
        raise Http404("No notice")
    if request.method == "POST":
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                services.eligibility_notice_update(determination=determination, actor=request.user,
                                                   **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Prior Written Notice saved.")
                return redirect("determination_detail", student_id=student.pk, determination_id=determination.pk)
    else:
        form = NoticeForm(initial={name: getattr(notice, name) for name in NoticeForm.base_fields})
    return render(request, "eligibility/notice_edit.html",
                  {"student": student, "determination": determination, "form": form})
