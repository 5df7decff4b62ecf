"""Background work of the compliance app (django-tasks; run by ``openiep db_worker``).

``send_deadline_digests`` emails each person responsible for deadlines the list of theirs that are
overdue or due within 7 days. It is enqueued daily by ``openiep send-digests`` (cron or a systemd timer;
see the app's README).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from openiep.compliance.models import Deadline
from openiep.lib.env import env_str
from openiep.people.models import TeamMembership

log = logging.getLogger(__name__)

DIGEST_DAYS = 7
SEND_BATCH = 100


@dataclass
class DigestItem:
    student: str
    rule: str
    due_on: date
    days_overdue: int  # 0 when not yet due


@dataclass
class Digest:
    person_id: int
    name: str
    email: str
    overdue: list[DigestItem] = field(default_factory=list)
    soon: list[DigestItem] = field(default_factory=list)


def site_url() -> str:
    """Where staff open OpenIEP, for the link in the email (OPENIEP_BASE_URL)."""
    return (getattr(settings, "OPENIEP_BASE_URL", "") or env_str("OPENIEP_BASE_URL", "http://localhost:8000")).rstrip("/")


def digest_rows(today: date):
    """Open deadlines overdue or due within 7 days, for people still on the student's team: one query.

    Names only (the student's and the rule's): the email goes through mail servers outside the district.
    """
    still_on_team = TeamMembership.objects.active(today).filter(
        student_id=OuterRef("student_id"), member_id=OuterRef("responsible_id")
    )
    return (
        Deadline.objects.open()
        .filter(due_on__lte=today + timedelta(days=DIGEST_DAYS), responsible__isnull=False,
                responsible__is_active=True, student__is_active=True)
        .exclude(responsible__email="")
        .filter(Exists(still_on_team))
        .order_by("responsible_id", "due_on", "id")
        .values_list("responsible_id", "responsible__first_name", "responsible__last_name", "responsible__username",
                     "responsible__email", "student__first_name", "student__preferred_name", "student__last_name",
                     "label", "due_on")
    )


def digests(today: date) -> Iterator[Digest]:
    """One ``Digest`` per person, in turn, streaming the rows (a district's are not held in memory at once)."""
    current: Digest | None = None
    for (person_id, first, last, username, email, s_first, s_preferred, s_last, label,
         due) in digest_rows(today).iterator(chunk_size=2000):
        if current is None or current.person_id != person_id:
            if current is not None:
                yield current
            current = Digest(person_id=person_id, name=f"{first} {last}".strip() or username, email=email)
        item = DigestItem(f"{s_preferred or s_first} {s_last}", label, due, max(0, (today - due).days))
        (current.overdue if due < today else current.soon).append(item)
    if current is not None:
        yield current


def digest_message(digest: Digest, today: date, link: str) -> EmailMultiAlternatives:
    context = {"digest": digest, "today": today, "link": link, "days": DIGEST_DAYS}
    overdue, soon = len(digest.overdue), len(digest.soon)
    if overdue and soon:
        subject = f"OpenIEP: {overdue} overdue, {soon} due this week"
    elif overdue:
        subject = f"OpenIEP: {overdue} overdue deadline{'s' if overdue != 1 else ''}"
    else:
        subject = f"OpenIEP: {soon} deadline{'s' if soon != 1 else ''} due this week"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("compliance/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.email],
    )
    message.attach_alternative(render_to_string("compliance/email/digest.html", context), "text/html")
    return message


@task()
def send_deadline_digests(today_iso: str) -> dict[str, int]:
    """Email every responsible staff member their overdue deadlines and those due within 7 days."""
    today = date.fromisoformat(today_iso)
    link = site_url() + reverse("compliance_dashboard")
    sent = items = 0
    batch: list[EmailMultiAlternatives] = []
    with get_connection() as connection:
        for digest in digests(today):
            batch.append(digest_message(digest, today, link))
            items += len(digest.overdue) + len(digest.soon)
            if len(batch) >= SEND_BATCH:
                sent += connection.send_messages(batch) or 0
                batch = []
        if batch:
            sent += connection.send_messages(batch) or 0
    log.info("deadline digests for %s: %s emails, %s deadlines", today_iso, sent, items)
    return {"emails": sent, "deadlines": items}
