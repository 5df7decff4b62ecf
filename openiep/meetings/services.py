"""Writes of IEP meetings: schedule, reschedule, cancel, invite, send the notice, take the parents' input,
record attendance and mark the meeting held (which moves the IEP timelines)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from openiep.compliance import services as compliance_services
from openiep.compliance.calendars import SchoolCalendar
from openiep.compliance.law_profiles import SCHOOL_DAYS, load_profile
from openiep.meetings import rules, selectors
from openiep.meetings.models import Meeting, ParentInput, Participant
from openiep.people.models import Guardianship, Student, TeamMembership, User

TEAM_ROLE_SEAT = {
    TeamMembership.TeamRole.CASE_MANAGER: Participant.Role.SPECIAL_ED_TEACHER,
    TeamMembership.TeamRole.SPED_TEACHER: Participant.Role.SPECIAL_ED_TEACHER,
    TeamMembership.TeamRole.GENED_TEACHER: Participant.Role.REGULAR_ED_TEACHER,
    TeamMembership.TeamRole.PROVIDER: Participant.Role.RELATED_SERVICE,
    TeamMembership.TeamRole.SCHOOL_PSYCHOLOGIST: Participant.Role.EVALUATION_INTERPRETER,
    TeamMembership.TeamRole.EVALUATOR: Participant.Role.EVALUATION_INTERPRETER,
    TeamMembership.TeamRole.LEA_REPRESENTATIVE: Participant.Role.LEA_REPRESENTATIVE,
    TeamMembership.TeamRole.INTERPRETER: Participant.Role.LANGUAGE_INTERPRETER,
    TeamMembership.TeamRole.OTHER: Participant.Role.OTHER,
}
ALTERNATIVE_MODALITIES = {Meeting.Modality.VIDEO, Meeting.Modality.PHONE, Meeting.Modality.HYBRID}
TIME_AND_PLACE = ("starts_at", "duration_minutes", "location", "modality")
DETAIL_FIELDS = ("kind", "purpose", *TIME_AND_PLACE, "alternative_means_agreed", "transition_discussed",
                 "interpreter_needed", "interpreter_language")


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def transition_age(student: Student) -> float:
    return float(load_profile(student.district.state).rule("transition_planning_age").length or 16)


def transition_is_due(student: Student, on: date) -> bool:
    return rules.transition_due(student.date_of_birth, on, transition_age(student))


def interpreter_default(guardianships: list[Guardianship]) -> tuple[bool, str]:
    """From the parents who hold the rights: whether one needs an interpreter, and in which language."""
    for g in guardianships:
        if g.guardian.needs_interpreter:
            return True, g.guardian.preferred_language
    return False, ""


def parent_language(guardianships: list[Guardianship]) -> str:
    """The language of the notice: the first rights-holding parent's (English when none is recorded)."""
    for g in guardianships:
        if g.guardian.preferred_language:
            return g.guardian.preferred_language
    return "en"


def _validate(values: dict, errors: dict[str, list[str]], *, now: datetime, was: datetime | None = None) -> None:
    if values["kind"] not in Meeting.Kind.values:
        _add(errors, "kind", "Choose what kind of meeting this is.")
    if not (values.get("purpose") or "").strip():
        _add(errors, "purpose", "Say what the meeting is for, in plain words: the notice tells the parents "
                                "(34 CFR 300.322(b)(1)).")
    starts_at = values.get("starts_at")
    if not isinstance(starts_at, datetime):
        _add(errors, "starts_at", "Give the date and time of the meeting.")
    elif starts_at < now and starts_at != was:
        _add(errors, "starts_at", "This time has passed: schedule the meeting for a time to come.")
    elif (starts_at - now).days > 366:
        _add(errors, "starts_at", "That is more than a year away: check the year.")
    duration = values.get("duration_minutes")
    if not isinstance(duration, int) or not 5 <= duration <= 600:
        _add(errors, "duration_minutes", "Give the length in minutes, from 5 to 600.")
    if not (values.get("location") or "").strip():
        _add(errors, "location", "Say where: the school and room, or how to join the video or phone call.")
    if values.get("modality") not in Meeting.Modality.values:
        _add(errors, "modality", "Choose how the team meets.")
    elif values["modality"] in ALTERNATIVE_MODALITIES and not values.get("alternative_means_agreed"):
        _add(errors, "alternative_means_agreed",
             "Meeting by video or phone needs the parent's agreement (34 CFR 300.328): record that they agreed, "
             "or meet in person.")
    if values.get("interpreter_needed") and not values.get("interpreter_language"):
        _add(errors, "interpreter_language", "Which language does the interpreter speak?")


