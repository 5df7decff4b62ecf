"""Indicator 11 on a small district worked by hand.

Period: the last 200 days. Consent (the clock's start) in the period for six children:

| child  | consent   | due      | completed | counts as                       |
|--------|-----------|----------|-----------|---------------------------------|
| Ames   | today-150 | today-90 | today-100 | on time                         |
| Baker  | today-140 | today-80 | today-80  | on time (on the due date)       |
| Cruz   | today-130 | today-70 | today-75  | on time                         |
| Diaz   | today-120 | today-60 | today-55  | late by 5 days                  |
| Evans  | today-50  | today+10 | —         | not yet completed               |
| Ford   | today-70  | today-10 | —         | not yet completed, past due     |

Not counted: Gray (consent 300 days ago, before the period), Hale (another district), Ives (another
rule). So b/a over the completed ones = 3/4 = **75%**; days late range 5 to 5.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from openiep.compliance.tests.factories import DeadlineFactory
from openiep.people.tests.factories import DistrictFactory, StudentFactory

pytestmark = pytest.mark.django_db

URL = "/compliance/indicator-11/"


@pytest.fixture
def district(cast, today):
    def evaluation(last_name, start, due, done=None, school=None, district=None, rule="initial_evaluation"):
        district = district or cast.district
        student = StudentFactory(district=district, school=school or cast.lincoln, last_name=last_name) \
            if district == cast.district else StudentFactory(district=district, last_name=last_name)
        return DeadlineFactory(
            student=student, rule_id=rule, start_on=today + timedelta(days=start), due_on=today + timedelta(days=due),
            done_on=today + timedelta(days=done) if done is not None else None,
        )

    evaluation("Ames", -150, -90, -100)
    evaluation("Baker", -140, -80, -80)
    evaluation("Cruz", -130, -70, -75, school=cast.washington)
    evaluation("Diaz", -120, -60, -55)
    evaluation("Evans", -50, 10)
    evaluation("Ford", -70, -10)
    evaluation("Gray", -300, -240, -200)
    evaluation("Hale", -100, -40, -30, district=DistrictFactory())
    evaluation("Ives", -100, -40, -30, rule="consent_request_after_referral")
    return cast


def period(today) -> dict[str, str]:
    return {"from": (today - timedelta(days=200)).isoformat(), "to": today.isoformat()}


def test_three_of_four_completed_evaluations_on_time_is_75_percent(client, district, today):
    client.force_login(district["district_admin"])
    response = client.get(URL, period(today))
    result = response.context["result"]
    assert (result.consented, result.completed, result.on_time, result.late) == (6, 4, 3, 1)
    assert (result.not_completed, result.not_completed_past_due) == (2, 1)
    assert (result.fewest_days_late, result.most_days_late) == (5, 5)
    assert result.percent == 75.0
    page = response.content.decode()
    assert "75.0%" in page and "5 days late" in page
    assert "1 already past the due date" in page


@pytest.mark.parametrize(
    ("show", "students"),
    [("late", ["Diaz"]), ("on_time", ["Ames", "Baker", "Cruz"]), ("not_completed", ["Ford", "Evans"])],
)
def test_each_number_lists_the_students_behind_it(client, district, today, show, students):
    client.force_login(district["district_admin"])
    response = client.get(URL, {**period(today), "show": show})
    assert [row.student.last_name for row in response.context["page"].rows] == students
    page = response.content.decode()
    for row in response.context["page"].rows:
        assert f'href="/students/{row.student_id}/"' in page


def test_the_late_list_says_how_many_days_late(client, district, today):
    client.force_login(district["district_admin"])
    assert "Met 5 days late" in client.get(URL, {**period(today), "show": "late"}).content.decode()


def test_the_school_administrator_counts_their_school_only(client, district, today):
    client.force_login(district["school_admin"])
    result = client.get(URL, period(today)).context["result"]
    assert (result.consented, result.on_time, result.late) == (5, 2, 1)  # Cruz is at Washington
    assert "Cruz" not in client.get(URL, {**period(today), "show": "on_time"}).content.decode()


def test_a_district_administrator_may_narrow_to_one_school(client, district, today):
    client.force_login(district["district_admin"])
    result = client.get(URL, {**period(today), "school": district.washington.pk}).context["result"]
    assert (result.consented, result.on_time) == (1, 1)


def test_the_default_period_is_the_reporting_year_of_today(client, district, today):
    client.force_login(district["district_admin"])
    form = client.get(URL).context["form"]
    first = form.cleaned_data["from"]
    assert (first.month, first.day) == (7, 1) and first <= today <= form.cleaned_data["to"]


def test_a_period_that_ends_before_it_starts_is_refused_at_the_field(client, district, today):
    client.force_login(district["district_admin"])
    response = client.get(URL, {"from": today.isoformat(), "to": (today - timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["to"] == ["The end of the period must be on or after its start."]
    assert response.context["result"] is None


def test_a_date_that_is_not_a_date_is_refused_at_the_field(client, district):
    client.force_login(district["district_admin"])
    response = client.get(URL, {"from": "last year", "to": "2026-06-30"})
    assert "from" in response.context["form"].errors


def test_an_empty_period_says_nothing_is_completed(client, district, today):
    client.force_login(district["district_admin"])
    far = {"from": "2001-07-01", "to": "2002-06-30"}
    response = client.get(URL, far)
    assert response.context["result"].percent is None
    assert "No initial evaluation with consent in this period has been completed yet." in response.content.decode()
