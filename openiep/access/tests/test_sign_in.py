"""Sign-in: every role lands on its home page; failures never reveal whether an account exists."""

from __future__ import annotations

import pytest

from openiep.people.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_wrong_password_and_an_unknown_account_get_the_same_message(client, cast):
    wrong = client.post("/sign-in/", {"username": "alice.cm", "password": "nope-nope-nope"})
    unknown = client.post("/sign-in/", {"username": "nobody.here", "password": "nope-nope-nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "do not match an active account" in wrong.content.decode()


def test_a_deactivated_account_gets_the_same_message_as_an_unknown_one(client, cast):
    user = cast["case_manager"]
    user.is_active = False
    user.save()
    response = client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD})
    assert "do not match an active account" in response.content.decode()


def test_signing_in_leads_to_the_home_page(client, cast):
    response = client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "My caseload" in response.content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(client, cast):
    client.force_login(cast["case_manager"])
    assert client.get("/sign-out/").status_code == 405
    client.post("/sign-out/")
    assert client.get("/").status_code == 302
