"""Second factor pages: enrol an authenticator app (QR code drawn on the server), verify at sign-in, backup codes.

These pages are about the signed-in user's own account, not a student's records, so they go through no
student gate; the second-factor middleware lets them through (``second_factor_exempt``).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from openiep.lib.forms import add_errors
from openiep.security import services
from openiep.security.forms import CodeForm, EnrolForm
from openiep.security.middleware import HAS_DEVICE_KEY
from openiep.security.rules import second_factor_required

PENDING_KEY = "openiep_pending_totp_key"


def second_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


def _required(user) -> bool:
    return second_factor_required(user.role, settings.MFA_REQUIRED_ROLES)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


def qr_svg(data: str) -> str:
    """The QR code as inline SVG (no image request, no external service, nothing inline for the CSP to refuse)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):].replace("<svg ", '<svg role="img" aria-label="QR code to scan" class="qr" ', 1)


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        return redirect(_with_next("two_factor", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "That code did not work. Codes change every 30 seconds: type the newest one, "
                               "or one of your backup codes.")
    status = 422 if form.errors else 200
    return render(request, "security/verify.html", {"form": form, "next": _next_url(request)}, status=status)


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """The user's own second factor: set it up, see its state, new backup codes, turn it off where allowed."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(_with_next("second_factor", request.path))
    required = _required(user)
    if user_has_device(user):
        return render(request, "security/two_factor.html", {"enrolled": True, "required": required})
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = services.new_totp_key()
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.second_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            del request.session[PENDING_KEY]
            request.session[HAS_DEVICE_KEY] = True
            otp_login(request, device)
            return render(request, "security/backup_codes.html",
                          {"codes": codes, "next": _next_url(request), "first_time": True})
    device = services.pending_device(user=user, key=key)
    context = {
        "enrolled": False, "required": required, "form": form, "next": _next_url(request),
        "qr": mark_safe(qr_svg(device.config_url)),  # noqa: S308 - SVG drawn here from our own data
        "secret": " ".join(_base32(device.bin_key)[i:i + 4] for i in range(0, 32, 4)),
    }
    return render(request, "security/two_factor.html", context, status=422 if form.errors else 200)


def _base32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode()


@require_POST
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("two_factor")
    codes = services.backup_codes_renew(user=request.user)
    return render(request, "security/backup_codes.html",
                  {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL)})


@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    try:
        services.second_factor_remove(user=request.user, required=_required(request.user))
    except ValidationError:
        messages.error(request, "Your district requires a second factor for your role; it stays on.")
    else:
        request.session[HAS_DEVICE_KEY] = False
        messages.success(request, "The second factor is off. You can turn it on again at any time.")
    return redirect("two_factor")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once a username has failed too often: the sign-in page with a message, 429.

    The same for any username, existing or not, so the page reveals nothing about accounts.
    """
    from openiep.access.forms import SignInForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "registration/login.html",
                  {"form": form, "locked_out": True, "cooloff_minutes": minutes}, status=429)
