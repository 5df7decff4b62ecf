"""Pure rules of IEP meetings (no database): who must be there (34 CFR 300.321), when an excusal counts
(300.321(e)), when transition is on the agenda (300.320(b), 300.321(b), 300.322(b)(2)) and whether the notice
goes early enough (300.322(a)-(b), the state's number of days from the law profile)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PARENT = "parent"
REGULAR_ED_TEACHER = "regular_ed_teacher"
SPECIAL_ED_TEACHER = "special_ed_teacher"
LEA_REPRESENTATIVE = "lea_representative"
EVALUATION_INTERPRETER = "evaluation_interpreter"
STUDENT = "student"
AGENCY = "agency"

INVITED, ATTENDED, EXCUSED, ABSENT = "invited", "attended", "excused", "absent"
AGREED, CONSENTED = "agreed", "consented"

#: Members a district may excuse under 300.321(e): (a)(2)-(a)(5). The parent is never "excused".
EXCUSABLE_ROLES = frozenset({REGULAR_ED_TEACHER, SPECIAL_ED_TEACHER, LEA_REPRESENTATIVE, EVALUATION_INTERPRETER})

#: Meetings that write or review an IEP: the whole team of 300.321(a) is required.
IEP_KINDS = frozenset({"initial", "annual", "reevaluation", "amendment", "transfer"})


@dataclass(frozen=True)
class Member:
    """One invitee as the rules see them."""

    name: str
    role: str
    attendance: str = INVITED
    also_interprets_evaluations: bool = False
    excusal: str = ""
    excusal_agreed_on: date | None = None
    written_input_on: date | None = None
    agency_consent_on: date | None = None


def _covers(member: Member, role: str) -> bool:
    if role == EVALUATION_INTERPRETER:
        return member.role == EVALUATION_INTERPRETER or member.also_interprets_evaluations
    return member.role == role


REQUIRED_ROLES: tuple[tuple[str, str], ...] = (
    (PARENT, "a parent (34 CFR 300.321(a)(1))"),
    (REGULAR_ED_TEACHER, "a regular education teacher of the child (300.321(a)(2))"),
    (SPECIAL_ED_TEACHER, "a special education teacher or provider of the child (300.321(a)(3))"),
    (LEA_REPRESENTATIVE, "a district representative (LEA) who can commit resources (300.321(a)(4))"),
    (EVALUATION_INTERPRETER, "someone who can interpret the evaluation results (300.321(a)(5)); "
                             "one of the others may do it"),
)


def excusal_errors(member: Member, *, meeting_on: date | None = None) -> dict[str, str]:
    """What is wrong with excusing this member (34 CFR 300.321(e)), keyed by the field to fix; {} when it
    holds or the member is not excused. Members beyond the required ones are held to the same written
    agreement (the database insists on it for every excusal)."""
    if member.attendance != EXCUSED:
        return {}
    if member.role == PARENT:
        return {"attendance": f"{member.name} is the parent: a parent is never excused. Record them as not "
                              "attending instead."}
    if member.excusal not in (AGREED, CONSENTED):
        return {"excusal": f"Excusing {member.name} needs the parent's written agreement (their area is not "
                           "discussed) or written consent with the member's written input (their area is "
                           "discussed) — 34 CFR 300.321(e)."}
    what = "agreement" if member.excusal == AGREED else "consent"
    if member.excusal_agreed_on is None:
        return {"excusal_agreed_on": f"Give the date of the parent's written {what} to excuse {member.name} "
                                     "(300.321(e))."}
    if meeting_on and member.excusal_agreed_on > meeting_on:
        return {"excusal_agreed_on": f"The parent's written {what} to excuse {member.name} must come before "
                                     "the meeting, not after."}
    if member.excusal == CONSENTED:
        if member.written_input_on is None:
            return {"written_input_on": f"{member.name}'s area is discussed: they give the parent and the team "
                                        "written input before the meeting (300.321(e)(2)(ii)). Record when."}
        if meeting_on and member.written_input_on > meeting_on:
            return {"written_input_on": f"{member.name}'s written input must come before the meeting, not after "
                                        "(300.321(e)(2)(ii))."}
    return {}


def excusal_problem(member: Member, *, meeting_on: date | None = None) -> str:
    """The first thing wrong with excusing this member, or ''."""
    return next(iter(excusal_errors(member, meeting_on=meeting_on).values()), "")


def required_member_problems(
    members: Iterable[Member],
    *,
    kind: str = "initial",
    may_be_in_regular_class: bool = True,
    transition_discussed: bool = False,
    transition_due: bool = False,
    rights_transferred: bool = False,
    held: bool = False,
    meeting_on: date | None = None,
) -> list[str]:
    """What is missing from the team of 300.321(a)-(b). ``held=False`` checks the invitations (before the
    notice); ``held=True`` checks who actually attended or was validly excused (before marking it held)."""
    members = list(members)
    problems: list[str] = []
    if kind not in IEP_KINDS and kind != "other" and kind != "manifestation":
        kind = "other"

    def present(member: Member) -> bool:
        if not held:
            return True
        return member.attendance == ATTENDED or (member.attendance == EXCUSED and not excusal_problem(
            member, meeting_on=meeting_on))

    for role, label in REQUIRED_ROLES:
        if role == REGULAR_ED_TEACHER and not may_be_in_regular_class:
            continue
        if role == PARENT and rights_transferred:
            if not any(m.role == STUDENT and present(m) for m in members):
                problems.append("The student holds the rights (34 CFR 300.520): invite the student."
                                if not held else "The student, who holds the rights, did not attend.")
            continue
        candidates = [m for m in members if _covers(m, role)]
        if not candidates:
            problems.append(f"No one is invited as {label}.")
        elif held and not any(present(m) for m in candidates):
            if role == PARENT:
                problems.append("No parent attended. The meeting may go ahead without them only after documented "
                                "attempts to arrange it (calls, letters, visits — 300.322(d)); record them in the "
                                "notes.")
            else:
                problems.append(f"No one attended or was properly excused as {label}.")
    if held:
        for member in members:
            problem = excusal_problem(member, meeting_on=meeting_on)
            if problem:
                problems.append(problem)
    if transition_due and not transition_discussed and kind in IEP_KINDS:
        problems.append("The IEP written at this meeting will be in effect when the student reaches the state's "
                        "transition age: transition must be discussed (34 CFR 300.320(b)).")
    if transition_discussed and not any(m.role == STUDENT for m in members):
        problems.append("Transition will be discussed: the student must be invited (34 CFR 300.321(b)(1)).")
    for member in members:
        if member.role == AGENCY and member.agency_consent_on is None:
            problems.append(f"{member.name} represents an outside agency: invite them only with the parent's "
                            "(or adult student's) consent, and record its date (34 CFR 300.321(b)(3)).")
    return problems


def add_age(born: date, years: float) -> date:
    """The day a child born on ``born`` reaches ``years`` (14.5 = 14 years 6 months); Feb 29 → Feb 28."""
    whole = int(years)
    months = round((years - whole) * 12)
    year, month = born.year + whole + (born.month - 1 + months) // 12, (born.month - 1 + months) % 12 + 1
    return date(year, month, min(born.day, calendar.monthrange(year, month)[1]))


def transition_due(born: date | None, meeting_on: date, age: float) -> bool:
    """Whether the IEP written at a meeting on ``meeting_on`` (in effect for up to a year) will be in effect
    when the child reaches the state's transition age: then transition is on the agenda (300.320(b))."""
    if born is None:
        return False
    return add_age(born, age) <= add_age(meeting_on, 1)


@dataclass(frozen=True)
class NoticeTiming:
    blocked: str = ""  # the notice cannot be sent like this
    warning: str = ""  # it may go, but it is late by the state's rule
    days_given: int | None = None


def notice_timing(
    *, sent_on: date, meeting_on: date, days: int, unit: str, days_given: int, citation: str,
) -> NoticeTiming:
    """Is a notice dated ``sent_on`` early enough for a meeting on ``meeting_on``? ``days_given`` is the count in
    ``unit`` (calendar or school days after the notice up to the meeting day), worked out by the caller."""
    if sent_on > meeting_on:
        return NoticeTiming(blocked="The notice is dated after the meeting: a notice goes before the meeting "
                                    "(34 CFR 300.322(a)). Change its date or reschedule the meeting.",
                            days_given=days_given)
    if days_given < days:
        what = "school days" if unit == "school_days" else "days"
        return NoticeTiming(
            warning=f"This notice gives {days_given} {what} before the meeting; the rule is {days} {what} "
                    f"({citation}). Send it only if the parent agreed to meet sooner, and note that, or reschedule.",
            days_given=days_given)
    return NoticeTiming(days_given=days_given)
