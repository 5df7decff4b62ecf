"""Sign-in security: lockout after repeated failures, the second factor by role, password reset by email."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiep.people.tests.factories import TEST_PASSWORD
from openiep.security import services
from openiep.security.views import PENDING_KEY

pytestmark = pytest.mark.django_db


def _fail(client, username, times):
    for _ in range(times):
        response = client.post("/sign-in/", {"username": username, "password": "wrong-wrong-wrong"})
    return response


def test_passwords_are_hashed_with_argon2_in_production_settings(settings):
    from openiep import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert identify_hasher(make_password("a long passphrase here")).algorithm == "argon2"


def test_five_failures_lock_the_username_even_with_the_right_password_then(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    _fail(client, "alice.cm", 4)
    locked = _fail(client, "alice.cm", 1)
    assert locked.status_code == 429
    assert "signing in with it is paused for 15 minutes" in locked.content.decode()
    right = client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_unknown_username_looks_exactly_like_a_locked_real_one(client, cast):
    real = _fail(client, "alice.cm", 5).content.decode()
    unknown = _fail(client, "nobody.at.all", 5).content.decode()
    def strip(html: str) -> str:  # the per-request token and the echoed username differ, nothing else
        html = re.sub(r'name="(csrfmiddlewaretoken|username)" value="[^"]*"', "", html)
        return re.sub(r'name="csrf-token" content="[^"]*"', "", html)

    assert strip(real) == strip(unknown)


def test_the_lock_ends_after_the_cool_off_period(client, cast, time_machine):
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    _fail(client, "alice.cm", 5)
    time_machine.move_to("2026-12-01 09:16:00+00:00", tick=False)
    response = client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_success_before_the_limit_clears_the_count(client, cast):
    _fail(client, "alice.cm", 4)
    assert client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD}).status_code == 302
    client.post("/sign-out/")
    assert _fail(client, "alice.cm", 4).status_code == 200


def _code(key: str) -> str:
    device = TOTPDevice(key=key)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_a_role_the_district_requires_it_for_must_enrol_before_any_page(client, cast, settings):
    settings.MFA_REQUIRED_ROLES = ["case_manager"]
    client.post("/sign-in/", {"username": "alice.cm", "password": TEST_PASSWORD})
    response = client.get(f"/students/{cast.student.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    page = client.get("/account/two-factor/")
    assert "<svg" in page.content.decode() and "requires a second factor" in page.content.decode()
    key = client.session[PENDING_KEY]
    wrong = client.post("/account/two-factor/", {"code": "000000" if _code(key) != "000000" else "111111"})
    assert wrong.status_code == 422 and not TOTPDevice.objects.exists()
    done = client.post("/account/two-factor/", {"code": _code(key)})
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10
    assert client.get(f"/students/{cast.student.pk}/").status_code == 200


def test_a_user_with_a_device_must_type_a_code_after_the_password(client, cast, settings):
    user = cast["provider"]
    key = services.new_totp_key()
    services.second_factor_enrol(user=user, key=key, code=_code(key))
    client.post("/sign-in/", {"username": user.username, "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/second-factor/")
    assert client.post("/sign-in/second-factor/", {"code": "12345"}).status_code == 422
    assert client.get("/").status_code == 302
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    ok = client.post("/sign-in/second-factor/", {"code": _code(key), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_backup_code_works_once(client, cast):
    user = cast["provider"]
    key = services.new_totp_key()
    _, codes = services.second_factor_enrol(user=user, key=key, code=_code(key))
    client.post("/sign-in/", {"username": user.username, "password": TEST_PASSWORD})
    assert client.post("/sign-in/second-factor/", {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_a_parent_may_turn_it_on_and_off_but_a_required_role_may_not_turn_it_off(client, cast, settings):
    settings.MFA_REQUIRED_ROLES = ["case_manager"]
    client.force_login(cast["parent"])
    assert client.get("/").status_code == 200  # not required for parents
    page = client.get("/account/two-factor/")
    assert "It is your choice" in page.content.decode()
    client.post("/account/two-factor/", {"code": _code(client.session[PENDING_KEY])})
    assert TOTPDevice.objects.filter(user=cast["parent"], confirmed=True).exists()
    client.post("/account/two-factor/turn-off/")
    assert not TOTPDevice.objects.filter(user=cast["parent"]).exists()

    manager = cast["case_manager"]
    key = services.new_totp_key()
    services.second_factor_enrol(user=manager, key=key, code=_code(key))
    with pytest.raises(Exception, match="requires a second factor"):
        services.second_factor_remove(user=manager, required=True)
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_a_password_reset_link_works_once_and_sets_the_new_password(client, cast):
    user = cast["case_manager"]
    user.email = "alice@riverside.example"
    user.save()
    response = client.post("/sign-in/forgot/", {"email": "alice@riverside.example"})
    assert response.status_code == 302 and response["Location"] == "/sign-in/forgot/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/sign-in/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "river-stones-and-quiet-maps"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/sign-in/reset/done/"
    user.refresh_from_db()
    assert user.check_password(new)
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_asking_for_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, cast):
    response = client.post("/sign-in/forgot/", {"email": "nobody@nowhere.example"})
    assert response.status_code == 302 and response["Location"] == "/sign-in/forgot/sent/"
    assert mail.outbox == []


def test_a_reset_link_expires(client, cast, settings, time_machine):
    user = cast["case_manager"]
    user.email = "alice@riverside.example"
    user.save()
    time_machine.move_to("2026-12-01 09:00:00+00:00", tick=False)
    client.post("/sign-in/forgot/", {"email": user.email})
    link = re.search(r"http://testserver(/sign-in/reset/\S+/)", mail.outbox[0].body).group(1)
    time_machine.move_to("2026-12-01 10:01:00+00:00", tick=False)
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_the_sign_in_security_pages_pass_their_own_labels(client, cast):
    for path in ("/sign-in/forgot/", "/sign-in/forgot/sent/", "/sign-in/reset/done/", "/sign-in/"):
        body = client.get(path).content.decode()
        assert "<h1>" in body and 'lang="' in body, path


def test_new_backup_codes_replace_the_old_ones_and_lead_back_home(client, cast):
    user = cast["parent"]
    key = services.new_totp_key()
    _, old = services.second_factor_enrol(user=user, key=key, code=_code(key))
    client.post("/sign-in/", {"username": user.username, "password": TEST_PASSWORD})
    client.post("/sign-in/second-factor/", {"code": _code(key)})
    page = client.post("/account/two-factor/backup-codes/")
    body = page.content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", body)
    assert len(new) == 10 and not set(new) & set(old)
    assert 'href="/"' in body
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_the_enrolment_page_draws_the_qr_code_inline_with_no_outside_request(client, cast):
    client.force_login(cast["parent"])
    body = client.get("/account/two-factor/").content.decode()
    svg = body[body.index("<svg"):body.index("</svg>")]
    assert 'role="img"' in svg and "<path" in svg and "http" not in svg.replace("http://www.w3.org", "")
    assert "style=" not in svg
