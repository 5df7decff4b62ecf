"""Tokens for integrations (a student information system, a state reporting tool, a data warehouse).

A token is created and revoked by a district administrator. It is stored as its SHA-256 only (the key is shown
once, when created), carries scopes such as ``students:read``, and acts for the district as the administrator who
created it: every read still goes through the one access policy (``students_visible_to`` of that person, whose
role must allow the action) and is entered in the students' record of access. A token stops working when it is
revoked, when it expires, or when its administrator's account is deactivated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Scope(models.TextChoices):
    STUDENTS = "students:read", "Students: names, demographics, school and grade"
    GUARDIANS = "guardians:read", "Parents and guardians of those students"
    CASES = "cases:read", "Where each student is in the special-education process"
    IEPS = "ieps:read", "IEPs: dates, placement, goals"
    SERVICES = "services:read", "Services in the IEPs"
    DEADLINES = "deadlines:read", "Compliance deadlines"
    DOCUMENTS = "documents:read", "Documents: list and download"
    EDFI = "edfi:read", "Ed-Fi special-education program associations"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    district = models.ForeignKey("people.District", on_delete=models.PROTECT, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
        help_text="The district administrator the token acts as (who created it)",
    )
    name = models.CharField(max_length=120, help_text="What uses it, for example: the state reporting export")
    prefix = models.CharField(max_length=16, help_text="The first characters of the key, to recognise it")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key; the key is not kept")
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_has_name"),
        ]
        indexes = [models.Index(fields=["district", "-created_at"], name="api_token_district")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
