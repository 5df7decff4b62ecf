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
        if user is not None and user.is_authenticated:
            wanted = user.preferred_language or settings.LANGUAGE_CODE
            language = wanted if wanted in self.supported else settings.LANGUAGE_CODE
            if wanted not in self.supported:
                request.translation_missing = wanted
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
