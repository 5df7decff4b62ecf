"""How the permission harness builds a referral, consent or notice for a given (out-of-scope) student."""

from __future__ import annotations

from openiep.referrals.tests.factories import ConsentFactory, PriorWrittenNoticeFactory, ReferralFactory


def _referral(student) -> int:
    return ReferralFactory(student=student).pk


def _consent(student) -> int:
    return ConsentFactory(referral=ReferralFactory(student=student)).pk


def _notice(student) -> int:
    return PriorWrittenNoticeFactory(referral=ReferralFactory(student=student)).pk


URL_PARAMETERS = {
    "referral_id": _referral,
    "consent_id": _consent,
    "notice_id": _notice,
}
