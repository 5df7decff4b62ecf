"""The district's own record of a retention case: the parents were told, the record was exported, destroyed.

It keeps no personally identifiable information beyond what 34 CFR 300.624(b) allows to be kept (the
student row it points at keeps only name, grade, school and dates; see services.KEPT_STUDENT_FIELDS).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RetentionCase(models.Model):
    class Status(models.TextChoices):
        NOTIFIED = "notified", "Parents told"
        DESTROYED = "destroyed", "Record destroyed"

    student = models.OneToOneField("people.Student", on_delete=models.PROTECT, related_name="retention_case")
    status = models.CharField(max_length=12, choices=Status, default=Status.NOTIFIED)
    destroy_on = models.DateField(help_text="The earliest day the record may be destroyed")
    notified_at = models.DateTimeField(auto_now_add=True)
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notice_sent_to = models.PositiveSmallIntegerField(default=0, help_text="How many parents were emailed")
    exported_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)
    destroyed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    destroyed_rows = models.JSONField(default=dict, blank=True, help_text="Rows destroyed, by kind of record")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="destroyed") | models.Q(destroyed_at__isnull=False),
                name="retention_destroyed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Retention of student {self.student_id}: {self.get_status_display()}"
