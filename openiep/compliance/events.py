"""The events that start (or satisfy) a timeline, in the order they happen for one initial evaluation.

The names are the vocabulary of the law profiles, ``compute_deadlines`` and ``openiep deadlines
--event NAME=DATE``. Recurring events (``eligibility_determined``, ``iep_meeting_held``) mean the most
recent one: the annual review counts from the last IEP meeting, the reevaluation from the last
eligibility decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from openiep.compliance.errors import TimelineError

#: Event name → what a case manager would write in the file.
EVENTS: dict[str, str] = {
    "referral_received": "written referral or parent's written request for an evaluation received",
    "consent_requested": "consent form (with prior written notice) sent to the parent",
    "consent_received": "parent's signed consent for the initial evaluation received",
    "evaluation_completed": "evaluation report completed (given to the parent where the state says so)",
    "eligibility_determined": "team decided eligibility (the most recent decision)",
    "iep_meeting_held": "IEP meeting held (the most recent meeting that wrote or reviewed the IEP)",
    "fape_notice_sent": "written notice of the IEP offer (offer of FAPE) sent to the parent",
    "iep_start": "IEP start date: services begin",
    "part_c_referral_received": "referral from Part C early intervention received by the district",
    "date_of_birth": "student's date of birth",
}

#: Event name → how a rule sentence names it ("within 30 days after the eligibility decision").
NOUNS: dict[str, str] = {
    "referral_received": "the referral",
    "consent_requested": "the consent request",
    "consent_received": "consent to evaluate",
    "evaluation_completed": "the evaluation report",
    "eligibility_determined": "the eligibility decision",
    "iep_meeting_held": "the IEP meeting",
    "fape_notice_sent": "the written notice of the IEP offer",
    "iep_start": "the IEP start date",
    "part_c_referral_received": "the referral from Part C",
    "date_of_birth": "birth",
}

#: One initial evaluation happens in this order; two events may fall on the same day.
PROCESS_ORDER: tuple[str, ...] = (
    "referral_received",
    "consent_requested",
    "consent_received",
    "evaluation_completed",
    "eligibility_determined",
    "iep_meeting_held",
    "fape_notice_sent",
    "iep_start",
)

#: Events may be planned (a meeting date) but a year past ``today`` is a typing error, not a plan.
FUTURE_LIMIT = timedelta(days=366)


def event_label(name: str) -> str:
    return EVENTS.get(name, name)


def event_noun(name: str) -> str:
    return NOUNS.get(name, name)


def validate_events(events: Mapping[str, date], *, today: date | None = None) -> dict[str, date]:
    """Check names, types and order; return a plain dict. Raises ``TimelineError`` naming the event."""
    checked: dict[str, date] = {}
    for name, value in events.items():
        if name not in EVENTS:
            raise TimelineError(f"Unknown event {name!r}. Valid events: {', '.join(EVENTS)}.")
        # datetime is a subclass of date; a time of day would make "the day after" ambiguous.
        if not isinstance(value, date) or isinstance(value, datetime):
            raise TimelineError(f"Event {name!r} must be a date (YYYY-MM-DD), not {value!r}.")
        checked[name] = value

    birth = checked.get("date_of_birth")
    if birth is not None:
        for name, day in checked.items():
            if name != "date_of_birth" and day <= birth:
                raise TimelineError(
                    f"{name} ({day}) is not after date_of_birth ({birth}): check both dates."
                )

    present = [name for name in PROCESS_ORDER if name in checked]
    for i, earlier in enumerate(present):
        for later in present[i + 1:]:
            if checked[later] < checked[earlier]:
                raise TimelineError(
                    f"{later} ({checked[later]}) is before {earlier} ({checked[earlier]}): "
                    f"{event_noun(later)} cannot come before {event_noun(earlier)}; check both dates."
                )

    if today is not None:
        if birth is not None and birth > today:
            raise TimelineError(f"date_of_birth ({birth}) is in the future (today is {today}).")
        for name, day in checked.items():
            if day > today + FUTURE_LIMIT:
                raise TimelineError(
                    f"{name} ({day}) is more than a year after today ({today}): is the year mistyped?"
                )
    return checked
