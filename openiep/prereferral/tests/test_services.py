"""The writes of the pre-referral step: what each stores, and what each refuses (naming the field, writing nothing)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openiep.prereferral import services
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.prereferral.rules import DataRow
from openiep.prereferral.tests.factories import (
    ConcernFactory,
    DataPointFactory,
    InterventionFactory,
    days_ago,
)
from openiep.referrals.models import AreaOfConcern, Referral
from openiep.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.fixture
def teacher(cast):
    return cast["gened_teacher"]


@pytest.fixture
def concern(cast, teacher):
    return ConcernFactory(student=cast.student, raised_by=teacher)


@pytest.fixture
def intervention(concern):
    return InterventionFactory(concern=concern, start_date=days_ago(60), end_date=days_ago(60) + timedelta(weeks=8))


def intervention_kwargs(**overrides):
    kwargs = {
        "area": AreaOfConcern.ACADEMIC_READING, "tier": 2, "strategy": "Phonics in a small group", "frequency": 4,
        "minutes_per_session": 25, "start_date": days_ago(10), "end_date": days_ago(10) + timedelta(weeks=6),
        "delivered_by_name": "Mr. Lee", "measure": "Nonsense word fluency", "unit": "correct letter sounds",
        "baseline": Decimal("20"), "goal": Decimal("45"),
    }
    kwargs.update(overrides)
    return kwargs


# Concerns

def test_a_teacher_records_a_concern_with_its_areas_in_the_lists_order_and_history(cast, teacher):
    concern = services.concern_create(
        student=cast.student, raised_on=days_ago(3), description="  Loses track of multi-step directions. ",
        areas_of_concern=["attention", "reading", "attention"], actor=teacher,
    )
    assert concern.description == "Loses track of multi-step directions."
    assert concern.areas_of_concern == ["reading", "attention"]
    assert concern.raised_by == teacher
    assert concern.history.get().history_user == teacher


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"raised_on": days_ago(-1)}, "raised_on"),
        ({"description": "   "}, "description"),
        ({"areas_of_concern": []}, "areas_of_concern"),
        ({"areas_of_concern": ["astrology"]}, "areas_of_concern"),
        ({"parents_informed_on": days_ago(10)}, "parents_informed_on"),  # before the concern was noted
    ],
)
def test_a_concern_with_bad_input_is_refused_at_its_field(cast, teacher, overrides, field):
    kwargs = {"student": cast.student, "raised_on": days_ago(3), "description": "Reads slowly.",
              "areas_of_concern": ["reading"], "actor": teacher}
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.concern_create(**kwargs)
    assert field in errors_of(excinfo)
    assert not Concern.objects.exists()


def test_the_parents_can_be_recorded_as_told_later(concern, teacher):
    services.concern_update(concern=concern, data={"parents_informed_on": days_ago(1)}, actor=teacher)
    concern.refresh_from_db()
    assert concern.parents_informed_on == days_ago(1)


# Interventions

def test_an_intervention_is_added_with_who_delivers_it_and_how_progress_is_measured(concern, teacher):
    intervention = services.intervention_add(concern=concern, actor=teacher, **intervention_kwargs())
    assert intervention.deliverer == "Mr. Lee"
    assert (intervention.tier, intervention.frequency, intervention.minutes_per_session) == (2, 4, 25)
    assert intervention.history.get().history_user == teacher


def test_a_staff_member_of_the_district_can_deliver_it(cast, concern, teacher):
    provider = cast["provider"]
    intervention = services.intervention_add(concern=concern, actor=teacher,
                                             **intervention_kwargs(delivered_by=provider, delivered_by_name=""))
    assert intervention.deliverer == str(provider)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"end_date": days_ago(11)}, "end_date", "before the start date"),
        ({"tier": 4}, "tier", "tier 1, 2 or 3"),
        ({"delivered_by_name": ""}, "delivered_by", "who delivers it"),
        ({"frequency": 0}, "frequency", "at least one"),
        ({"minutes_per_session": 0}, "minutes_per_session", "minutes"),
        ({"goal": Decimal("20")}, "goal", "same as the baseline"),
    ],
)
def test_an_intervention_with_bad_input_is_refused_at_its_field(concern, teacher, overrides, field, words):
    with pytest.raises(ValidationError) as excinfo:
        services.intervention_add(concern=concern, actor=teacher, **intervention_kwargs(**overrides))
    assert words in " ".join(errors_of(excinfo)[field])
    assert not Intervention.objects.exists()


def test_a_staff_member_and_a_name_together_are_refused(cast, concern, teacher):
    with pytest.raises(ValidationError) as excinfo:
        services.intervention_add(concern=concern, actor=teacher,
                                  **intervention_kwargs(delivered_by=cast["provider"]))
    assert "delivered_by_name" in errors_of(excinfo)


def test_someone_from_another_district_cannot_deliver_it(concern, teacher):
    from openiep.people.tests.factories import UserFactory

    stranger = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.intervention_add(concern=concern, actor=teacher,
                                  **intervention_kwargs(delivered_by=stranger, delivered_by_name=""))
    assert "delivered_by" in errors_of(excinfo)


def test_an_intervention_can_be_changed_and_ended(intervention, teacher):
    services.intervention_update(intervention=intervention, data={"tier": 3, "end_date": days_ago(1)}, actor=teacher)
    intervention.refresh_from_db()
    assert (intervention.tier, intervention.end_date) == (3, days_ago(1))
    assert intervention.history.count() == 2


def test_the_start_cannot_move_after_scores_already_taken(intervention, teacher):
    DataPointFactory(intervention=intervention, measured_on=days_ago(50))
    with pytest.raises(ValidationError) as excinfo:
        services.intervention_update(intervention=intervention, data={"start_date": days_ago(40)}, actor=teacher)
    assert "start_date" in errors_of(excinfo)


# Scores

def test_a_score_is_recorded(intervention, teacher):
    point = services.data_point_add(intervention=intervention, measured_on=days_ago(5), value=Decimal("51.5"),
                                    note="Good day", actor=teacher)
    assert (point.value, point.note, point.recorded_by) == (Decimal("51.5"), "Good day", teacher)
    assert point.history.get().history_user == teacher


def test_a_double_click_records_the_score_once(intervention, teacher):
    first = services.data_point_add(intervention=intervention, measured_on=days_ago(5), value=Decimal("51"),
                                    actor=teacher)
    second = services.data_point_add(intervention=intervention, measured_on=days_ago(5), value=Decimal("51"),
                                     actor=teacher)
    assert first.pk == second.pk
    assert DataPoint.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "value", "field", "words"),
    [
        (-1, "50", "measured_on", "in the future"),
        (70, "50", "measured_on", "before the intervention started"),
        (5, "50.125", "value", "two decimal places"),
        (5, "123456789", "value", "too large"),
    ],
)
def test_a_bad_score_is_refused_at_its_field(intervention, teacher, day, value, field, words):
    with pytest.raises(ValidationError) as excinfo:
        services.data_point_add(intervention=intervention, measured_on=days_ago(day), value=Decimal(value),
                                actor=teacher)
    assert words in " ".join(errors_of(excinfo)[field])
    assert not DataPoint.objects.exists()


def test_a_different_score_for_a_day_already_scored_is_refused(intervention, teacher):
    DataPointFactory(intervention=intervention, measured_on=days_ago(5), value=Decimal("50"))
    with pytest.raises(ValidationError) as excinfo:
        services.data_point_add(intervention=intervention, measured_on=days_ago(5), value=Decimal("55"),
                                actor=teacher)
    assert "already a score" in " ".join(errors_of(excinfo)["measured_on"])
    assert list(DataPoint.objects.values_list("value", flat=True)) == [Decimal("50")]


def test_the_database_refuses_a_second_score_for_the_same_day(intervention, teacher):
    from django.db import IntegrityError, transaction

    DataPointFactory(intervention=intervention, measured_on=days_ago(5))
    with pytest.raises(IntegrityError), transaction.atomic():
        DataPointFactory(intervention=intervention, measured_on=days_ago(5))


def test_several_scores_are_recorded_at_once(intervention, teacher):
    rows = [DataRow(days_ago(9), Decimal("44")), DataRow(days_ago(2), Decimal("49"), "new book"),
            DataRow(days_ago(5), Decimal("46"))]
    added = services.data_points_add(intervention=intervention, rows=rows, actor=teacher)
    assert [p.value for p in added] == [Decimal("44"), Decimal("46"), Decimal("49")]
    assert DataPoint.objects.count() == 3


def test_sending_the_same_scores_again_adds_nothing(intervention, teacher):
    rows = [DataRow(days_ago(9), Decimal("44")), DataRow(days_ago(5), Decimal("46"))]
    services.data_points_add(intervention=intervention, rows=rows, actor=teacher)
    assert services.data_points_add(intervention=intervention, rows=rows, actor=teacher) == []
    assert DataPoint.objects.count() == 2


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([DataRow(days_ago(9), Decimal("44")), DataRow(days_ago(-2), Decimal("49"))], "in the future"),
        ([DataRow(days_ago(9), Decimal("44")), DataRow(days_ago(9), Decimal("45"))], "listed twice"),
        ([DataRow(days_ago(9), Decimal("44")), DataRow(days_ago(20), Decimal("45"))], "already a score"),
    ],
)
def test_several_scores_with_one_bad_line_are_all_refused(intervention, teacher, rows, words):
    DataPointFactory(intervention=intervention, measured_on=days_ago(20), value=Decimal("40"))
    with pytest.raises(ValidationError) as excinfo:
        services.data_points_add(intervention=intervention, rows=rows, actor=teacher)
    assert words in " ".join(errors_of(excinfo)["rows"])
    assert DataPoint.objects.count() == 1


def test_a_mistaken_score_is_removed_and_the_history_keeps_it(intervention, teacher):
    point = DataPointFactory(intervention=intervention, measured_on=days_ago(5))
    services.data_point_remove(data_point=point, actor=teacher)
    assert not DataPoint.objects.exists()
    removed = DataPoint.history.filter(history_type="-").get()
    assert (removed.measured_on, removed.history_user) == (days_ago(5), teacher)


# Accommodations

def test_an_accommodation_is_recorded_and_later_marked_as_helping(concern, teacher):
    accommodation = services.accommodation_add(concern=concern, description="Seat near the board",
                                               started_on=days_ago(20), actor=teacher)
    assert accommodation.helped == Accommodation.Outcome.TOO_EARLY
    services.accommodation_update(accommodation=accommodation, helped="yes", notes="Copies notes fully now",
                                  actor=teacher)
    accommodation.refresh_from_db()
    assert (accommodation.helped, accommodation.notes) == ("yes", "Copies notes fully now")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"description": " "}, "description"), ({"started_on": days_ago(-3)}, "started_on"), ({"helped": "maybe"}, "helped")],
)
def test_an_accommodation_with_bad_input_is_refused_at_its_field(concern, teacher, overrides, field):
    kwargs = {"concern": concern, "description": "Extra time", "actor": teacher}
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.accommodation_add(**kwargs)
    assert field in errors_of(excinfo)
    assert not Accommodation.objects.exists()


# Team reviews and the referral

def test_a_review_to_continue_is_recorded_without_a_referral(concern, teacher):
    review = services.review_record(concern=concern, reviewed_on=days_ago(1), decision="continue",
                                    notes="Growing, slowly", actor=teacher)
    assert review.decision == Review.Decision.CONTINUE
    assert not Referral.objects.exists()


def test_a_change_must_say_what_changes(concern, teacher):
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(concern=concern, reviewed_on=days_ago(1), decision="change", actor=teacher)
    assert "changes" in errors_of(excinfo)
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"reviewed_on": days_ago(-1)}, "reviewed_on"), ({"reviewed_on": days_ago(200)}, "reviewed_on"),
     ({"decision": "shrug"}, "decision")],
)
def test_a_review_with_bad_input_is_refused_at_its_field(concern, teacher, overrides, field):
    kwargs = {"concern": concern, "reviewed_on": days_ago(1), "decision": "continue", "actor": teacher}
    kwargs.update(overrides)
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(**kwargs)
    assert field in errors_of(excinfo)
    assert not Review.objects.exists()


def test_refer_creates_exactly_one_referral_linked_to_the_concern(cast, concern, teacher):
    concern.areas_of_concern = ["reading", "writing"]
    concern.save()
    review = services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=teacher)
    referral = Referral.objects.get()
    concern.refresh_from_db()
    assert concern.referral == referral
    assert list(referral.prereferral_concerns.all()) == [concern]
    assert (referral.student, referral.received_on, referral.source) == (cast.student, days_ago(2), "teacher")
    assert referral.reason == concern.description
    assert referral.areas_of_concern == ["reading", "writing"]
    assert referral.created_by == teacher
    assert review.decision == "refer"


def test_a_case_manager_refers_as_school_staff(cast, concern):
    services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=cast["case_manager"])
    assert Referral.objects.get().source == Referral.Source.SCHOOL_STAFF


def test_referring_twice_is_refused_and_a_double_click_does_not_refer_twice(concern, teacher):
    services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=teacher)
    services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=teacher)  # double click
    assert (Referral.objects.count(), Review.objects.count()) == (1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(concern=concern, reviewed_on=days_ago(1), decision="refer", actor=teacher)
    assert "already referred" in " ".join(errors_of(excinfo)["decision"])
    assert (Referral.objects.count(), Review.objects.count()) == (1, 1)


def test_refer_joins_a_referral_already_under_way_instead_of_starting_a_second_clock(cast, concern, teacher):
    parent_request = ReferralFactory(student=cast.student, source=Referral.Source.PARENT, received_on=days_ago(10))
    services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=teacher)
    concern.refresh_from_db()
    assert concern.referral == parent_request
    assert Referral.objects.count() == 1


def test_a_refused_referral_rolls_the_review_back(cast, concern, teacher):
    cast.student.date_of_birth = days_ago(1)  # the referral service refuses a date before the birth
    cast.student.save()
    with pytest.raises(ValidationError) as excinfo:
        services.review_record(concern=concern, reviewed_on=days_ago(2), decision="refer", actor=teacher)
    assert "reviewed_on" in errors_of(excinfo)
    assert not Review.objects.exists()
    assert not Referral.objects.exists()
