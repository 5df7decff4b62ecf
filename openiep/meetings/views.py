"""Pages of IEP meetings: schedule, the meeting page (invitees, notice, parents' input, attendance), the notice
as a page and a PDF, the .ics invitation, the parents' input form."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.compliance.law_profiles import load_profile
from openiep.lib.forms import add_errors
from openiep.meetings import notice as notice_module
from openiep.meetings import selectors, services
from openiep.meetings.forms import (
    AttendanceForm,
    CancelForm,
    HeldForm,
    InviteeForm,
    MeetingForm,
    NoticeSendForm,
    ParentInputForm,
)
from openiep.meetings.models import Meeting, Participant
from openiep.meetings.tasks import invitation_ics
from openiep.people.models import Student

MEETING_RECORD = "IEP meeting: invitations, notice, parents' input and attendance"


def get_meeting(student: Student, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_for_student(student=student, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def _form_values(form: MeetingForm) -> dict:
    return {name: form.cleaned_data[name] for name in services.DETAIL_FIELDS}


def _redirect(meeting: Meeting) -> HttpResponse:
    return redirect("meeting_detail", student_id=meeting.student_id, meeting_id=meeting.pk)


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record="Scheduling an IEP meeting")
def meeting_new(request: HttpRequest, student: Student) -> HttpResponse:
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_schedule(student=student, actor=request.user, **_form_values(form))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Meeting scheduled and the team invited. Check the invitations, then "
                                          "send the notice.")
                return _redirect(meeting)
    else:
        parents = selectors.rights_holders(student=student)
        needed, language = services.interpreter_default(parents)
        start = (timezone.localtime() + timedelta(days=14)).replace(hour=15, minute=30, second=0,
                                                                             microsecond=0)
        form = MeetingForm(initial={
            "kind": request.GET.get("kind") or Meeting.Kind.INITIAL, "starts_at": start, "duration_minutes": 60,
            "interpreter_needed": needed, "interpreter_language": language,
            "transition_discussed": services.transition_is_due(student, start.date()),
            "location": student.school.name if student.school_id else "",
        })
    return render(request, "meetings/meeting_form.html", {"student": student, "form": form, "meeting": None},
                  status=422 if request.htmx else 200)


def detail_context(request: HttpRequest, student: Student, meeting: Meeting, **forms) -> dict:
    participants = list(meeting.participants.all())
    can_manage = allows(request.user, Action.MANAGE_CASE)
    scheduled = meeting.status == Meeting.Status.SCHEDULED
    context = {
        "student": student,
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "participants": participants,
        "inputs": list(meeting.parent_inputs.all()),
        "can_manage": can_manage and scheduled,
        "can_give_input": allows(request.user, Action.GIVE_MEETING_INPUT) and scheduled,
        "scheduled": scheduled,
        "show_contacts": not request.user.is_family,  # invitees' addresses are for the staff who send
        "notice_document": notice_module.latest_notice_document(meeting),
    }
    if can_manage:
        context["invite_problems"] = services.team_problems(meeting, participants, held=False)
        if scheduled:
            context["pending"] = [p for p in participants if p.attendance == Participant.Attendance.INVITED]
            context["held_problems"] = services.team_problems(meeting, participants, held=True,
                                                              held_on=timezone.localdate())
            context["invitee_form"] = forms.get("invitee_form") or InviteeForm()
            context["cancel_form"] = forms.get("cancel_form") or CancelForm()
            context["held_form"] = forms.get("held_form") or HeldForm(initial={"held_on": timezone.localdate()})
            bound = forms.get("attendance_form")
            context["attendance_forms"] = [
                (p, bound if bound is not None and bound.prefix == f"p{p.pk}" else AttendanceForm(
                    prefix=f"p{p.pk}", initial={
                        "attendance": p.attendance if p.attendance != "invited" else "",
                        "attended_by": p.attended_by or (meeting.modality if meeting.modality != "hybrid"
                                                         else "in_person"),
                        "signed_name": p.signed_name, "excusal": p.excusal,
                        "excusal_agreed_on": p.excusal_agreed_on, "written_input_on": p.written_input_on,
                        "written_input": p.written_input}))
                for p in participants
            ]
    return context


@require_GET
@student_view(Action.VIEW_STUDENT, record=MEETING_RECORD)
def meeting_detail(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    return render(request, "meetings/meeting_detail.html", detail_context(request, student, meeting))


@require_http_methods(["GET", "POST"])
@student_view(Action.MANAGE_CASE, record=MEETING_RECORD)
def meeting_edit(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.error(request, "Only a scheduled meeting can be changed.")
        return _redirect(meeting)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_update(meeting=meeting, actor=request.user, **_form_values(form))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Meeting changed." + (" The time or place changed: send the notice again."
                                                                if meeting.notice_sent_on is None else ""))
                return _redirect(meeting)
    else:
        form = MeetingForm(initial={name: getattr(meeting, name) for name in services.DETAIL_FIELDS}
                           | {"starts_at": timezone.localtime(meeting.starts_at)})
    return render(request, "meetings/meeting_form.html", {"student": student, "form": form, "meeting": meeting},
                  status=422 if request.htmx else 200)


def _detail_with(request, student, meeting, **forms) -> HttpResponse:
    return render(request, "meetings/meeting_detail.html", detail_context(request, student, meeting, **forms),
                  status=422 if request.htmx else 200)


@require_POST
@student_view(Action.MANAGE_CASE, record=MEETING_RECORD)
def meeting_cancel(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["cancelled_reason"], actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Meeting cancelled. The invitees with an email get the calendar cancellation.")
            return _redirect(meeting)
    return _detail_with(request, student, meeting, cancel_form=form)


@require_POST
@student_view(Action.MANAGE_CASE, record=MEETING_RECORD)
def invitee_add(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    form = InviteeForm(request.POST)
    if form.is_valid():
        try:
            person = services.participant_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{person.name} invited.")
            return _redirect(meeting)
    return _detail_with(request, student, meeting, invitee_form=form)


@require_POST
@student_view(Action.MANAGE_CASE, record=None)
def invitee_remove(request: HttpRequest, student: Student, meeting_id: int, participant_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    person = get_object_or_404(Participant, pk=participant_id, meeting=meeting)
    try:
        services.participant_remove(participant=person, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{person.name} is no longer invited.")
    return _redirect(meeting)


@require_GET
@student_view(Action.VIEW_STUDENT, record="IEP meeting notice")
def meeting_notice(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    participants = list(meeting.participants.all())
    context = notice_module.notice_context(meeting, participants)
    can_send = allows(request.user, Action.MANAGE_CASE) and meeting.status == Meeting.Status.SCHEDULED
    if can_send:
        today = timezone.localdate()
        context["timing"] = services.notice_timing(meeting, today)
        context["send_form"] = NoticeSendForm(initial={"sent_on": today})
        context["invite_problems"] = services.team_problems(meeting, participants, held=False)
    context.update({"can_send": can_send, "notice_document": notice_module.latest_notice_document(meeting),
                    "rule": load_profile(student.district.state).meeting_notice})
    return render(request, "meetings/notice.html", context)


@require_POST
@student_view(Action.MANAGE_CASE, record="IEP meeting notice")
def meeting_notice_send(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    form = NoticeSendForm(request.POST)
    if form.is_valid():
        try:
            sent = services.meeting_notice_send(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Notice sent: the PDF is stored and each invitee with an email gets it with "
                                      "the calendar invitation.")
            if sent.warning:
                messages.warning(request, sent.warning)
            return _redirect(meeting)
    participants = list(meeting.participants.all())
    context = notice_module.notice_context(meeting, participants)
    context.update({"can_send": True, "send_form": form, "timing": services.notice_timing(meeting, timezone.localdate()),
                    "invite_problems": services.team_problems(meeting, participants, held=False),
                    "notice_document": notice_module.latest_notice_document(meeting),
                    "rule": load_profile(student.district.state).meeting_notice})
    return render(request, "meetings/notice.html", context, status=422 if request.htmx else 200)


@require_GET
@student_view(Action.VIEW_STUDENT, record="IEP meeting calendar invitation")
def meeting_ics(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    body = invitation_ics(meeting, list(meeting.participants.all()))
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    response = HttpResponse(body, content_type=f"text/calendar; method={method}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iep-meeting-{meeting.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@student_view(Action.GIVE_MEETING_INPUT, record="IEP meeting: the parents' input")
def parent_input(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    if request.method == "POST":
        form = ParentInputForm(request.POST)
        if form.is_valid():
            try:
                services.parent_input_submit(meeting=meeting, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Thank you. The team will read this before the meeting.")
                return _redirect(meeting)
    else:
        form = ParentInputForm()
    mine = [i for i in meeting.parent_inputs.all() if i.author_id == request.user.pk]
    return render(request, "meetings/parent_input.html", {
        "student": student, "meeting": meeting, "form": form, "mine": mine,
        "starts_at": timezone.localtime(meeting.starts_at),
    }, status=422 if request.htmx else 200)


@require_POST
@student_view(Action.MANAGE_CASE, record=MEETING_RECORD)
def attendance_record(request: HttpRequest, student: Student, meeting_id: int, participant_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    person = get_object_or_404(Participant, pk=participant_id, meeting=meeting)
    person.meeting = meeting
    form = AttendanceForm(request.POST, prefix=f"p{person.pk}")
    if form.is_valid():
        try:
            services.attendance_record(participant=person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Attendance recorded for {person.name}.")
            return redirect(f"{_redirect(meeting)['Location']}#attendance")
    return _detail_with(request, student, meeting, attendance_form=form)


@require_POST
@student_view(Action.MANAGE_CASE, record=MEETING_RECORD)
def meeting_held(request: HttpRequest, student: Student, meeting_id: int) -> HttpResponse:
    meeting = get_meeting(student, meeting_id)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_mark_held(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Meeting marked held. The IEP timelines now count from it.")
            return _redirect(meeting)
    return _detail_with(request, student, meeting, held_form=form)