def _seat_list(student: Student, *, transition: bool) -> list[Participant]:
    """The invitations a new meeting starts with: the rights-holding parents, the team, the classroom
    teachers, an LEA representative (the school's administrator, when the team has none), the student when
    transition is discussed or the rights have transferred."""
    seats: list[Participant] = []
    for g in selectors.rights_holders(student=student):
        seats.append(Participant(guardian=g.guardian, user=g.guardian.user, name=str(g.guardian),
                                 email=g.guardian.email or (g.guardian.user.email if g.guardian.user else ""),
                                 role=Participant.Role.PARENT))
    users_seen: set[tuple[int, str]] = set()
    for membership in selectors.team_for_invitations(student=student):
        role = TEAM_ROLE_SEAT.get(membership.role, Participant.Role.OTHER)
        if (membership.member_id, role) in users_seen:
            continue
        users_seen.add((membership.member_id, role))
        member = membership.member
        seats.append(Participant(user=member, name=str(member), email=member.email, role=role,
                                 also_interprets_evaluations=role == Participant.Role.EVALUATION_INTERPRETER))
    for teacher in selectors.classroom_teachers(student=student):
        if (teacher.pk, Participant.Role.REGULAR_ED_TEACHER) not in users_seen:
            users_seen.add((teacher.pk, Participant.Role.REGULAR_ED_TEACHER))
            seats.append(Participant(user=teacher, name=str(teacher), email=teacher.email,
                                     role=Participant.Role.REGULAR_ED_TEACHER))
    if not any(s.role == Participant.Role.LEA_REPRESENTATIVE for s in seats):
        for admin in selectors.school_administrators(student=student):
            seats.append(Participant(user=admin, name=str(admin), email=admin.email,
                                     role=Participant.Role.LEA_REPRESENTATIVE))
    if transition or student.rights_transferred_on:
        user = student.user if student.user_id else None
        seats.append(Participant(user=user, name=student.full_name, email=user.email if user else "",
                                 role=Participant.Role.STUDENT))
    return seats


@transaction.atomic
def meeting_schedule(
    *,
    student: Student,
    kind: str,
    purpose: str,
    starts_at: datetime,
    location: str,
    duration_minutes: int = 60,
    modality: str = Meeting.Modality.IN_PERSON,
    alternative_means_agreed: bool = False,
    transition_discussed: bool | None = None,
    interpreter_needed: bool | None = None,
    interpreter_language: str = "",
    actor: User,
) -> Meeting:
    """Schedule a meeting and invite the team and the parents (34 CFR 300.321-300.322). Left as None, the
    interpreter comes from the parents' needs and transition from the state's transition age."""
    parents = selectors.rights_holders(student=student)
    if interpreter_needed is None:
        interpreter_needed, default_language = interpreter_default(parents)
        interpreter_language = interpreter_language or default_language
    values = {
        "kind": kind, "purpose": purpose, "starts_at": starts_at, "duration_minutes": duration_minutes,
        "location": location, "modality": modality, "alternative_means_agreed": bool(alternative_means_agreed),
        "interpreter_needed": bool(interpreter_needed), "interpreter_language": interpreter_language or "",
    }
    errors: dict[str, list[str]] = {}
    _validate(values, errors, now=timezone.now())
    if errors:
        raise ValidationError(errors)
    meeting_on = timezone.localtime(starts_at).date()
    if transition_discussed is None:
        transition_discussed = transition_is_due(student, meeting_on)
    meeting = Meeting(student=student, created_by=actor, transition_discussed=bool(transition_discussed),
                      **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    for seat in _seat_list(student, transition=meeting.transition_discussed):
        seat.meeting = meeting
        seat.full_clean()
        seat._history_user = actor
        seat.save()
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.student = meeting.student
    return locked


def _scheduled(meeting: Meeting, doing: str) -> None:
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError({NON_FIELD_ERRORS: [
            f"This meeting is {meeting.get_status_display().lower()}: it cannot {doing} any more."]})


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, **fields: object) -> Meeting:
    """Change a scheduled meeting. A new time or place bumps the invitation's SEQUENCE (calendars move the
    same event) and clears the notice: the parents get a new one."""
    unknown = sorted(set(fields) - set(DETAIL_FIELDS))
    if unknown:
        raise ValidationError({NON_FIELD_ERRORS: [f"Unknown meeting fields: {', '.join(unknown)}."]})
    meeting = _lock(meeting)
    _scheduled(meeting, "be changed")
    values = {name: getattr(meeting, name) for name in DETAIL_FIELDS}
    values.update(fields)
    errors: dict[str, list[str]] = {}
    _validate(values, errors, now=timezone.now(), was=meeting.starts_at)
    if errors:
        raise ValidationError(errors)
    moved = any(values[name] != getattr(meeting, name) for name in TIME_AND_PLACE)
    announced = meeting.notice_sent_on is not None
    for name, value in values.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if moved:
        meeting.ics_sequence += 1
        meeting.notice_sent_on = None
        meeting.notice_method = ""
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    if moved and announced:
        _invite_by_email(meeting, reason="rescheduled")  # calendars move the event; a new notice follows
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User) -> Meeting:
    """Cancel, keeping the record with its reason; once the notice went, invitees with an email get the calendar
    cancellation."""
    meeting = _lock(meeting)
    _scheduled(meeting, "be cancelled")
    if not (reason or "").strip():
        raise ValidationError({"cancelled_reason": ["Say why the meeting is cancelled: it stays on the record."]})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason.strip()[:300]
    meeting.ics_sequence += 1
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    if meeting.notice_sent_on is not None:  # only those who were sent the invitation get its cancellation
        _invite_by_email(meeting, reason="cancelled")
    return meeting


