"""At sign-in: note in the session whether the user has a second factor and when the session was last used."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from openiep.security.middleware import HAS_DEVICE_KEY, TOUCHED_KEY


@receiver(user_logged_in)
def remember_second_factor(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[HAS_DEVICE_KEY] = user_has_device(user)
    request.session[TOUCHED_KEY] = int(time.time())
