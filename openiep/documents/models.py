"""Documents the district generates for a student (IEP, meeting notice, Prior Written Notice, consent forms,
progress reports…): each stored as a file with its SHA-256, so a signature or a download names exactly
which bytes it was."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Document(models.Model):
    class Kind(models.TextChoices):
        IEP = "iep", "IEP"
        MEETING_NOTICE = "meeting_notice", "Meeting notice"
        PRIOR_WRITTEN_NOTICE = "prior_written_notice", "Prior Written Notice"
        CONSENT_FORM = "consent_form", "Consent form"
        PROGRESS_REPORT = "progress_report", "Progress report"
        RECORDS_PACKAGE = "records_package", "Records package"
        OTHER = "other", "Other"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=24, choices=Kind)
    title = models.CharField(max_length=300)
    language = models.CharField(max_length=8, default="en")
    file = models.FileField(upload_to="documents/%Y/%m/")
    content_type = models.CharField(max_length=100, default="application/pdf")
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    source_model = models.CharField(max_length=60, blank=True, help_text="app_label.model of what it shows")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, help_text="Hash of the record it was made from")
    given_to_parents_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["student", "-created_at"], name="document_student_recent"),
            models.Index(fields=["source_model", "source_id"], name="document_source"),
        ]

    def __str__(self) -> str:
        return self.title