@transaction.atomic
def participant_add(
    *,
    meeting: Meeting,
    name: str,
    role: str,
    email: str = "",
    also_interprets_evaluations: bool = False,
    agency_consent_on: date | None = None,
    user: User | None = None,
    actor: User,
) -> Participant:
    """Invite anyone by name (and email): a teacher without an account, a person the parents bring, an agency."""
    meeting = _lock(meeting)
    _scheduled(meeting, "take new invitations")
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        _add(errors, "name", "Give the person's name.")
    if role not in Participant.Role.values:
        _add(errors, "role", "Choose their role at the meeting.")
    if role == Participant.Role.AGENCY and agency_consent_on is None:
        _add(errors, "agency_consent_on", "An outside agency is invited only with the parent's consent "
                                          "(34 CFR 300.321(b)(3)): give the date of the consent.")
    if agency_consent_on and agency_consent_on > timezone.localdate():
        _add(errors, "agency_consent_on", "The consent is dated in the future.")
    if errors:
        raise ValidationError(errors)
    person = Participant(meeting=meeting, user=user, name=name.strip()[:200], email=(email or "").strip(), role=role,
                         also_interprets_evaluations=bool(also_interprets_evaluations),
                         agency_consent_on=agency_consent_on if role == Participant.Role.AGENCY else None)
    person.full_clean()
    person._history_user = actor
    person.save()
    return person


@transaction.atomic
def participant_remove(*, participant: Participant, actor: User) -> None:
    meeting = _lock(participant.meeting)
    _scheduled(meeting, "change its invitations")
    participant._history_user = actor
    participant.delete()


# -- the notice ----------------------------------------------------------------------------------------


def notice_timing(meeting: Meeting, sent_on: date) -> rules.NoticeTiming:
    """Is a notice sent on ``sent_on`` early enough by the state's rule (law profile ``[meeting_notice]``)?"""
    rule = load_profile(meeting.student.district.state).meeting_notice
    meeting_on = timezone.localtime(meeting.starts_at).date()
    if rule.unit == SCHOOL_DAYS:
        calendar = compliance_services.district_calendar(meeting.student.district_id) or SchoolCalendar.weekdays_only()
        # School days after the notice, before the meeting day.
        given = len(calendar.school_days_between(sent_on, meeting_on)) - (1 if calendar.is_school_day(meeting_on)
                                                                          else 0)
        given = max(given, 0)
    else:
        given = (meeting_on - sent_on).days
    return rules.notice_timing(sent_on=sent_on, meeting_on=meeting_on, days=rule.days, unit=rule.unit,
                               days_given=given, citation=rule.citation)


