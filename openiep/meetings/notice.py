"""The meeting notice of 34 CFR 300.322(b): its facts (shared by the page, the PDF and the email) and the
stored PDF. The notice is in the parents' language where OpenIEP has a translation (settings.LANGUAGES),
otherwise in English with the interpreter noted."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from openiep.documents.models import Document
from openiep.documents.services import document_render
from openiep.meetings import selectors, services
from openiep.meetings.models import Meeting, Participant
from openiep.people.models import User
from openiep.referrals.models import Referral

TEMPLATE = "meetings/notice_print.html"


TRANSLATION_PROBE = "Notice of an IEP meeting"


def translated(language: str) -> bool:
    """Whether the notice's text exists in this language (its catalogue has the notice's heading): a notice
    marked Spanish but printed in English would mislead the reader and screen readers."""
    if language == "en":
        return True
    if language not in dict(settings.LANGUAGES):
        return False
    with translation.override(language):
        return translation.gettext(TRANSLATION_PROBE) != TRANSLATION_PROBE


def notice_language(meeting: Meeting, parents=None) -> str:
    """The parents' language where the notice is translated into it, else English (with the interpreter)."""
    parents = parents if parents is not None else selectors.rights_holders(student=meeting.student)
    language = services.parent_language(parents)
    return language if translated(language) else "en"


def notice_context(meeting: Meeting, participants: list[Participant] | None = None) -> dict[str, Any]:
    """Everything the notice says, in a fixed number of queries (invitees, parents, Part C, case manager)."""
    student = meeting.student
    if participants is None:
        participants = list(meeting.participants.all())
    parents = selectors.rights_holders(student=student)
    from_part_c = meeting.kind == Meeting.Kind.INITIAL and Referral.objects.filter(
        student=student, source=Referral.Source.EARLY_INTERVENTION).exists()
    manager = selectors.case_manager(student=student)
    attending = [p for p in participants if p.role != Participant.Role.PARENT]
    return {
        "student": student,
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.starts_at) + timedelta(minutes=meeting.duration_minutes),
        "parents": parents,
        "attending": attending,
        "invites_student": any(p.role == Participant.Role.STUDENT for p in participants),
        "agencies": [p for p in participants if p.role == Participant.Role.AGENCY],
        "from_part_c": from_part_c,
        "case_manager": manager,
        "language": notice_language(meeting, parents),
        "document_title": f"Notice of an IEP meeting for {student.full_name}",
    }


def source_hash(context: dict[str, Any]) -> str:
    """A hash of what the notice states, so the stored PDF names exactly the facts it was made from."""
    meeting = context["meeting"]
    facts = {
        "kind": meeting.kind, "purpose": meeting.purpose, "starts_at": meeting.starts_at.isoformat(),
        "duration": meeting.duration_minutes, "location": meeting.location, "modality": meeting.modality,
        "transition": meeting.transition_discussed, "sequence": meeting.ics_sequence,
        "notice_sent_on": str(meeting.notice_sent_on), "attending": [(p.name, p.role) for p in context["attending"]],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def notice_document(*, meeting: Meeting, actor: User) -> Document:
    context = notice_context(meeting)
    with translation.override(context["language"]):
        return document_render(
            student=meeting.student, kind=Document.Kind.MEETING_NOTICE, title=context["document_title"],
            template=TEMPLATE, context=context, actor=actor, language=context["language"], source=meeting,
            source_hash=source_hash(context),
        )


def latest_notice_document(meeting: Meeting) -> Document | None:
    return (Document.objects.filter(kind=Document.Kind.MEETING_NOTICE, source_model="meetings.meeting",
                                    source_id=meeting.pk).order_by("-created_at", "-id").first())
