"""Logging sessions: the rules at the field, nothing counted twice, totals that match the pure rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiep.iep.models import IEP
from openiep.iep.tests.factories import IEPFactory, InEffectIEPFactory, ServiceFactory
from openiep.implementation import rules, services
from openiep.implementation.models import ServiceDelivery, ServiceLog
from openiep.implementation.services import Entry
from openiep.implementation.tests.factories import in_effect_service
from openiep.people.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def log(service, actor, **kwargs):
    values = {"served_on": yesterday(), "minutes": 30}
    values.update(kwargs)
    return services.service_log_record(service=service, actor=actor, **values)


def message(exc, field):
    return " ".join(exc.value.message_dict[field])


def test_a_delivered_session_is_stored_with_history_and_updates_the_totals(cast):
    service = in_effect_service(cast.student)
    entry = log(service, cast["sped_teacher"], notes=" Phonics ")
    assert entry.student_id == cast.student.pk and entry.notes == "Phonics"
    assert entry.history.first().history_user == cast["sped_teacher"]
    totals = ServiceDelivery.objects.get(service=service)
    assert totals.delivered == 30 and totals.last_logged_on == yesterday()
    assert totals.required == rules.required_minutes(services.plan_of(service), service.start_date, timezone.localdate())


def test_the_same_form_sent_twice_is_stored_once(cast):
    service = in_effect_service(cast.student)
    first = log(service, cast["sped_teacher"], submission="abc")
    second = log(service, cast["sped_teacher"], submission="abc")
    assert first.pk == second.pk
    assert ServiceLog.objects.count() == 1
    assert ServiceDelivery.objects.get(service=service).delivered == 30


def test_the_database_refuses_a_second_row_with_the_same_key(cast):
    from django.db import IntegrityError, transaction

    service = in_effect_service(cast.student)
    log(service, cast["sped_teacher"], submission="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceLog.objects.create(student=cast.student, service=service, served_on=yesterday(), minutes=30,
                                  submission="abc", logged_by=cast["sped_teacher"])


def test_a_session_in_the_future_is_refused_at_the_date(cast):
    with pytest.raises(ValidationError) as exc:
        log(in_effect_service(cast.student), cast["sped_teacher"], served_on=timezone.localdate() + timedelta(days=1))
    assert "has not happened yet" in message(exc, "served_on")
    assert not ServiceLog.objects.exists()


def test_a_session_before_the_iep_or_the_service_started_is_refused_at_the_date(cast):
    service = in_effect_service(cast.student)
    with pytest.raises(ValidationError) as exc:
        log(service, cast["sped_teacher"], served_on=service.iep.start_date - timedelta(days=1))
    assert "the IEP took effect on" in message(exc, "served_on")
    later = ServiceFactory(iep=service.iep, start_date=timezone.localdate() - timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        log(later, cast["sped_teacher"], served_on=timezone.localdate() - timedelta(days=5))
    assert "this service starts on" in message(exc, "served_on")


def test_a_service_of_a_draft_iep_cannot_be_logged(cast):
    draft = ServiceFactory(iep=IEPFactory(student=cast.student, start_date=timezone.localdate() - timedelta(days=9)))
    with pytest.raises(ValidationError) as exc:
        log(draft, cast["sped_teacher"])
    assert "not in effect (draft)" in message(exc, "served_on")


def test_an_ended_iep_is_in_effect_until_the_day_it_ended(cast):
    service = in_effect_service(cast.student)
    IEP.objects.filter(pk=service.iep_id).update(status=IEP.Status.ENDED, ended_on=timezone.localdate() - timedelta(days=5))
    service.refresh_from_db()
    assert log(service, cast["sped_teacher"], served_on=timezone.localdate() - timedelta(days=6)).pk
    with pytest.raises(ValidationError) as exc:
        log(service, cast["sped_teacher"], served_on=timezone.localdate() - timedelta(days=4))
    assert "in effect until" in message(exc, "served_on")


def test_minutes_over_the_school_day_are_refused_at_the_minutes(cast):
    # A finalised IEP cannot be changed (database triggers): made with a 1,800-minute week (360 a day).
    service = in_effect_service(cast.student, iep=InEffectIEPFactory(student=cast.student, school_week_minutes=1800))
    with pytest.raises(ValidationError) as exc:
        log(service, cast["sped_teacher"], minutes=400)
    assert "longer than the school day (360 minutes)" in message(exc, "minutes")
    log(service, cast["sped_teacher"], minutes=300)
    other = ServiceFactory(iep=service.iep)
    with pytest.raises(ValidationError) as exc:
        log(other, cast["sped_teacher"], minutes=90)
    assert "already logged that day" in message(exc, "minutes")


def test_another_reason_needs_the_reason(cast):
    with pytest.raises(ValidationError) as exc:
        log(in_effect_service(cast.student), cast["sped_teacher"], status="other", reason=" ")
    assert message(exc, "reason") == "Say why the session was not delivered."


def test_a_make_up_links_to_the_missed_session_and_cannot_exceed_it(cast):
    service = in_effect_service(cast.student)
    missed = log(service, cast["provider"], status="provider_absent", served_on=timezone.localdate() - timedelta(days=3))
    made = log(service, cast["provider"], minutes=20, makes_up=missed)
    assert made.makes_up == missed
    with pytest.raises(ValidationError) as exc:
        log(service, cast["provider"], minutes=20, makes_up=missed)
    assert "has 10 minutes left to make up" in message(exc, "minutes")
    totals = ServiceDelivery.objects.get(service=service)
    assert (totals.missed_by_school, totals.made_up, totals.owed) == (30, 20, 10)


def test_a_make_up_must_be_delivered_after_a_missed_session_of_the_same_service(cast):
    service = in_effect_service(cast.student)
    delivered = log(service, cast["provider"])
    with pytest.raises(ValidationError) as exc:
        log(service, cast["provider"], makes_up=delivered)
    assert "missed session of this service" in message(exc, "makes_up")
    missed = log(service, cast["provider"], status="student_absent")
    with pytest.raises(ValidationError) as exc:
        log(service, cast["provider"], makes_up=missed, served_on=timezone.localdate() - timedelta(days=2))
    assert "comes after" in message(exc, "makes_up")
    with pytest.raises(ValidationError) as exc:
        log(service, cast["provider"], makes_up=missed, status="provider_absent")
    assert "delivered" in message(exc, "status")


def test_a_group_session_is_stored_for_every_ticked_student_once(cast):
    other = StudentFactory(district=cast.district, school=cast.lincoln)
    a, b = in_effect_service(cast.student), in_effect_service(other)
    entries = [Entry(a, 30, "delivered"), Entry(b, 30, "student_absent")]
    logs = services.service_logs_record_group(served_on=yesterday(), entries=entries, submission="k1",
                                              actor=cast["sped_teacher"])
    again = services.service_logs_record_group(served_on=yesterday(), entries=entries, submission="k1",
                                               actor=cast["sped_teacher"])
    assert [x.pk for x in logs] == [x.pk for x in again]
    assert ServiceLog.objects.count() == 2
    assert {x.group_key for x in logs} == {"k1"} and {x.grouping for x in logs} == {"group"}


def test_a_group_session_with_a_bad_row_stores_nothing_and_names_the_row(cast):
    other = StudentFactory(district=cast.district, school=cast.lincoln)
    a = in_effect_service(cast.student)
    b = ServiceFactory(iep=IEPFactory(student=other, start_date=timezone.localdate() - timedelta(days=9)))
    with pytest.raises(ValidationError) as exc:
        services.service_logs_record_group(served_on=yesterday(), entries=[Entry(a, 30, "delivered"),
                                           Entry(b, 30, "delivered")], submission="k2", actor=cast["sped_teacher"])
    assert f"row-{b.pk}" in exc.value.message_dict and f"row-{a.pk}" not in exc.value.message_dict
    assert not ServiceLog.objects.exists()


def test_a_group_session_in_the_future_is_refused_at_the_shared_date(cast):
    with pytest.raises(ValidationError) as exc:
        services.service_logs_record_group(served_on=timezone.localdate() + timedelta(days=2),
                                           entries=[Entry(in_effect_service(cast.student), 30, "delivered")],
                                           submission="k3", actor=cast["sped_teacher"])
    assert "served_on" in exc.value.message_dict


def test_removing_a_missed_session_with_a_make_up_is_refused(cast):
    service = in_effect_service(cast.student)
    missed = log(service, cast["provider"], status="school_closed", served_on=timezone.localdate() - timedelta(days=3))
    log(service, cast["provider"], makes_up=missed)
    with pytest.raises(ValidationError):
        services.service_log_remove(log=missed, actor=cast["provider"])
    plain = log(service, cast["provider"], served_on=timezone.localdate() - timedelta(days=2))
    services.service_log_remove(log=plain, actor=cast["provider"])
    assert ServiceDelivery.objects.get(service=service).delivered == 30


def test_the_totals_summed_in_the_database_match_the_pure_rules(cast):
    import random

    rng = random.Random(5)
    service = in_effect_service(cast.student)
    stored: list[ServiceLog] = []
    for day in range(25, 0, -1):
        on = timezone.localdate() - timedelta(days=day)
        status = rng.choice(["delivered", "delivered", "student_absent", "provider_absent", "school_closed"])
        stored.append(log(service, cast["provider"], served_on=on, status=status, minutes=rng.choice([20, 30])))
        missed = [x for x in stored if x.status in rules.SCHOOL_RESPONSIBLE and not x.made_up_by.exists()]
        if missed and rng.random() < 0.4:
            stored.append(log(service, cast["provider"], served_on=on, minutes=missed[0].minutes, makes_up=missed[0]))
    totals = ServiceDelivery.objects.get(service=service)
    expected = rules.delivery(totals.required, [x.as_session() for x in ServiceLog.objects.filter(service=service)])
    assert (totals.delivered, totals.made_up, totals.missed_by_school, totals.missed_by_student, totals.owed,
            totals.behind) == (expected.delivered, expected.made_up, expected.missed_by_school,
                               expected.missed_by_student, expected.owed, expected.behind)


def test_the_morning_refresh_grows_the_required_minutes_of_services_in_effect(cast):
    service = in_effect_service(cast.student)
    assert services.delivery_refresh_all(as_of=timezone.localdate() - timedelta(days=7)) == 1
    earlier = ServiceDelivery.objects.get(service=service).required
    services.delivery_refresh_all()
    assert ServiceDelivery.objects.get(service=service).required > earlier


def test_an_acknowledgement_is_recorded_once(cast):
    iep = in_effect_service(cast.student).iep
    first = services.iep_acknowledge(iep=iep, actor=cast["gened_teacher"])
    assert services.iep_acknowledge(iep=iep, actor=cast["gened_teacher"]).pk == first.pk


def test_the_refresh_command_says_how_many_services_it_refreshed(cast):
    from io import StringIO

    from django.core.management import call_command

    in_effect_service(cast.student)
    out = StringIO()
    call_command("delivery_refresh", stdout=out)
    assert "of 1 services refreshed" in out.getvalue()
