"""Input checks: unknown events, events out of order, implausible dates, bad absences."""

from __future__ import annotations

from datetime import datetime

import pytest

from openiep.compliance.deadlines import compute_deadlines
from openiep.compliance.errors import TimelineError
from openiep.compliance.law_profiles import load_profile
from openiep.compliance.tests.helpers import D

FEDERAL = load_profile("federal")


def compute(events, **kwargs):
    return compute_deadlines(events, FEDERAL, **kwargs)


def test_an_unknown_event_is_named():
    with pytest.raises(TimelineError, match="Unknown event 'consent_date'"):
        compute({"consent_date": D(2026, 9, 14)})


def test_consent_before_referral_is_refused():
    with pytest.raises(TimelineError, match=r"consent_received \(2026-09-01\) is before referral_received \(2026-09-10\)"):
        compute({"referral_received": D(2026, 9, 10), "consent_received": D(2026, 9, 1)})


def test_eligibility_before_consent_is_refused():
    with pytest.raises(TimelineError, match="eligibility_determined .* is before consent_received"):
        compute({"consent_received": D(2026, 9, 14), "eligibility_determined": D(2026, 9, 1)})


def test_events_on_the_same_day_are_fine():
    compute({"referral_received": D(2026, 9, 14), "consent_requested": D(2026, 9, 14),
             "consent_received": D(2026, 9, 14)})


def test_an_event_before_birth_is_refused():
    with pytest.raises(TimelineError, match="referral_received .* is not after date_of_birth"):
        compute({"date_of_birth": D(2015, 1, 1), "referral_received": D(2014, 12, 1)})


def test_a_date_more_than_a_year_ahead_of_today_is_refused():
    with pytest.raises(TimelineError, match="consent_received .* more than a year after today"):
        compute({"consent_received": D(2062, 9, 14)}, today=D(2026, 9, 20))


def test_a_planned_meeting_within_the_year_is_allowed():
    compute({"iep_meeting_held": D(2026, 12, 1)}, today=D(2026, 9, 20))


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(TimelineError, match="date_of_birth .* is in the future"):
        compute({"date_of_birth": D(2026, 10, 1)}, today=D(2026, 9, 20))


def test_a_datetime_is_not_a_date():
    with pytest.raises(TimelineError, match="must be a date"):
        compute({"consent_received": datetime(2026, 9, 14, 10, 0)})


def test_a_string_is_not_a_date():
    with pytest.raises(TimelineError, match="must be a date"):
        compute({"consent_received": "2026-09-14"})


def test_absences_must_be_dates():
    with pytest.raises(TimelineError, match="Absences must be dates"):
        compute({"consent_received": D(2026, 9, 14)}, absences=["2026-09-15"])


def test_deadlines_come_in_the_order_of_the_process():
    results = compute({"referral_received": D(2026, 9, 1), "consent_received": D(2026, 9, 14),
                       "date_of_birth": D(2015, 1, 1)})
    ids = [d.rule_id for d in results]
    assert ids.index("initial_evaluation") < ids.index("iep_meeting_after_eligibility") < ids.index("annual_review")
    assert ids[-1] == "part_c_to_b"


def test_every_deadline_serialises_to_plain_json():
    import json

    results = compute({"consent_received": D(2026, 9, 14), "iep_meeting_held": D(2026, 12, 1)})
    data = json.loads(json.dumps([d.as_dict() for d in results]))
    first = next(item for item in data if item["rule_id"] == "initial_evaluation")
    assert (first["due"], first["start_date"], first["citation"]) == ("2026-11-13", "2026-09-14", "34 CFR §300.301(c)(1)")
