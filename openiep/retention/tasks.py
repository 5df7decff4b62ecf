"""Background work: the email that tells parents their child's record is due to be destroyed (34 CFR 300.624(a))."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from openiep.people.models import Guardianship
from openiep.retention.models import RetentionCase


@task()
def send_retention_notice(case_id: int) -> int:
    case = RetentionCase.objects.select_related("student", "student__district").get(pk=case_id)
    guardians = [
        g.guardian for g in Guardianship.objects.filter(student=case.student, has_record_access=True)
        .select_related("guardian") if g.guardian.email
    ]
    for guardian in guardians:
        context = {"case": case, "guardian": guardian, "student": case.student}
        send_mail(
            subject=render_to_string("retention/notice_subject.txt", context).strip(),
            message=render_to_string("retention/notice_email.txt", context),
            from_email=None,
            recipient_list=[guardian.email],
        )
    return len(guardians)
