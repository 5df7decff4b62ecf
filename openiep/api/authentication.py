"""Who is calling: an integration with a token (``Authorization: Bearer oiep_…``) or a signed-in person."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from openiep.api.models import ApiToken
from openiep.api.services import hash_key

LAST_USED_EVERY = timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Bearer <token>.")
        now = timezone.now()
        token = (ApiToken.objects.usable(now).select_related("user", "user__district", "user__school")
                 .filter(key_hash=hash_key(header[1])).first())
        if token is None:
            raise exceptions.AuthenticationFailed("This token is unknown, revoked or expired.")
        user = token.user
        if not user.is_active or user.district_id != token.district_id:
            raise exceptions.AuthenticationFailed("The administrator this token acts as can no longer sign in.")
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="OpenIEP"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in person of the pages (the browsable documentation tries requests with it)."""


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "openiep.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A token created by a district administrator under API tokens."}


class SessionScheme(OpenApiAuthenticationExtension):
    """The pages' session (the browsable documentation's "try it"), named in the schema."""

    target_class = "openiep.api.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