def member_facts(participants) -> list[rules.Member]:
    return [rules.Member(name=p.name, role=p.role, attendance=p.attendance,
                         also_interprets_evaluations=p.also_interprets_evaluations, excusal=p.excusal,
                         excusal_agreed_on=p.excusal_agreed_on, written_input_on=p.written_input_on,
                         agency_consent_on=p.agency_consent_on) for p in participants]


def team_problems(meeting: Meeting, participants, *, held: bool, held_on: date | None = None) -> list[str]:
    student = meeting.student
    meeting_on = held_on or timezone.localtime(meeting.starts_at).date()
    return rules.required_member_problems(
        member_facts(participants), kind=meeting.kind, transition_discussed=meeting.transition_discussed,
        transition_due=transition_is_due(student, meeting_on), rights_transferred=bool(student.rights_transferred_on),
        held=held, meeting_on=meeting_on,
    )


@dataclass
class NoticeSent:
    meeting: Meeting
    document: object
    warning: str


@transaction.atomic
def meeting_notice_send(*, meeting: Meeting, sent_on: date, method: str, actor: User) -> NoticeSent:
    """Send the notice of 34 CFR 300.322(b): record when and how, store it as a PDF in the parents' language,
    and email every invitee who has an address the notice with the .ics invitation (after the commit)."""
    from openiep.meetings import notice as notice_module

    meeting = _lock(meeting)
    _scheduled(meeting, "be announced")
    errors: dict[str, list[str]] = {}
    if not isinstance(sent_on, date):
        _add(errors, "sent_on", "Give the day the notice goes to the parents.")
    elif sent_on > timezone.localdate():
        _add(errors, "sent_on", "Record the notice on the day it goes, not in advance.")
    if not (method or "").strip():
        _add(errors, "method", "Say how the notice goes: mail, email, the family portal, sent home…")
    if errors:
        raise ValidationError(errors)
    timing = notice_timing(meeting, sent_on)
    if timing.blocked:
        raise ValidationError({"sent_on": [timing.blocked]})
    meeting.notice_sent_on = sent_on
    meeting.notice_method = method.strip()[:60]
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    document = notice_module.notice_document(meeting=meeting, actor=actor)
    _invite_by_email(meeting, reason="notice")
    return NoticeSent(meeting=meeting, document=document, warning=timing.warning)


def _invite_by_email(meeting: Meeting, *, reason: str) -> None:
    from openiep.meetings.tasks import send_meeting_invitations

    meeting_id, sequence = meeting.pk, meeting.ics_sequence
    transaction.on_commit(lambda: send_meeting_invitations.enqueue(meeting_id, reason, sequence))


# -- the parents' input --------------------------------------------------------------------------------


INPUT_FIELDS = ("concerns", "strengths", "vision", "other")


