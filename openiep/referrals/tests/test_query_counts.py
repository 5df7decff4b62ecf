"""The referral pages run the same number of queries however many attempts, consents and notices there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.people.models import User
from openiep.people.tests.factories import UserFactory
from openiep.referrals import services
from openiep.referrals.models import Consent, ConsentAttempt
from openiep.referrals.selectors import prereferral_installed
from openiep.referrals.tests.factories import (
    ConsentAttemptFactory,
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)
from openiep.referrals.tests.test_services import notice_text

pytestmark = pytest.mark.django_db


def measure(client, url: str) -> tuple[int, list[str], int]:
    client.get(url)  # warm-up: per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


@pytest.fixture
def proposal(cast):
    referral = ReferralFactory(student=cast.student, received_on=days_ago(40))
    proposal = services.referral_propose_evaluation(referral=referral, decided_on=days_ago(35),
                                                    actor=cast["case_manager"], **notice_text())
    ConsentAttemptFactory(consent=proposal.consent, attempted_on=days_ago(34), by=cast["case_manager"])
    if prereferral_installed():
        from openiep.referrals.tests.test_pages import add_concern

        add_concern(cast.student, referral, cast["gened_teacher"])
    return proposal


def grow_referral(cast, proposal) -> None:
    """Many attempts by different staff, more consents (each with attempts, some answered), more notices."""
    referral, consent = proposal.referral, proposal.consent
    for i in range(25):
        staff = UserFactory(district=cast.district, role=User.Role.CASE_MANAGER)
        ConsentAttemptFactory(consent=consent, attempted_on=days_ago(33 - i), by=staff,
                              method=list(ConsentAttempt.Method)[i % 7])
    for i, kind in enumerate([Consent.Kind.RELEASE_OF_RECORDS, Consent.Kind.OTHER, Consent.Kind.EXCUSAL] * 2):
        other = ConsentFactory(referral=referral, kind=kind, requested_on=days_ago(30 - i))
        for day in range(4):
            ConsentAttemptFactory(consent=other, attempted_on=days_ago(29 - day))
    ConsentFactory(referral=referral, kind=Consent.Kind.OTHER, status=Consent.Status.GRANTED,
                   requested_on=days_ago(30), responded_on=days_ago(20), method="paper", signed_name="Pat",
                   guardian=cast.student.guardianships.first().guardian)
    for _ in range(5):
        PriorWrittenNoticeFactory(referral=referral, issued_by=UserFactory(district=cast.district))
    if prereferral_installed():
        from openiep.referrals.tests.test_pages import add_concern

        for i in range(4):
            add_concern(cast.student, referral, UserFactory(district=cast.district), days=90 + i)


@pytest.mark.parametrize("role", ["case_manager", "parent", "auditor"])
def test_the_referral_page_does_not_grow_with_attempts_consents_or_notices(client, cast, proposal, role):
    client.force_login(cast[role])
    url = f"/students/{cast.student.pk}/referrals/{proposal.referral.pk}/"
    small, _, small_size = measure(client, url)
    grow_referral(cast, proposal)
    large, large_sql, large_size = measure(client, url)
    assert large_size > small_size, "the added data did not reach the page"
    assert large == small, f"{small} queries then {large}:\n" + "\n".join(large_sql)


def test_the_referral_list_does_not_grow_with_referrals_or_notices(client, cast, proposal):
    client.force_login(cast["case_manager"])
    url = f"/students/{cast.student.pk}/referrals/"
    small, _, small_size = measure(client, url)
    for i in range(12):
        old = ReferralFactory(student=cast.student, received_on=days_ago(300 + i), status="withdrawn",
                              decided_on=days_ago(290 + i), decided_by=UserFactory(district=cast.district),
                              created_by=UserFactory(district=cast.district))
        PriorWrittenNoticeFactory(referral=old, issued_by=UserFactory(district=cast.district))
    large, large_sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, f"{small} queries then {large}:\n" + "\n".join(large_sql)


def test_the_notice_page_is_a_fixed_handful_of_queries(client, cast, proposal):
    client.force_login(cast["case_manager"])
    count, sql, _ = measure(client, f"/students/{cast.student.pk}/notices/{proposal.notice.pk}/")
    assert count <= 6, "\n".join(sql)
