from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.cases.rules import Step, locate
from openiep.cases.selectors import case_overview
from openiep.people.models import Student


@student_view(Action.VIEW_STUDENT, record="Case overview: steps, deadlines and timeline")
def case_page(request: HttpRequest, student: Student) -> HttpResponse:
    """Where is this student? The step, the next action, who owes it, by when, and everything that happened."""
    facts, timeline, deadlines, links = case_overview(student=student)
    where = locate(facts)
    may_act = allows(request.user, Action.MANAGE_CASE) or allows(request.user, Action.RECORD_PREREFERRAL)
    today = timezone.localdate()
    steps = [s for s in Step if s is not Step.NOT_IN_PROCESS]
    return render(request, "cases/case_page.html", {
        "student": student, "where": where, "timeline": timeline, "deadlines": deadlines, "today": today,
        "steps": steps,
        "action_url": links.for_step(where.step, where.status) if may_act and not where.stopped else "",
        "overdue": [d for d in deadlines if d.done_on is None and d.due_on and d.due_on < today
                    and d.kind == "deadline"],
    })
