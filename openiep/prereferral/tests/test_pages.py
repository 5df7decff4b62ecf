"""The pre-referral pages as each role uses them: who sees what, who may record, and how bad input is answered."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from openiep.audit.models import AccessRecord
from openiep.prereferral.models import Accommodation, Concern, DataPoint, Intervention, Review
from openiep.prereferral.tests.factories import (
    AccommodationFactory,
    ConcernFactory,
    DataPointFactory,
    InterventionFactory,
    days_ago,
)
from openiep.referrals.models import Referral

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def concern(cast):
    return ConcernFactory(student=cast.student, raised_by=cast["gened_teacher"],
                          description="Reads slowly and guesses at words.")


@pytest.fixture
def intervention(concern):
    return InterventionFactory(concern=concern, start_date=days_ago(60), end_date=days_ago(60) + timedelta(weeks=8))


def base(cast) -> str:
    return f"/students/{cast.student.pk}/interventions/"


def concern_url(cast, concern) -> str:
    return f"{base(cast)}concerns/{concern.pk}/"


# Who sees what

@pytest.mark.parametrize("role", ["gened_teacher", "case_manager", "school_admin", "evaluator", "auditor", "parent"])
def test_everyone_who_may_see_the_student_reads_the_concerns(client, cast, concern, intervention, role):
    DataPointFactory(intervention=intervention, measured_on=days_ago(50), value=Decimal("47"))
    client.force_login(cast[role])
    listing = body(client.get(base(cast)))
    assert "Reads slowly and guesses at words." in listing
    page = client.get(concern_url(cast, concern))
    assert page.status_code == 200
    assert "Repeated reading with a partner" in body(page)
    assert 'role="img"' in body(page) and ">47<" in body(page)


def test_reading_a_concern_is_entered_in_the_record_of_access(client, cast, concern):
    client.force_login(cast["sped_teacher"])
    client.get(concern_url(cast, concern))
    assert AccessRecord.objects.filter(student=cast.student, user=cast["sped_teacher"],
                                       record__startswith="Pre-referral").exists()


def test_those_who_record_get_the_forms_and_read_only_roles_do_not(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    assert "Add the score" in body(client.get(concern_url(cast, concern)))
    for role in ("evaluator", "auditor", "parent"):
        client.force_login(cast[role])
        page = body(client.get(concern_url(cast, concern)))
        assert "Add the score" not in page and "Record a team review" not in page


@pytest.mark.parametrize("role", ["gened_teacher", "sped_teacher", "case_manager", "provider"])
def test_a_concern_of_a_student_out_of_scope_is_not_found(client, cast, role):
    hidden = ConcernFactory(student=cast.outsider)
    client.force_login(cast[role])
    assert client.get(f"/students/{cast.outsider.pk}/interventions/concerns/{hidden.pk}/").status_code == 404
    # …nor through a student in scope: records are fetched through the student in the URL.
    assert client.get(f"{base(cast)}concerns/{hidden.pk}/").status_code == 404


def test_a_score_cannot_be_added_to_another_students_intervention_through_this_student(client, cast):
    other = InterventionFactory(concern=ConcernFactory(student=cast.outsider))
    client.force_login(cast["case_manager"])
    response = client.post(f"{base(cast)}{other.pk}/scores/",
                           {f"i{other.pk}-measured_on": days_ago(1).isoformat(), f"i{other.pk}-value": "50"})
    assert response.status_code == 404
    assert not DataPoint.objects.exists()


@pytest.mark.parametrize("role", ["evaluator", "auditor", "parent", "advocate"])
def test_read_only_roles_cannot_record(client, cast, concern, intervention, role):
    client.force_login(cast[role])
    assert client.get(f"{base(cast)}concerns/new/").status_code == 403
    assert client.get(f"{concern_url(cast, concern)}review/").status_code == 403
    response = client.post(f"{base(cast)}{intervention.pk}/scores/",
                           {f"i{intervention.pk}-measured_on": days_ago(1).isoformat(), f"i{intervention.pk}-value": "50"})
    assert response.status_code == 403
    assert not DataPoint.objects.exists()


# Recording

def test_a_teacher_records_a_concern_and_lands_on_its_page(client, cast):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}concerns/new/", {
        "raised_on": days_ago(2).isoformat(), "description": "Cannot start writing tasks without help.",
        "areas_of_concern": ["writing", "attention"],
    }, follow=True)
    concern = Concern.objects.get()
    assert response.redirect_chain[-1][0] == concern_url(cast, concern)
    assert concern.areas_of_concern == ["writing", "attention"]
    assert "Concern recorded" in body(response)


def test_a_concern_without_areas_is_answered_at_the_field_and_nothing_is_written(client, cast):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}concerns/new/", {"raised_on": days_ago(2).isoformat(), "description": "x"})
    assert response.status_code == 200
    assert 'id="id_areas_of_concern_error"' in body(response)
    assert not Concern.objects.exists()


def intervention_post(**overrides):
    data = {
        "area": "reading", "tier": "2", "strategy": "Phonics group", "frequency": "3", "frequency_period": "week",
        "minutes_per_session": "30", "start_date": days_ago(7).isoformat(), "end_date": days_ago(-42).isoformat(),
        "delivered_by": "", "delivered_by_name": "Mr. Lee", "measure": "Nonsense word fluency",
        "unit": "correct letter sounds", "baseline": "20", "goal": "45",
    }
    data.update(overrides)
    return data


def test_an_intervention_is_added_from_the_form(client, cast, concern):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{concern_url(cast, concern)}add-intervention/", intervention_post())
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#intervention-{intervention.pk}")


def test_a_staff_member_is_chosen_from_the_list(client, cast, concern):
    client.force_login(cast["gened_teacher"])
    page = body(client.get(f"{concern_url(cast, concern)}add-intervention/"))
    assert str(cast["sped_teacher"]) in page
    client.post(f"{concern_url(cast, concern)}add-intervention/",
                intervention_post(delivered_by=str(cast["sped_teacher"].pk), delivered_by_name=""))
    assert Intervention.objects.get().delivered_by == cast["sped_teacher"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"tier": "4"}, "tier"), ({"end_date": days_ago(8).isoformat()}, "end_date"),
     ({"delivered_by_name": ""}, "delivered_by")],
)
def test_a_bad_intervention_is_answered_at_the_field_and_nothing_is_written(client, cast, concern, overrides, field):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{concern_url(cast, concern)}add-intervention/", intervention_post(**overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body(response)
    assert not Intervention.objects.exists()


def test_an_intervention_is_edited(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    url = f"{base(cast)}{intervention.pk}/edit/"
    assert client.get(url).status_code == 200
    data = intervention_post(start_date=intervention.start_date.isoformat(), tier="3")
    assert client.post(url, data).status_code == 302
    intervention.refresh_from_db()
    assert intervention.tier == 3


def score_post(intervention, day: int, value: str, note: str = "") -> dict:
    prefix = f"i{intervention.pk}"
    return {f"{prefix}-measured_on": days_ago(day).isoformat(), f"{prefix}-value": value, f"{prefix}-note": note}


def test_a_score_added_with_htmx_answers_with_the_updated_chart_and_announces_it(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}{intervention.pk}/scores/", score_post(intervention, 3, "52"), headers=HTMX)
    page = body(response)
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<section class="card" id="intervention-{intervention.pk}"')
    assert "data-announce=" in page and "52 words correct per minute" in page
    assert page.count("<circle") == 1


def test_a_double_click_on_add_the_score_counts_it_once(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    for _ in range(2):
        response = client.post(f"{base(cast)}{intervention.pk}/scores/", score_post(intervention, 3, "52"),
                               headers=HTMX)
        assert response.status_code == 200
    assert DataPoint.objects.count() == 1


@pytest.mark.parametrize(("day", "value", "field"), [(-1, "52", "measured_on"), (3, "abc", "value")])
def test_a_bad_score_answers_htmx_with_422_and_the_message_at_the_field(client, cast, concern, intervention,
                                                                        day, value, field):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}{intervention.pk}/scores/", score_post(intervention, day, value),
                           headers=HTMX)
    assert response.status_code == 422
    assert f'id="id_i{intervention.pk}-{field}_error"' in body(response)
    assert not DataPoint.objects.exists()


def test_a_score_for_a_day_already_scored_is_answered_on_the_whole_page_without_htmx(client, cast, concern, intervention):
    DataPointFactory(intervention=intervention, measured_on=days_ago(3), value=Decimal("50"))
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}{intervention.pk}/scores/", score_post(intervention, 3, "55"))
    assert response.status_code == 200
    assert "There is already a score for" in body(response)
    assert "<h1>Concern about" in body(response)
    assert list(DataPoint.objects.values_list("value", flat=True)) == [Decimal("50")]


def test_several_scores_are_pasted_at_once(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    text = f"Date\tScore\n{days_ago(20):%m/%d/%Y}\t45\n{days_ago(13).isoformat()}\t48\tafter break\n"
    response = client.post(f"{base(cast)}{intervention.pk}/scores/several/", {f"r{intervention.pk}-rows": text},
                           headers=HTMX)
    assert response.status_code == 200
    assert "2 scores added." in body(response)
    assert DataPoint.objects.count() == 2


def test_pasted_scores_with_a_bad_line_are_all_refused_and_the_line_named(client, cast, concern, intervention):
    client.force_login(cast["gened_teacher"])
    text = f"{days_ago(20).isoformat()} 45\n{days_ago(-5).isoformat()} 48\n"
    response = client.post(f"{base(cast)}{intervention.pk}/scores/several/", {f"r{intervention.pk}-rows": text},
                           headers=HTMX)
    assert response.status_code == 422
    assert "in the future" in body(response)
    assert not DataPoint.objects.exists()


def test_a_score_entered_by_mistake_is_removed(client, cast, concern, intervention):
    point = DataPointFactory(intervention=intervention, measured_on=days_ago(3))
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{base(cast)}scores/{point.pk}/remove/", headers=HTMX)
    assert response.status_code == 200 and "removed" in body(response)
    assert not DataPoint.objects.exists()


def test_an_accommodation_is_added_then_marked_as_helping(client, cast, concern):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{concern_url(cast, concern)}accommodations/", {
        "accommodation-description": "Seat near the teacher", "accommodation-helped": "too_early",
    })
    assert response.status_code == 302
    accommodation = Accommodation.objects.get()
    response = client.post(f"{base(cast)}accommodations/{accommodation.pk}/", {
        f"a{accommodation.pk}-helped": "yes", f"a{accommodation.pk}-notes": "Attends better",
    })
    assert response.status_code == 302
    accommodation.refresh_from_db()
    assert accommodation.helped == "yes"


def test_an_accommodation_tried_since_a_future_day_is_answered_at_the_field(client, cast, concern):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{concern_url(cast, concern)}accommodations/", {
        "accommodation-description": "Extra time", "accommodation-helped": "too_early",
        "accommodation-started_on": days_ago(-3).isoformat(),
    })
    assert response.status_code == 200
    assert 'id="id_accommodation-started_on_error"' in body(response)
    assert not Accommodation.objects.exists()


def test_an_accommodation_of_another_student_is_not_found(client, cast):
    hidden = AccommodationFactory(concern=ConcernFactory(student=cast.outsider))
    client.force_login(cast["case_manager"])
    response = client.post(f"{base(cast)}accommodations/{hidden.pk}/", {f"a{hidden.pk}-helped": "yes"})
    assert response.status_code == 404


def test_the_team_refers_from_the_review_page_and_the_concern_shows_the_referral(client, cast, concern, intervention):
    client.force_login(cast["case_manager"])
    page = body(client.get(f"{concern_url(cast, concern)}review/"))
    assert "Where each intervention stands" in page and "Repeated reading with a partner" in page
    response = client.post(f"{concern_url(cast, concern)}review/", {
        "reviewed_on": days_ago(1).isoformat(), "decision": "refer", "attendees": "Ms. Reyes, Mr. Lee, parent",
        "notes": "Below the aim line for six weeks.",
    }, follow=True)
    referral = Referral.objects.get()
    concern.refresh_from_db()
    assert concern.referral == referral
    assert "is referred for a special-education evaluation" in body(response)
    assert "Referred for a special-education evaluation" in body(response)
    assert Review.objects.get().attendees == "Ms. Reyes, Mr. Lee, parent"


def test_a_change_without_saying_what_changes_is_answered_at_the_field(client, cast, concern):
    client.force_login(cast["gened_teacher"])
    response = client.post(f"{concern_url(cast, concern)}review/", {
        "reviewed_on": days_ago(1).isoformat(), "decision": "change",
    })
    assert response.status_code == 200
    assert 'id="id_changes_error"' in body(response)
    assert not Review.objects.exists()


def test_the_profile_links_to_the_interventions(client, cast):
    client.force_login(cast["gened_teacher"])
    assert f'href="{base(cast)}"' in body(client.get(f"/students/{cast.student.pk}/"))


def test_a_parent_sees_the_link_only_once_there_is_something_to_see(client, cast):
    client.force_login(cast["parent"])
    assert f'href="{base(cast)}"' not in body(client.get(f"/students/{cast.student.pk}/"))
    ConcernFactory(student=cast.student)
    assert f'href="{base(cast)}"' in body(client.get(f"/students/{cast.student.pk}/"))


def test_the_referral_page_can_show_the_history_behind_a_referral(cast, concern, intervention):
    from django.template.loader import render_to_string

    from openiep.prereferral import selectors, services

    DataPointFactory(intervention=intervention, measured_on=days_ago(40), value=Decimal("51"))
    services.review_record(concern=concern, reviewed_on=days_ago(1), decision="refer", actor=cast["case_manager"])
    referral = Referral.objects.get()
    html = render_to_string("prereferral/includes/referral_history.html",
                            {"concerns": selectors.concerns_for_referral(referral=referral), "student": cast.student})
    assert "Repeated reading with a partner" in html and ">51 (" in html
