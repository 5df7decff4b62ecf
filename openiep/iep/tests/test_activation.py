"""Approved IEPs go in effect on their start date, by the daily task or ``openiep activate-ieps``."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from openiep.iep.models import IEP
from openiep.iep.tests.factories import InEffectIEPFactory

pytestmark = pytest.mark.django_db


def test_the_command_puts_an_approved_iep_in_effect_and_supersedes_the_old_one(cast):
    old = InEffectIEPFactory(student=cast.student, version=1)
    start = timezone.localdate() + timedelta(days=3)
    new = InEffectIEPFactory(student=cast.student, version=2, status=IEP.Status.APPROVED, start_date=start)
    out = StringIO()
    call_command("activate_ieps", "--now", "--today", (start - timedelta(days=1)).isoformat(), stdout=out)
    assert "0 IEPs went in effect" in out.getvalue()
    call_command("activate_ieps", "--now", "--today", start.isoformat(), stdout=out)
    assert "1 IEP went in effect" in out.getvalue()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status, old.ended_on) == (IEP.Status.SUPERSEDED, IEP.Status.IN_EFFECT,
                                                      start - timedelta(days=1))


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="not a date"):
        call_command("activate_ieps", "--now", "--today", "31/12/2026")


def test_the_task_is_queued_for_the_worker(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = StringIO()
    call_command("activate_ieps", stdout=out)
    assert "Queued" in out.getvalue()
