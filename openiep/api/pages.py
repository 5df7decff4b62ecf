"""The page where a district administrator creates and revokes integration tokens (not about one student)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action
from openiep.access.views import require_action
from openiep.api import services
from openiep.api.forms import TokenForm
from openiep.api.models import ApiToken
from openiep.lib.forms import add_errors


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.MANAGE_API_TOKENS)
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            expires = form.cleaned_data["expires_on"]
            expires_at = (timezone.make_aware(datetime.combine(expires, time.min)) if expires else None)
            try:
                token, new_key = services.token_create(name=form.cleaned_data["name"],
                                                       scopes=form.cleaned_data["scopes"], expires_at=expires_at,
                                                       actor=request.user)
            except ValidationError as exc:
                if "expires_at" in getattr(exc, "error_dict", {}):
                    exc = ValidationError({"expires_on": exc.error_dict["expires_at"]})
                add_errors(form, exc)
                status = 422
            else:
                form = TokenForm()
                messages.success(request, f"Token “{token.name}” created. Copy its key now: it is not shown again.")
        else:
            status = 422
    rows = ApiToken.objects.filter(district_id=request.user.district_id).select_related("user", "revoked_by")
    return render(request, "api/tokens.html", {"form": form, "tokens": rows, "new_key": new_key}, status=status)


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    require_action(request.user, Action.MANAGE_API_TOKENS)
    token = get_object_or_404(ApiToken, pk=token_id, district_id=request.user.district_id)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens")
