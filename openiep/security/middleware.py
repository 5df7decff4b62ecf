"""Two middlewares that run on every request of a signed-in (or signed-out) user.

- ``SecondFactorMiddleware``: a user whose role the district requires a second factor for, or who turned
  one on, sees only the second-factor pages until they type a code (django-otp marks the session verified).
- ``SignedOutMiddleware``: when a session has expired (inactivity, ``SESSION_COOKIE_AGE`` with
  ``SESSION_SAVE_EVERY_REQUEST``), an htmx request or a form POST does not get a redirect that would throw
  away what the user typed. htmx gets ``401`` with a JSON body that ``app.js`` turns into a message on the
  page (the text stays in the form); a plain form POST gets a ``401`` page that shows the text that was sent.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from openiep.security.rules import second_factor_needed_now

# Session keys set at sign-in (signals.py), so an ordinary request costs no extra query.
HAS_DEVICE_KEY = "openiep_has_second_factor"
TOUCHED_KEY = "openiep_touched"
# A session's end moves forward at most this often (seconds): the idle timeout without a write per request.
TOUCH_EVERY = 60

SIGNED_OUT_MESSAGE = (
    "You were signed out after a time without activity. What you typed is still on this page: "
    "sign in again in a new tab, then come back here and save."
)
# Form fields never echoed back on the signed-out page.
NOT_ECHOED = {"csrfmiddlewaretoken", "password", "password1", "password2", "new_password1", "new_password2",
              "old_password", "code"}


def _public(view_func) -> bool:
    return getattr(view_func, "login_required", True) is False


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _public(view_func) or getattr(view_func, "second_factor_exempt", False):
            return None
        if request.resolver_match and request.resolver_match.url_name == "logout":
            return None
        has_device = request.session.get(HAS_DEVICE_KEY)
        if has_device is None:
            has_device = request.session[HAS_DEVICE_KEY] = user_has_device(user)
        needed = second_factor_needed_now(
            role=user.role, required_roles=settings.MFA_REQUIRED_ROLES,
            has_device=has_device, verified=user.is_verified(),
        )
        if needed is None:
            return None
        target = reverse("second_factor" if needed == "verify" else "two_factor")
        url = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class SignedOutMiddleware:
    """Before ``LoginRequiredMiddleware``: answers instead of its redirect where the redirect would lose text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.user.is_authenticated or _public(view_func):
            return None
        is_htmx = request.headers.get("HX-Request") == "true"
        had_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if is_htmx:
            page = request.headers.get("HX-Current-URL", "")
            back = urlsplit(page).path or "/"
            sign_in = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': back})}"
            response = JsonResponse({"signed_out": True, "message": SIGNED_OUT_MESSAGE, "sign_in_url": sign_in},
                                    status=401)
            response["HX-Trigger"] = json.dumps({"signed-out": {"message": SIGNED_OUT_MESSAGE, "sign_in_url": sign_in}})
            return response
        if request.method == "POST" and had_session:
            kept = [(name, value) for name, value in request.POST.items()
                    if name not in NOT_ECHOED and isinstance(value, str) and value.strip()]
            sign_in = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
            body = render_to_string("security/signed_out.html",
                                    {"kept": kept, "sign_in_url": sign_in, "message": SIGNED_OUT_MESSAGE},
                                    request=request)
            response = HttpResponse(body, status=401)
            response["WWW-Authenticate"] = 'FormBased realm="OpenIEP"'
            return response
        return None


class SessionIdleMiddleware:
    """Sessions end after ``SESSION_COOKIE_AGE`` seconds without a request.

    Each request moves the end forward, like ``SESSION_SAVE_EVERY_REQUEST``, but the session is written at
    most once a minute instead of on every request (a database write per page otherwise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and getattr(request, "user", None) is not None \
                and request.user.is_authenticated:
            now = int(time.time())
            touched = session.get(TOUCHED_KEY)
            if touched is None or now - int(touched) >= TOUCH_EVERY:
                session[TOUCHED_KEY] = now  # marks it modified: SessionMiddleware saves it with a new expiry
        return response
