from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openiep.access.policy import Action
from openiep.access.views import student_view
from openiep.audit.history import student_history
from openiep.audit.selectors import access_records_for_student
from openiep.people.models import Student


@student_view(Action.VIEW_ACCESS_RECORD, record="Record of access")
def access_record(request: HttpRequest, student: Student) -> HttpResponse:
    """Who has looked at this student's records, when and why (34 CFR 300.614)."""
    page = Paginator(access_records_for_student(student=student), 100).get_page(request.GET.get("page"))
    return render(request, "audit/access_record.html", {"student": student, "page": page})


@student_view(Action.VIEW_HISTORY, record="Change history")
def change_history(request: HttpRequest, student: Student) -> HttpResponse:
    return render(request, "audit/history.html", {"student": student, "entries": student_history(student=student)})
