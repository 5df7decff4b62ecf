"""IEP meetings for the demo district, written in bulk after the cases (``openiep.demo.rows``).

- Every student decided eligible has a held initial IEP meeting, within 30 days of the decision for about 95%
  of them (the rest 31-50 days: late, as in a real district), and a held annual review every year since (about
  one in twenty late), so the annual-review deadline counts from a real meeting. Each meeting has its
  invitees — the parents who hold the rights, the team, the principal as the district representative — with
  attendance recorded (in person, a few by phone), the parents' typed-name signatures, and now and then a
  member excused with the parent's written agreement.
- The demo case manager's eligible students (the demo parent's child first) have an annual review scheduled in
  the coming weeks with the notice sent, everyone still to attend.

The work is a few reads of the district's decisions, teams and parents, then two bulk writes; at 100,000
students it adds about as many meetings as there are eligible students times their years of service.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openiep.demo.rows import insert_objects, insert_rows
from openiep.eligibility.models import EligibilityDetermination
from openiep.meetings.models import Meeting, Participant
from openiep.people.models import Guardianship, Student, TeamMembership, User

ON_TIME_SHARE = 0.95
UPCOMING = 4  # scheduled meetings for the demo case manager's caseload

TEAM_SEATS = {
    TeamMembership.TeamRole.CASE_MANAGER: Participant.Role.SPECIAL_ED_TEACHER,
    TeamMembership.TeamRole.SPED_TEACHER: Participant.Role.SPECIAL_ED_TEACHER,
    TeamMembership.TeamRole.GENED_TEACHER: Participant.Role.REGULAR_ED_TEACHER,
    TeamMembership.TeamRole.PROVIDER: Participant.Role.RELATED_SERVICE,
    TeamMembership.TeamRole.SCHOOL_PSYCHOLOGIST: Participant.Role.EVALUATION_INTERPRETER,
    TeamMembership.TeamRole.LEA_REPRESENTATIVE: Participant.Role.LEA_REPRESENTATIVE,
}
PURPOSES = {
    Meeting.Kind.INITIAL: "Review the evaluation and write {name}'s first IEP: goals, services and placement.",
    Meeting.Kind.ANNUAL: "Review {name}'s progress on this year's goals and write the IEP for the next year.",
}


@dataclass
class _Student:
    pk: int
    name: str
    school: str
    school_id: int
    parents: list[dict] = field(default_factory=list)
    team: list[dict] = field(default_factory=list)


def _full_name(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _MeetingWriter:
    def __init__(self, builder) -> None:
        self.b = builder
        self.r = random.Random(builder.rng.getrandbits(32))
        self.today: date = builder.today
        self.now: datetime = builder.now
        self.meetings: list[Meeting] = []
        self.invitees: list[tuple[Meeting, dict]] = []

    # -- reading the district -------------------------------------------------------------------------
    def students(self, ids: set[int]) -> dict[int, _Student]:
        """The eligible students with their parents and teams. Filtered by district, not by a list of ids: a
        large district's list would pass PostgreSQL's 65,535 parameters per statement."""
        district = self.b.district
        rows = Student.objects.filter(district=district).values_list(
            "pk", "first_name", "preferred_name", "last_name", "school__name", "school_id")
        students = {pk: _Student(pk, _full_name(f, p, la), school, school_id)
                    for pk, f, p, la, school, school_id in rows if pk in ids}
        for sid, gid, uid, first, last, email in Guardianship.objects.filter(
                student__district=district, holds_educational_rights=True).values_list(
                "student_id", "guardian_id", "guardian__user_id", "guardian__first_name", "guardian__last_name",
                "guardian__email").order_by("id"):
            if sid in students:
                    students[sid].parents.append({"guardian_id": gid, "user_id": uid, "name": f"{first} {last}",
                                              "email": email})
        for sid, uid, role, first, last, email in TeamMembership.objects.filter(
                student__district=district, end_date__isnull=True).values_list(
                "student_id", "member_id", "role", "member__first_name", "member__last_name",
                "member__email").order_by("role", "id"):
            if role in TEAM_SEATS and sid in students:
                students[sid].team.append({"user_id": uid, "name": f"{first} {last}", "email": email,
                                           "role": TEAM_SEATS[role]})
        return students

    def principals(self) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for uid, school_id, first, last, email in User.objects.filter(
                district=self.b.district, role=User.Role.SCHOOL_ADMIN).values_list(
                "pk", "school_id", "first_name", "last_name", "email").order_by("id"):
            found.setdefault(school_id, {"user_id": uid, "name": f"{first} {last}", "email": email,
                                         "role": Participant.Role.LEA_REPRESENTATIVE})
        return found

    # -- writing ------------------------------------------------------------------------------------
    def meeting(self, student: _Student, kind: str, on: date, *, held: bool, creator_id: int) -> Meeting:
        r = self.r
        starts_at = _at(on, r.choice((8, 9, 13, 14, 15, 15)), r.choice((0, 0, 15, 30)))
        by_phone = r.random() < 0.06
        meeting = Meeting(
            student_id=student.pk, kind=kind, status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED,
            purpose=PURPOSES[kind].format(name=student.name.split(" ")[0]), starts_at=starts_at,
            duration_minutes=r.choice((45, 60, 60, 90)), location=f"{student.school}, conference room",
            modality=Meeting.Modality.HYBRID if by_phone else Meeting.Modality.IN_PERSON,
            alternative_means_agreed=by_phone,
            notice_sent_on=on - timedelta(days=r.randint(10, 16)) if held
            else min(self.today, on - timedelta(days=10)) - timedelta(days=r.randint(0, 3)),
            notice_method=r.choice(("Mail and email", "Family portal", "Sent home and email")),
            held_on=on if held else None, created_by_id=creator_id,
        )
        self.meetings.append(meeting)
        return meeting

    def seats(self, meeting: Meeting, student: _Student, principal: dict | None, *, held: bool,
              phone_parent: bool) -> None:
        r = self.r
        people = [dict(p, role=Participant.Role.PARENT) for p in student.parents]
        people += [dict(t) for t in student.team]
        if principal is not None:
            people.append(dict(principal))
        if not any(p["role"] == Participant.Role.EVALUATION_INTERPRETER for p in people):
            for p in people:
                if p["role"] == Participant.Role.SPECIAL_ED_TEACHER:
                    p["also_interprets_evaluations"] = True
                    break
        seen: set[tuple] = set()
        for person in people:
            key = (person.get("user_id"), person.get("guardian_id"), person["role"])
            if key in seen:
                continue
            seen.add(key)
            row = {"user_id": person.get("user_id"), "guardian_id": person.get("guardian_id"),
                   "name": person["name"][:200], "email": person.get("email") or "", "role": person["role"],
                   "also_interprets_evaluations": person.get("also_interprets_evaluations", False)}
            if held:
                is_parent = person["role"] == Participant.Role.PARENT
                if not is_parent and person["role"] == Participant.Role.RELATED_SERVICE and r.random() < 0.08:
                    # Not a required member; the parent agreed in writing that they need not come.
                    row.update(attendance=Participant.Attendance.EXCUSED, excusal=Participant.Excusal.AGREED_NOT_NEEDED,
                               excusal_agreed_on=meeting.held_on - timedelta(days=r.randint(1, 5)))
                else:
                    how = Meeting.Modality.PHONE if is_parent and phone_parent else Meeting.Modality.IN_PERSON
                    row.update(attendance=Participant.Attendance.ATTENDED, attended_by=how,
                               signed_name=row["name"],
                               signed_at=meeting.starts_at + timedelta(minutes=r.randint(0, 10)))
            self.invitees.append((meeting, row))

    def write(self) -> tuple[int, int]:
        insert_objects(Meeting, self.meetings, now=self.now)
        rows = [dict(row, meeting=meeting) for meeting, row in self.invitees]
        insert_rows(Participant, rows, now=self.now)
        return len(self.meetings), len(rows)


def seed_meetings(builder) -> None:
    """Write the meetings of the demo district built by ``builder`` (``openiep.demo.seed._Builder``)."""
    w = _MeetingWriter(builder)
    r = w.r
    latest: dict[int, date] = {}
    for sid, on in EligibilityDetermination.objects.filter(
            student__district=builder.district, result=EligibilityDetermination.Result.ELIGIBLE).values_list(
            "student_id", "determined_on").order_by("determined_on", "id"):
        latest[sid] = on
    if not latest:
        return
    students = w.students(set(latest))
    principals = w.principals()
    creators = {s.pk: next((t["user_id"] for t in s.team if t["role"] == Participant.Role.SPECIAL_ED_TEACHER),
                           None) for s in students.values()}
    fallback = builder.demo.users["districtadmin"].pk
    yesterday = w.today - timedelta(days=1)
    last_held: dict[int, date] = {}
    # The demo parent's first child has no meeting held yet: a demo user runs the initial IEP meeting end to end.
    waiting = {s.pk for s in builder.demo.kids[:1]}
    for sid, decided in latest.items():
        if sid in waiting:
            continue
        student = students[sid]
        creator = creators[sid] or fallback
        principal = principals.get(student.school_id)
        delay = r.randint(5, 30) if r.random() < ON_TIME_SHARE else r.randint(31, 50)
        on = decided + timedelta(days=delay)
        if on > yesterday:
            continue  # decided in the last weeks: the initial meeting is still to come
        kind = Meeting.Kind.INITIAL
        while on <= yesterday:
            meeting = w.meeting(student, kind, on, held=True, creator_id=creator)
            w.seats(meeting, student, principal, held=True, phone_parent=meeting.alternative_means_agreed)
            last_held[sid] = on
            kind = Meeting.Kind.ANNUAL
            on = on + timedelta(days=r.randint(330, 364) if r.random() < ON_TIME_SHARE else r.randint(366, 400))

    # Upcoming: the demo case manager's eligible students, the demo parent's child first.
    kids = [s.pk for s in builder.demo.kids[:1]]
    caseload = [s.pk for s, _ in builder.demo.caseload]
    chosen = [pk for pk in dict.fromkeys(kids + caseload) if pk in students][:UPCOMING]
    manager = builder.demo.users.get("casemanager")
    for index, sid in enumerate(chosen):
        student = students[sid]
        on = w.today + timedelta(days=7 + 4 * index + r.randint(0, 3))
        kind = Meeting.Kind.ANNUAL if sid in last_held else Meeting.Kind.INITIAL
        meeting = w.meeting(student, kind, on, held=False, creator_id=manager.pk if manager else fallback)
        meeting.modality, meeting.alternative_means_agreed = Meeting.Modality.IN_PERSON, False
        w.seats(meeting, student, principals.get(student.school_id), held=False, phone_parent=False)
    meetings, invitees = w.write()
    builder.counts["meetings"] += meetings
    builder.counts["meeting invitees"] += invitees


def upcoming_by_student(district) -> dict[int, list[Meeting]]:
    """The scheduled meetings of a seeded district, by student (for the seed's own tests and summaries)."""
    found: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(student__district=district, status=Meeting.Status.SCHEDULED):
        found[meeting.student_id].append(meeting)
    return found
