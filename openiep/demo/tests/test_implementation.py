"""The demo's service logs and progress data: valid as stored, within each service's dates, totals refreshed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db.models import F

from openiep.demo.seed import seed_district
from openiep.iep.models import IEP
from openiep.implementation.models import ServiceDelivery, ServiceLog
from openiep.progress.models import ProgressPoint

TODAY = date(2026, 11, 23)
NOW = datetime.fromisoformat("2026-11-23T15:00:00+00:00")

pytestmark = pytest.mark.django_db(transaction=True)


def test_students_with_an_iep_in_effect_get_sessions_progress_data_and_delivery_totals():
    result = seed_district(students=300, seed=2, today=TODAY, now=NOW)
    ieps = IEP.objects.in_effect().count()
    assert ieps > 0 and result.counts["service_logs"] == ServiceLog.objects.count() > ieps
    assert ProgressPoint.objects.count() == result.counts["progress_points"] > 0
    assert ServiceDelivery.objects.count() == result.counts["services_refreshed"] > 0
    assert not ServiceLog.objects.filter(served_on__gt=TODAY).exists()
    assert not ServiceLog.objects.filter(served_on__lt=F("service__start_date")).exists()
    assert not ProgressPoint.objects.filter(measured_on__gt=TODAY).exists()
    made_up = ServiceLog.objects.filter(makes_up__isnull=False).select_related("makes_up")
    assert made_up.exists() and all(log.makes_up.status in {"provider_absent", "school_closed", "other"}
                                    and log.served_on >= log.makes_up.served_on for log in made_up)
    for log in ServiceLog.objects.order_by("?")[:50]:
        log.full_clean()
    for iep in IEP.objects.in_effect()[:10]:
        iep.full_clean()
    assert ServiceDelivery.objects.filter(behind__gt=0).exists()
