"""Reads for step 2. Each page loads in a fixed number of queries however many attempts, consents or notices."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from openiep.people.models import Guardian, Student
from openiep.referrals.models import Consent, ConsentAttempt, PriorWrittenNotice, Referral

PREREFERRAL_APP = "openiep.prereferral"


def prereferral_installed() -> bool:
    return apps.is_installed(PREREFERRAL_APP)


def referrals_for_student(*, student: Student) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(student=student)
        .select_related("created_by", "decided_by")
        .annotate(notice_count=Count("notices", distinct=True))
    )


def notices_for_student(*, student: Student) -> QuerySet[PriorWrittenNotice]:
    return PriorWrittenNotice.objects.filter(student=student).select_related("issued_by", "referral")


def consents_queryset() -> QuerySet[Consent]:
    return Consent.objects.select_related("guardian", "created_by").prefetch_related(
        Prefetch("attempts", queryset=ConsentAttempt.objects.select_related("by"))
    )


def referral_page(*, student: Student, referral_id: int) -> Referral:
    """The referral with its notices, consents and their attempts (the pre-referral history is read by
    ``prereferral.selectors.concerns_for_referral``)."""
    prefetches = [
        Prefetch("notices", queryset=PriorWrittenNotice.objects.select_related("issued_by")),
        Prefetch("consents", queryset=consents_queryset()),
    ]
    queryset = Referral.objects.select_related("created_by", "decided_by").prefetch_related(*prefetches)
    return get_object_or_404(queryset, pk=referral_id, student=student)


def referral_for(*, student: Student, referral_id: int) -> Referral:
    """The referral, for a write: fetched through the student, with what the notice text needs."""
    return get_object_or_404(
        Referral.objects.select_related("student__school", "student__district"), pk=referral_id, student=student
    )


def consent_for(*, student: Student, consent_id: int) -> Consent:
    return get_object_or_404(Consent.objects.select_related("referral", "student"), pk=consent_id, student=student)


def consent_card(*, consent: Consent) -> Consent:
    """One consent with its attempts, for the htmx fragment that replaces its card."""
    return consents_queryset().select_related("referral").get(pk=consent.pk)


def notice_for(*, student: Student, notice_id: int) -> PriorWrittenNotice:
    return get_object_or_404(
        PriorWrittenNotice.objects.select_related("issued_by", "referral", "student__school", "student__district"),
        pk=notice_id, student=student,
    )


def guardians_with_rights(*, student: Student) -> QuerySet[Guardian]:
    """The parents who may answer a consent request for this student (34 CFR 300.30)."""
    return Guardian.objects.filter(
        guardianships__student=student, guardianships__holds_educational_rights=True
    ).order_by("last_name", "first_name").distinct()
