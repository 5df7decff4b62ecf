"""The record of access (34 CFR 300.614, FERPA 99.32): who read which record of a student, when, why.

One append-only table serves both rules. It is written in the request that reads the record,
never later, and nothing updates or deletes its rows (a database trigger refuses updates).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccessRecord(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"
        DISCLOSURE = "disclosure", "Disclosed to a third party"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="access_records")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_records")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.VIEW)
    record = models.CharField(max_length=120, help_text="Which record, in words a parent understands")
    purpose = models.CharField(max_length=200)
    path = models.CharField(max_length=300, blank=True)
    # Names kept as they were at the time: a later change of role or name must not rewrite history.
    user_name = models.CharField(max_length=200)
    user_role = models.CharField(max_length=60)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["student", "-at"], name="access_record_student_time")]

    def __str__(self) -> str:
        return f"{self.user_name} {self.kind} {self.record} at {self.at:%Y-%m-%d %H:%M}"
