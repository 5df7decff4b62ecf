"""The pages about people, as each role uses them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openiep.people.models import AdvocateGrant, Student, TeamMembership
from openiep.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("case_manager", "My caseload"),
        ("sped_teacher", "My students"),
        ("gened_teacher", "My students"),
        ("provider", "My service caseload"),
        ("evaluator", "My evaluations"),
        ("parent", "My children"),
        ("advocate", "Shared with me"),
    ],
)
def test_each_role_lands_on_its_own_home_page_listing_maya(client, cast, role, heading):
    client.force_login(cast[role])
    page = body(client.get("/"))
    assert heading in page
    assert "Alvarez" in page
    assert "Outsider" not in page


def test_the_district_administrator_lands_on_the_district_with_each_school_counted(client, cast):
    client.force_login(cast["district_admin"])
    response = client.get("/")
    assert "Riverside Unified" in body(response)
    assert [(s.name, s.active_students) for s in response.context["schools"]] == [
        ("Lincoln Elementary", 1), ("Washington Middle", 1)
    ]


def test_the_school_administrator_lands_on_their_school(client, cast):
    client.force_login(cast["school_admin"])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/schools/{cast.lincoln.pk}/"
    assert "Alvarez" in body(response)
    assert client.get(f"/schools/{cast.washington.pk}/").status_code == 404


def test_the_student_search_finds_by_name_or_id_and_filters_by_grade(client, cast):
    client.force_login(cast["district_admin"])
    assert "Alvarez" in body(client.get("/students/", {"q": "alv"}))
    assert "Alvarez" not in body(client.get("/students/", {"q": "Outs"}))
    assert "Alvarez" in body(client.get("/students/", {"q": "100001"}))
    assert "Alvarez" not in body(client.get("/students/", {"grade": "09"}))


def test_the_search_answers_htmx_with_only_the_results(client, cast):
    client.force_login(cast["district_admin"])
    response = client.get("/students/", {"q": "alv"}, headers={"HX-Request": "true"})
    assert body(response).lstrip().startswith('<div id="results">')


def test_the_profile_shows_demographics_guardians_with_rights_and_the_team(client, cast):
    client.force_login(cast["case_manager"])
    page = body(client.get(f"/students/{cast.student.pk}/"))
    assert "Maya Alvarez" in page
    assert "Lincoln Elementary" in page
    assert "Holds educational rights" in page
    assert "Spanish" in page  # the guardian's preferred language
    assert str(cast["provider"]) in page and "Speech-language pathology" in page
    assert "Case manager" in page


def test_an_edit_with_a_future_birth_date_names_the_field_and_saves_nothing(client, cast, today):
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/edit/", {
        "first_name": "Maya", "last_name": "Changed", "date_of_birth": (today + timedelta(days=3)).isoformat(),
        "sex": "F", "home_language": "en", "hispanic_latino": "unknown",
    })
    assert response.status_code == 200
    assert "date of birth cannot be in the future" in body(response)
    assert Student.objects.get(pk=cast.student.pk).last_name == "Alvarez"


def test_a_valid_edit_saves_and_derives_the_federal_race_category(client, cast):
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/edit/", {
        "first_name": "Maya", "last_name": "Alvarez", "grade": "05", "sex": "F", "home_language": "es",
        "hispanic_latino": "true", "english_learner": "on",
    })
    assert response.status_code == 302
    student = Student.objects.get(pk=cast.student.pk)
    assert (student.grade, student.race_ethnicity, student.english_learner) == ("05", "HI7", True)


def test_a_teacher_cannot_edit(client, cast):
    client.force_login(cast["sped_teacher"])
    assert client.get(f"/students/{cast.student.pk}/edit/").status_code == 403


def test_a_new_case_manager_takes_over_from_the_current_one(client, cast, today):
    newcomer = UserFactory(district=cast.district, role="case_manager")
    client.force_login(cast["school_admin"])
    response = client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": newcomer.pk, "role": "case_manager", "start_date": today.isoformat(),
    }, headers={"HX-Request": "true"})
    assert response.status_code == 200
    open_cms = TeamMembership.objects.filter(student=cast.student, role="case_manager", end_date__isnull=True)
    assert list(open_cms.values_list("member", flat=True)) == [newcomer.pk]
    assert str(newcomer) in body(response)


def test_adding_a_team_member_with_a_bad_date_says_which_field(client, cast):
    client.force_login(cast["case_manager"])
    before = TeamMembership.objects.count()
    response = client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": cast["gened_teacher"].pk, "role": "gened_teacher", "start_date": "31/31/2026",
    }, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Enter a valid date" in body(response)
    assert TeamMembership.objects.count() == before


def test_staff_of_another_district_cannot_join_the_team(client, cast, today):
    stranger = UserFactory(role="sped_teacher")
    client.force_login(cast["case_manager"])
    client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": stranger.pk, "role": "sped_teacher", "start_date": today.isoformat()})
    assert not TeamMembership.objects.filter(member=stranger).exists()


def test_ending_a_membership_keeps_it_as_a_past_member(client, cast, today):
    membership = TeamMembership.objects.get(member=cast["provider"])
    client.force_login(cast["case_manager"])
    client.post(f"/students/{cast.student.pk}/team/{membership.pk}/end/", {"end_date": today.isoformat()})
    membership.refresh_from_db()
    assert membership.end_date == today


def test_a_parent_shares_with_an_advocate_and_stops_sharing(client, cast, today):
    second = UserFactory(role="advocate", district=None, email="second.advocate@example.org")
    client.force_login(cast["parent"])
    response = client.post(f"/students/{cast.student.pk}/sharing/", {
        "advocate_email": "Second.Advocate@example.org", "expires_on": (today + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    grant = AdvocateGrant.objects.get(advocate=second)
    assert grant.granted_by == cast["parent"]
    client.post(f"/students/{cast.student.pk}/sharing/{grant.pk}/revoke/")
    grant.refresh_from_db()
    assert grant.revoked_at is not None


@pytest.mark.parametrize(
    ("email", "expires_in_days", "message"),
    [
        ("nobody@example.org", 10, "No advocate account uses this email address"),
        ("ada.advocate@example.org", 10, "can already see this child"),
        ("second.advocate@example.org", 0, "Choose a date after today"),
        ("second.advocate@example.org", 400, "at most one year"),
    ],
)
def test_sharing_mistakes_get_a_clear_message_and_grant_nothing(client, cast, today, email, expires_in_days, message):
    UserFactory(role="advocate", district=None, email="second.advocate@example.org")
    before = AdvocateGrant.objects.count()
    client.force_login(cast["parent"])
    response = client.post(f"/students/{cast.student.pk}/sharing/", {
        "advocate_email": email, "expires_on": (today + timedelta(days=expires_in_days)).isoformat()})
    assert message in body(response)
    assert AdvocateGrant.objects.count() == before


def test_the_team_picker_lists_the_schools_staff_not_the_whole_district(client, cast):
    elsewhere = UserFactory(district=cast.district, role="sped_teacher", school=cast.washington, last_name="Zyx")
    client.force_login(cast["case_manager"])
    form = client.get(f"/students/{cast.student.pk}/").context["team_form"]
    shown = {value for value, _ in form.fields["member"].widget.choices if value}
    assert cast["sped_teacher"].pk in shown  # Lincoln staff
    assert cast["provider"].pk in shown  # district-wide specialist
    assert elsewhere.pk not in shown


def test_the_team_picker_finds_anyone_in_the_district_by_name_at_most_25(client, cast):
    UserFactory.create_batch(30, district=cast.district, role="sped_teacher", school=cast.washington,
                             last_name="Quist")
    client.force_login(cast["case_manager"])
    response = client.get(f"/students/{cast.student.pk}/team/candidates/", {"find": "qui"},
                          headers={"HX-Request": "true"})
    assert body(response).count("<option value=\"") == 25 + 1
    assert "25 staff members found" in response["HX-Trigger"]


def test_staff_found_by_search_can_be_added_though_not_in_the_default_list(client, cast, today):
    elsewhere = UserFactory(district=cast.district, role="sped_teacher", school=cast.washington)
    client.force_login(cast["case_manager"])
    client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": elsewhere.pk, "role": "sped_teacher", "start_date": today.isoformat(), "find": ""})
    assert TeamMembership.objects.filter(member=elsewhere, student=cast.student).exists()


def test_a_student_id_search_is_exact(client, cast):
    client.force_login(cast["district_admin"])
    assert "Alvarez" in body(client.get("/students/", {"q": "100001"}))
    assert "Alvarez" not in body(client.get("/students/", {"q": "10000"}))


def test_a_start_date_centuries_ago_is_a_field_message_not_a_crash(client, cast):
    newcomer = UserFactory(district=cast.district, role="case_manager", school=cast.lincoln)
    client.force_login(cast["case_manager"])
    response = client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": newcomer.pk, "role": "case_manager", "start_date": "0001-01-01"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "check the year" in body(response)


def test_a_parent_without_educational_rights_cannot_share(client, cast, today):
    from openiep.people.models import Guardianship

    Guardianship.objects.filter(guardian__user=cast["parent"]).update(holds_educational_rights=False)
    UserFactory(role="advocate", district=None, email="second.advocate@example.org")
    client.force_login(cast["parent"])
    response = client.post(f"/students/{cast.student.pk}/sharing/", {
        "advocate_email": "second.advocate@example.org", "expires_on": (today + timedelta(days=5)).isoformat()})
    assert "educational rights can share" in body(response)


def test_a_new_case_manager_owes_the_open_deadlines_from_today(client, cast, today):
    from openiep.compliance.models import Deadline
    from openiep.compliance.services import deadlines_recompute
    from openiep.referrals.tests.factories import ReferralFactory

    ReferralFactory(student=cast.student, created_by=cast["case_manager"])
    deadlines_recompute(student_ids=[cast.student.pk])
    assert set(Deadline.objects.values_list("responsible", flat=True)) == {cast["case_manager"].pk}
    newcomer = UserFactory(district=cast.district, role="case_manager", school=cast.lincoln)
    client.force_login(cast["school_admin"])
    client.post(f"/students/{cast.student.pk}/team/add/", {
        "member": newcomer.pk, "role": "case_manager", "start_date": today.isoformat()})
    assert set(Deadline.objects.values_list("responsible", flat=True)) == {newcomer.pk}
