"""Reads of the procedural safeguards: one student's page and the staff list of open requests and disputes.

A fixed number of queries whatever the number of records (a test proves it); each clock is computed by
``rules`` from the stored dates, never stored itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from openiep.access.policy import students_visible_to
from openiep.compliance.services import district_calendar
from openiep.people.models import SchoolYear, Student, User
from openiep.referrals.models import Referral
from openiep.safeguards import rules
from openiep.safeguards.models import (
    AmendmentRequest,
    Dispute,
    IEERequest,
    NoticeRequest,
    RecordsRequest,
    SafeguardsNotice,
)

LIST_LIMIT = 200


def records_clock(r: RecordsRequest) -> rules.Clock:
    return rules.records_request_clock(requested_on=r.requested_on, meeting_on=r.meeting_on, answered_on=r.answered_on)


def iee_clock(r: IEERequest) -> rules.Clock:
    return rules.iee_clock(requested_on=r.requested_on, response_days=r.response_days, responded_on=r.responded_on)


def dispute_facts(d: Dispute) -> rules.DisputeFacts:
    return rules.DisputeFacts(
        kind=d.kind, filed_on=d.filed_on, district_response_on=d.district_response_on,
        resolution_meeting_on=d.resolution_meeting_on, resolution_waived=d.resolution_waived,
        hearing_on=d.hearing_on, decided_on=d.closed_on if d.status == Dispute.Status.DECIDED else None,
    )


def _with_status(clocks: list[rules.Clock], today: date) -> list[dict]:
    return [{"clock": c, "status": c.status(today)} for c in clocks]


def notice_owed_for(*, student: Student, today: date, notices: list[SafeguardsNotice] | None = None,
                    disputes: list[Dispute] | None = None) -> list[rules.NoticeOwed]:
    if notices is None:
        notices = list(SafeguardsNotice.objects.filter(student=student).only("given_on"))
    if disputes is None:
        disputes = list(Dispute.objects.filter(student=student).only("filed_on", "kind"))
    years = SchoolYear.objects.filter(district_id=student.district_id).values_list("start_date", "end_date")
    start, end = rules.school_year_around(today, years)
    first = Referral.objects.filter(student=student).order_by("received_on").values_list("received_on", flat=True)
    asked = NoticeRequest.objects.filter(student=student).order_by("-requested_on").values_list("requested_on",
                                                                                               flat=True)
    return rules.notice_owed(
        today=today, year_start=start, year_end=end, notices_given=[n.given_on for n in notices],
        first_referral_on=first.first(), complaints=[(d.filed_on, d.kind) for d in disputes],
        requested_on=asked.first(),
    )


@dataclass
class StudentSafeguards:
    notices: list[SafeguardsNotice]
    owed: list[rules.NoticeOwed]
    records: list[tuple[RecordsRequest, dict]]
    amendments: list[AmendmentRequest]
    iees: list[tuple[IEERequest, dict]]
    disputes: list[tuple[Dispute, list[dict]]]
    open_count: int = 0
    estimated_calendar: bool = field(default=False)


def student_safeguards(*, student: Student, today: date) -> StudentSafeguards:
    notices = list(SafeguardsNotice.objects.filter(student=student).select_related("guardian", "created_by"))
    records = list(RecordsRequest.objects.filter(student=student).select_related("guardian", "answered_by"))
    amendments = list(AmendmentRequest.objects.filter(student=student).select_related("guardian"))
    iees = list(IEERequest.objects.filter(student=student).select_related("guardian", "evaluation"))
    disputes = list(Dispute.objects.filter(student=student).select_related("guardian"))
    # The calendar only matters for expedited hearings (school days): read it only then.
    calendar = (district_calendar(student.district_id)
                if any(d.kind == Dispute.Kind.EXPEDITED for d in disputes) else None)
    records_rows = [(r, {"clock": c, "status": c.status(today)}) for r in records for c in [records_clock(r)]]
    iee_rows = [(r, {"clock": c, "status": c.status(today)}) for r in iees for c in [iee_clock(r)]]
    dispute_rows = [(d, _with_status(rules.dispute_clocks(dispute_facts(d), calendar), today)) for d in disputes]
    open_count = (sum(1 for r in records if r.answered_on is None)
                  + sum(1 for a in amendments if a.decision == AmendmentRequest.Decision.PENDING)
                  + sum(1 for r in iees if r.response == IEERequest.Response.PENDING)
                  + sum(1 for d in disputes if d.status == Dispute.Status.OPEN))
    return StudentSafeguards(
        notices=notices, owed=notice_owed_for(student=student, today=today, notices=notices, disputes=disputes),
        records=records_rows, amendments=amendments, iees=iee_rows, disputes=dispute_rows, open_count=open_count,
    )


# --- The staff list --------------------------------------------------------------------------------------------


def _visible(queryset: QuerySet, user: User) -> QuerySet:
    # EXISTS per open row, not IN (every visible student): open requests are few, a district's students many
    # (the IN list took 50 ms a kind at 100,000 students on SQLite).
    visible = students_visible_to(user).filter(pk=OuterRef("student_id"))
    return queryset.filter(Exists(visible)).select_related("student", "student__school")


def open_records_requests(user: User) -> QuerySet[RecordsRequest]:
    return _visible(RecordsRequest.objects.filter(answered_on__isnull=True), user).order_by("requested_on", "id")


def open_amendments(user: User) -> QuerySet[AmendmentRequest]:
    return _visible(AmendmentRequest.objects.filter(decision=AmendmentRequest.Decision.PENDING), user).order_by(
        "requested_on", "id")


def open_iee_requests(user: User) -> QuerySet[IEERequest]:
    return _visible(IEERequest.objects.filter(response=IEERequest.Response.PENDING), user).order_by(
        "requested_on", "id")


def open_disputes(user: User) -> QuerySet[Dispute]:
    return _visible(Dispute.objects.filter(status=Dispute.Status.OPEN), user).order_by("filed_on", "id")


@dataclass
class OpenList:
    rows: list
    total: int


def open_lists(*, user: User, today: date) -> dict[str, OpenList]:
    """The open items of each kind, oldest first, at most LIST_LIMIT each, with the total: two queries a kind."""
    def cut(queryset: QuerySet, clock) -> OpenList:
        rows = list(queryset[:LIST_LIMIT])
        total = len(rows) if len(rows) < LIST_LIMIT else queryset.count()
        return OpenList([(row, clock(row)) for row in rows], total)

    def status(c: rules.Clock) -> dict:
        return {"clock": c, "status": c.status(today)}

    def next_dispute_clock(d: Dispute) -> dict | None:
        # Expedited school days counted without the calendar here (marked estimated): the student's page has it.
        pending = [c for c in rules.dispute_clocks(dispute_facts(d)) if c.is_open()]
        return status(min(pending, key=lambda c: c.due)) if pending else None

    return {
        "records": cut(open_records_requests(user), lambda r: status(records_clock(r))),
        "amendments": cut(open_amendments(user), lambda a: None),
        "iees": cut(open_iee_requests(user), lambda r: status(iee_clock(r))),
        "disputes": cut(open_disputes(user), next_dispute_clock),
    }
