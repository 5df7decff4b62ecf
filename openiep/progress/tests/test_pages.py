"""The progress pages: data one by one and pasted, messages at the field, ratings, reports as HTML and PDF."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from openiep.documents.models import Document
from openiep.iep.tests.factories import InEffectIEPFactory
from openiep.progress.models import ProgressPoint, ProgressRating, ProgressReport
from openiep.progress.tests.factories import ProgressPointFactory, in_effect_goal

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def goal(cast):
    return in_effect_goal(cast.student)


def goal_url(goal, path=""):
    return f"/students/{goal.iep.student_id}/progress/goals/{goal.pk}/{path}"


def test_the_goal_page_shows_the_chart_with_aim_and_trend_lines(client, cast, goal):
    for i, value in enumerate([44, 46, 47, 50]):
        ProgressPointFactory(student=cast.student, goal=goal, measured_on=days_ago(28 - 7 * i), value=Decimal(value))
    client.force_login(cast["sped_teacher"])
    page = body(client.get(goal_url(goal)))
    assert "<svg" in page and 'class="trend"' in page and 'data-points="4"' in page
    assert "Add the data point" in page and "Rate this goal" in page


def test_four_points_below_the_aim_line_show_the_flag(client, cast):
    # A finalised IEP cannot be changed (database triggers): one in effect since 120 days ago.
    goal = in_effect_goal(cast.student, iep=InEffectIEPFactory(student=cast.student, start_date=days_ago(120)))
    for i in range(4):
        ProgressPointFactory(student=cast.student, goal=goal, measured_on=days_ago(40 - 7 * i), value=Decimal(42))
    client.force_login(cast["case_manager"])
    assert "Below the aim line" in body(client.get(goal_url(goal)))


def test_a_parent_sees_the_chart_without_the_forms(client, cast, goal):
    client.force_login(cast["parent"])
    page = body(client.get(goal_url(goal)))
    assert "<svg" in page and "Add the data point" not in page


def test_a_data_point_is_added_once_even_when_sent_twice(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    data = {"point-measured_on": days_ago(1).isoformat(), "point-value": "51", "point-note": "cold read"}
    assert client.post(goal_url(goal, "points/"), data).status_code == 302
    assert client.post(goal_url(goal, "points/"), data).status_code == 302
    assert ProgressPoint.objects.get().value == 51


def test_a_data_point_in_the_future_is_refused_at_the_date(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    data = {"point-measured_on": (timezone.localdate() + timedelta(days=1)).isoformat(), "point-value": "51"}
    response = client.post(goal_url(goal, "points/"), data)
    assert response.status_code == 422 and "This date is in the future." in body(response)
    assert not ProgressPoint.objects.exists()


def test_a_different_value_for_a_day_already_recorded_is_refused(client, cast, goal):
    ProgressPointFactory(student=cast.student, goal=goal, measured_on=days_ago(1), value=Decimal(50))
    client.force_login(cast["sped_teacher"])
    response = client.post(goal_url(goal, "points/"), {"point-measured_on": days_ago(1).isoformat(), "point-value": "52"})
    assert response.status_code == 422 and "There is already a data point" in body(response)


def test_pasted_lines_are_added_all_or_none_naming_the_bad_line(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    good = f"Date\tScore\n{days_ago(9).isoformat()}\t44\n{days_ago(2).isoformat()}\t47\tafter break"
    assert client.post(goal_url(goal, "points/several/"), {"rows-rows": good}).status_code == 302
    assert ProgressPoint.objects.count() == 2
    bad = f"{days_ago(5).isoformat()}\t45\n{(timezone.localdate() + timedelta(days=3)).isoformat()}\t49"
    response = client.post(goal_url(goal, "points/several/"), {"rows-rows": bad})
    assert response.status_code == 422 and "in the future" in body(response)
    assert ProgressPoint.objects.count() == 2
    response = client.post(goal_url(goal, "points/several/"), {"rows-rows": "yesterday 4"})
    assert response.status_code == 422 and "Line 1" in body(response)


def test_a_point_before_the_iep_took_effect_is_refused(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    response = client.post(goal_url(goal, "points/"), {"point-measured_on": days_ago(60).isoformat(), "point-value": "4"})
    assert response.status_code == 422 and "before the IEP took effect" in body(response)


def test_roles_without_progress_cannot_add_data_and_outsiders_get_a_404(client, cast, goal):
    data = {"point-measured_on": days_ago(1).isoformat(), "point-value": "51"}
    client.force_login(cast["gened_teacher"])
    assert client.post(goal_url(goal, "points/"), data).status_code == 403
    client.force_login(cast["sped_teacher"])
    other = in_effect_goal(cast.outsider)
    assert client.get(goal_url(other)).status_code == 404
    assert client.post(goal_url(other, "points/"), data).status_code == 404
    # Another student's goal through Maya's address.
    assert client.get(f"/students/{cast.student.pk}/progress/goals/{other.pk}/").status_code == 404
    assert not ProgressPoint.objects.exists()


def test_a_point_is_removed_with_history(client, cast, goal):
    point = ProgressPointFactory(student=cast.student, goal=goal)
    client.force_login(cast["sped_teacher"])
    assert client.post(f"/students/{cast.student.pk}/progress/points/{point.pk}/remove/").status_code == 302
    assert not ProgressPoint.objects.exists()
    assert ProgressPoint.history.filter(id=point.pk, history_type="-").exists()


def test_a_rating_is_saved_once_per_period_and_needs_a_narrative(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    response = client.post(goal_url(goal, "rating/"), {"rating-period_number": "1", "rating-rating": "insufficient",
                                                       "rating-narrative": ""})
    assert response.status_code == 422 and "what the data show" in body(response)
    for narrative in ("Growing slowly.", "Growing slowly; more practice at home."):
        assert client.post(goal_url(goal, "rating/"), {"rating-period_number": "1", "rating-rating": "sufficient",
                                                       "rating-narrative": narrative}).status_code == 302
    rating = ProgressRating.objects.get()
    assert rating.narrative == "Growing slowly; more practice at home." and rating.period_number == 1


def test_a_rating_for_a_period_not_started_is_refused(client, cast, goal):
    client.force_login(cast["sped_teacher"])
    response = client.post(goal_url(goal, "rating/"), {"rating-period_number": "3", "rating-rating": "met"})
    assert response.status_code == 422 and "not started yet" in body(response)


def test_the_progress_report_is_made_as_a_pdf_stored_with_its_hash_and_the_parents_are_emailed(client, cast, goal):
    from openiep.people.models import Guardian

    Guardian.objects.filter(user=cast["parent"]).update(email="pat@example.org")
    ProgressPointFactory(student=cast.student, goal=goal, measured_on=days_ago(3), value=Decimal(48))
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/progress/reports/new/")
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    document = Document.objects.get()
    assert report.document == document and document.kind == "progress_report" and len(document.sha256) == 64
    assert document.file.read()[:5] == b"%PDF-"
    assert report.parents_notified_at is not None
    assert mail.outbox[0].to == ["pat@example.org"] and "Progress report for Maya Alvarez" in mail.outbox[0].subject
    client.force_login(cast["parent"])
    page = body(client.get(f"/students/{cast.student.pk}/progress/reports/{report.pk}/"))
    assert "Progress report: Maya Alvarez" in page and goal.statement in page
    pdf = client.get(f"/students/{cast.student.pk}/progress/reports/{report.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"


def test_the_bulk_page_queues_a_report_for_each_iep_in_scope(client, cast, goal, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    in_effect_goal(cast.outsider)
    client.force_login(cast["case_manager"])
    page = body(client.get("/progress/reports/"))
    assert "each of the 1 IEP in effect" in page
    response = client.post("/progress/reports/", {"day": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert list(ProgressReport.objects.values_list("student_id", flat=True)) == [cast.student.pk]


def test_the_bulk_page_refuses_a_future_day_and_other_roles(client, cast):
    client.force_login(cast["case_manager"])
    response = client.post("/progress/reports/", {"day": (timezone.localdate() + timedelta(days=2)).isoformat()})
    assert response.status_code == 422 and "Choose today or a day before." in body(response)
    client.force_login(cast["gened_teacher"])
    assert client.get("/progress/reports/").status_code == 403
