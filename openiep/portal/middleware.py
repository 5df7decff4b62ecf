"""Each signed-in user's preferred language decides the language of the pages (English or Spanish today).

Runs after authentication and replaces what ``LocaleMiddleware`` chose from the browser. A preferred
language without a translation (Chinese, Vietnamese, …) falls back to English; the family pages say so
and offer an interpreter (``request.translation_missing``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.translation_missing = ""
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        wanted = user.preferred_language or settings.LANGUAGE_CODE
        language = wanted if wanted in self.supported else settings.LANGUAGE_CODE
        if wanted not in self.supported:
            request.translation_missing = wanted
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language goes back to what LocaleMiddleware chose, so nothing
        # after the response (another request on this thread, a task, a test) inherits it.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
