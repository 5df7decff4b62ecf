"""Retention pages: a district administrator tells the parents, exports the record for them, then destroys it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openiep.access.policy import Action
from openiep.access.views import student_view
from openiep.audit.models import AccessRecord
from openiep.lib.forms import add_errors
from openiep.retention import services
from openiep.retention.forms import DestroyForm, NoticeForm
from openiep.retention.graph import student_record_tables
from openiep.retention.models import RetentionCase


def _page(request, student, *, notice_form=None, destroy_form=None, status=200) -> HttpResponse:
    case = RetentionCase.objects.filter(student=student).first()
    context = {
        "student": student, "case": case,
        "notice_form": notice_form or NoticeForm(initial={
            "destroy_on": timezone.localdate() + timezone.timedelta(days=services.MIN_NOTICE_DAYS)}),
        "destroy_form": destroy_form or DestroyForm(),
        "may_destroy": case is not None and case.status == RetentionCase.Status.NOTIFIED
        and timezone.localdate() >= case.destroy_on,
        "tables": len(student_record_tables()),
    }
    return render(request, "retention/retention.html", context, status=status)


@student_view(Action.MANAGE_RETENTION, record="Record retention")
@require_GET
def retention_page(request: HttpRequest, student) -> HttpResponse:
    return _page(request, student)


@student_view(Action.MANAGE_RETENTION, record="Record retention")
@require_POST
def retention_notice(request: HttpRequest, student) -> HttpResponse:
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.retention_notice_send(student=student, destroy_on=form.cleaned_data["destroy_on"],
                                           actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "The parents are being emailed that the record will be destroyed.")
            return redirect("retention", student_id=student.pk)
    return _page(request, student, notice_form=form, status=422)


@student_view(Action.MANAGE_RETENTION, record="Complete record, exported for the parents",
              kind=AccessRecord.Kind.EXPORT)
@require_GET
def retention_export(request: HttpRequest, student) -> HttpResponse:
    data = services.student_record_export(student=student)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="student-record-{student.local_id}.zip"'
    return response


@student_view(Action.MANAGE_RETENTION, record=None)
@require_POST
def retention_destroy(request: HttpRequest, student) -> HttpResponse:
    form = DestroyForm(request.POST)
    if form.is_valid():
        try:
            destroyed = services.student_record_destroy(student=student, confirm=form.cleaned_data["confirm"],
                                                        actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"The record was destroyed ({sum(destroyed.values())} entries). "
                                      "Name, grade level, school and dates are kept (34 CFR 300.624(b)).")
            return redirect("retention", student_id=student.pk)
    return _page(request, student, destroy_form=form, status=422)
