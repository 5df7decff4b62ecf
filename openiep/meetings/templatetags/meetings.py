"""Meeting lists shown on other apps' pages (student page, case page, homes), one query each."""

from __future__ import annotations

from django import template
from django.utils import timezone

from openiep.access.policy import Action, allows
from openiep.meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/_student_meetings.html", takes_context=True)
def student_meetings(context, student):
    """Every meeting of the student, newest first, with a link to schedule one for those who may."""
    user = context["user"]
    return {"student": student, "meetings": list(selectors.meetings_for_student(student=student)[:20]),
            "can_schedule": allows(user, Action.MANAGE_CASE), "now": timezone.now()}


@register.inclusion_tag("meetings/_upcoming_meetings.html", takes_context=True)
def upcoming_meetings(context, heading="Upcoming meetings"):
    """Scheduled meetings to come for the signed-in user (a family's children, a case manager's caseload)."""
    user = context["user"]
    return {"meetings": selectors.upcoming_for_user(user=user), "heading": heading,
            "can_give_input": allows(user, Action.GIVE_MEETING_INPUT)}