@transaction.atomic
def parent_input_submit(*, meeting: Meeting, actor: User, concerns: str = "", strengths: str = "", vision: str = "",
                        other: str = "") -> ParentInput:
    """The parents (or the advocate they shared with) tell the team their concerns, the child's strengths and
    their vision before the meeting (34 CFR 300.324(a)(1)(ii))."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({NON_FIELD_ERRORS: ["This meeting was cancelled."]})
    texts = {"concerns": concerns, "strengths": strengths, "vision": vision, "other": other}
    texts = {k: (v or "").strip() for k, v in texts.items()}
    if not any(texts.values()):
        raise ValidationError({"concerns": ["Write at least one thing for the team: your concerns, what your "
                                            "child is good at, or your hopes for them."]})
    row = ParentInput(meeting=meeting, author=actor, author_name=(str(actor) or actor.username)[:200], **texts)
    row.full_clean()
    row._history_user = actor
    row.save()
    return row


# -- holding the meeting -------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    participant: Participant,
    attendance: str,
    attended_by: str = "",
    excusal: str = "",
    excusal_agreed_on: date | None = None,
    written_input_on: date | None = None,
    written_input: str = "",
    signed_name: str = "",
    actor: User,
) -> Participant:
    """Who came, how, and their typed-name signature; an excusal only as 34 CFR 300.321(e) allows."""
    meeting = _lock(participant.meeting)
    _scheduled(meeting, "take attendance")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    today = timezone.localdate()
    A = Participant.Attendance
    errors: dict[str, list[str]] = {}
    if attendance not in A.values:
        _add(errors, "attendance", "Choose attended, excused or did not attend.")
    if attendance == A.ATTENDED and attended_by not in Meeting.Modality.values:
        _add(errors, "attended_by", "How did they take part: in person, by video or by phone?")
    if attendance == A.ATTENDED and attended_by in {Meeting.Modality.VIDEO, Meeting.Modality.PHONE} \
            and not meeting.alternative_means_agreed and participant.role == Participant.Role.PARENT:
        _add(errors, "attended_by", "The parent took part by video or phone: record on the meeting that they "
                                    "agreed to it (34 CFR 300.328).")
    if attendance == A.EXCUSED:
        for field, value in (("excusal_agreed_on", excusal_agreed_on), ("written_input_on", written_input_on)):
            if value and value > today:
                _add(errors, field, "This date is in the future.")
        problems = rules.excusal_errors(rules.Member(
            name=participant.name, role=participant.role, attendance=A.EXCUSED, excusal=excusal,
            excusal_agreed_on=excusal_agreed_on, written_input_on=written_input_on,
        ), meeting_on=timezone.localtime(meeting.starts_at).date())
        for field, problem in problems.items():
            _add(errors, field, problem)
        if excusal == "consented" and not (written_input or "").strip():
            _add(errors, "written_input", "Paste or summarise the member's written input.")
    if signed_name and attendance != A.ATTENDED:
        _add(errors, "signed_name", "Only someone who attended signs the attendance sheet.")
    if errors:
        raise ValidationError(errors)
    participant.attendance = attendance
    participant.attended_by = attended_by if attendance == A.ATTENDED else ""
    excused = attendance == A.EXCUSED
    participant.excusal = excusal if excused else ""
    participant.excusal_agreed_on = excusal_agreed_on if excused else None
    participant.written_input_on = written_input_on if excused and excusal == "consented" else None
    participant.written_input = written_input.strip() if excused and excusal == "consented" else ""
    if signed_name.strip():
        participant.signed_name = signed_name.strip()[:200]
        participant.signed_at = timezone.now()
    elif attendance != A.ATTENDED:
        participant.signed_name, participant.signed_at = "", None
    participant.full_clean()
    participant._history_user = actor
    participant.save()
    return participant


@transaction.atomic
def meeting_mark_held(
    *,
    meeting: Meeting,
    held_on: date,
    actor: User,
    minutes_notes: str = "",
    interpreter_provided: bool | None = None,
    go_ahead_despite: bool = False,
) -> Meeting:
    """The meeting took place: attendance is complete and the required members were there (or the team records
    why it went ahead). The IEP timelines then count from this day (deadlines recomputed in this transaction)."""
    meeting = _lock(meeting)
    _scheduled(meeting, "be marked held")
    participants = list(meeting.participants.all())
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    starts_on = timezone.localtime(meeting.starts_at).date()
    if not isinstance(held_on, date):
        _add(errors, "held_on", "Give the day the meeting took place.")
    elif held_on > today:
        _add(errors, "held_on", "Mark the meeting held on the day, not before.")
    elif held_on < starts_on:
        _add(errors, "held_on", f"The meeting was scheduled for {starts_on:%B} {starts_on.day}: it cannot have "
                                "been held before. Reschedule it if the date changed.")
    pending = [p.name for p in participants if p.attendance == Participant.Attendance.INVITED]
    if pending:
        _add(errors, NON_FIELD_ERRORS, "Record attendance for everyone first: " + ", ".join(pending) + ".")
    if meeting.interpreter_needed and interpreter_provided is None:
        _add(errors, "interpreter_provided", "An interpreter was needed: say whether one was provided "
                                             "(34 CFR 300.322(e)).")
    if errors:
        raise ValidationError(errors)
    problems = team_problems(meeting, participants, held=True, held_on=held_on)
    if problems and not go_ahead_despite:
        raise ValidationError({"go_ahead_despite": problems})
    if problems and not (minutes_notes or "").strip():
        raise ValidationError({"minutes_notes": ["The team went ahead without a required member: write why in "
                                                 "the notes (and the attempts to reach the parent, if absent)."]})
    meeting.status = Meeting.Status.HELD
    meeting.held_on = held_on
    meeting.minutes_notes = (minutes_notes or "").strip()
    if meeting.interpreter_needed:
        meeting.interpreter_provided = interpreter_provided
    meeting.full_clean()
    meeting._history_user = actor
    meeting.save()
    compliance_services.deadlines_recompute(student_ids=[meeting.student_id])
    return meeting
