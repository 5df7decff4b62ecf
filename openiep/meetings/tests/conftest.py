from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def in_two_weeks():
    return (timezone.localtime() + timedelta(days=14)).replace(hour=15, minute=30, second=0, microsecond=0)
