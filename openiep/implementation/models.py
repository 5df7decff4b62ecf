"""Step 6: services delivered against the IEP (34 CFR 300.323(c)(2), 300.101) and teachers told of the IEP
(300.323(d)).

``ServiceLog`` is one session of one service for one student: delivered, or missed and why. A make-up
session points to the missed session it makes up. ``ServiceDelivery`` keeps, per service, the totals the
dashboards sort and sum (required to date, delivered, missed, owed, behind): it is refreshed from the logs
after every write and each morning (``openiep delivery-refresh``), so a dashboard over a district reads one
row per service instead of millions of logs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from openiep.implementation import rules


class ServiceLog(models.Model):
    class Status(models.TextChoices):
        DELIVERED = rules.DELIVERED, "Delivered"
        STUDENT_ABSENT = rules.STUDENT_ABSENT, "Student absent"
        PROVIDER_ABSENT = rules.PROVIDER_ABSENT, "Provider absent"
        SCHOOL_CLOSED = rules.SCHOOL_CLOSED, "School closed"
        OTHER = rules.OTHER, "Not delivered, other reason"

    class Grouping(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Group"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="service_logs")
    service = models.ForeignKey("iep.Service", on_delete=models.PROTECT, related_name="logs")
    served_on = models.DateField("date")
    minutes = models.PositiveSmallIntegerField(
        help_text="Minutes delivered; for a missed session, the minutes it would have lasted")
    grouping = models.CharField("individual or group", max_length=10, choices=Grouping, default=Grouping.INDIVIDUAL)
    status = models.CharField(max_length=16, choices=Status, default=Status.DELIVERED)
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was not delivered (for “other”)")
    notes = models.TextField(blank=True)
    makes_up = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="made_up_by",
        help_text="The missed session this one makes up")
    group_key = models.CharField(max_length=40, blank=True, help_text="Sessions logged together for a group")
    submission = models.CharField(
        max_length=40, blank=True, help_text="The form's one-time key: the same form sent twice is stored once")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-served_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "submission"], condition=~Q(submission=""),
                                    name="service_log_submitted_once"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="service_log_minutes_positive"),
            models.CheckConstraint(condition=~Q(status="other") | ~Q(reason=""), name="service_log_other_has_reason"),
            models.CheckConstraint(condition=Q(makes_up__isnull=True) | Q(status="delivered"),
                                   name="service_log_make_up_is_delivered"),
        ]
        indexes = [
            models.Index(fields=["service", "served_on"], name="service_log_service_day"),
            models.Index(fields=["student", "served_on"], name="service_log_student_day"),
            models.Index(fields=["logged_by", "served_on"], name="service_log_provider_day"),
        ]

    def __str__(self) -> str:
        return f"{self.served_on}: {self.minutes} min, {self.get_status_display().lower()}"

    @property
    def is_missed(self) -> bool:
        return self.status in rules.MISSED

    def as_session(self) -> rules.Session:
        return rules.Session(self.pk, self.served_on, self.status, self.minutes, self.makes_up_id)


class ServiceDelivery(models.Model):
    """Totals of one service from its start to ``as_of``: what the dashboards read."""

    service = models.OneToOneField("iep.Service", on_delete=models.CASCADE, primary_key=True, related_name="delivery_totals")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    # Copies for the dashboards, refreshed with the totals: one join (to the IEP's status) instead of four.
    iep = models.ForeignKey("iep.IEP", on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey("people.District", on_delete=models.CASCADE, null=True, related_name="+")
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, null=True, related_name="+",
                               help_text="The student's school at the last refresh (for grouping)")
    as_of = models.DateField()
    required = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    made_up = models.PositiveIntegerField(default=0)
    missed_by_school = models.PositiveIntegerField(default=0)
    missed_by_student = models.PositiveIntegerField(default=0)
    owed = models.PositiveIntegerField(default=0)
    behind = models.PositiveIntegerField(default=0)
    last_logged_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["-behind"], name="delivery_most_behind"),
            models.Index(fields=["student"], name="delivery_student"),
            models.Index(fields=["district", "-behind"], name="delivery_district_behind"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.delivered}/{self.required} min"


class Acknowledgement(models.Model):
    """A teacher has read the IEP at a glance (its accommodations, modifications and goals): 300.323(d)(2)."""

    iep = models.ForeignKey("iep.IEP", on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["iep", "user"], name="acknowledged_once")]

    def __str__(self) -> str:
        return f"{self.user} read IEP {self.iep_id}"
