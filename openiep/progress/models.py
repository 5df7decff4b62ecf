"""Progress on IEP goals (34 CFR 300.320(a)(3)): data points, a rating per reporting period, reports to parents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ProgressPoint(models.Model):
    goal = models.ForeignKey("iep.Goal", on_delete=models.CASCADE, related_name="progress_points")
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    measured_on = models.DateField("date")
    value = models.DecimalField(max_digits=9, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_on", "id"]
        constraints = [models.UniqueConstraint(fields=["goal", "measured_on"], name="progress_point_one_a_day")]
        indexes = [models.Index(fields=["student", "measured_on"], name="progress_point_student_day")]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class Rating(models.TextChoices):
    SUFFICIENT = "sufficient", "Making sufficient progress to meet the goal"
    INSUFFICIENT = "insufficient", "Not making sufficient progress to meet the goal"
    MET = "met", "Goal met"
    NOT_INTRODUCED = "not_introduced", "Not yet introduced"


class ProgressRating(models.Model):
    """The team's rating of a goal for one reporting period, with a narrative for the parents."""

    goal = models.ForeignKey("iep.Goal", on_delete=models.CASCADE, related_name="progress_ratings")
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    period_number = models.PositiveSmallIntegerField()
    period_first = models.DateField()
    period_last = models.DateField()
    rating = models.CharField(max_length=16, choices=Rating)
    narrative = models.TextField(blank=True, help_text="What the data show, in words the parents understand")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_number"]
        constraints = [models.UniqueConstraint(fields=["goal", "period_number"], name="progress_rating_once_a_period")]

    def __str__(self) -> str:
        return f"Period {self.period_number}: {self.get_rating_display()}"


class ProgressReport(models.Model):
    """A progress report to the parents for one reporting period of an IEP, stored as a PDF document."""

    iep = models.ForeignKey("iep.IEP", on_delete=models.PROTECT, related_name="progress_reports")
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="progress_reports")
    period_number = models.PositiveSmallIntegerField()
    period_first = models.DateField()
    period_last = models.DateField()
    period_label = models.CharField(max_length=80)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    generated_at = models.DateTimeField()
    parents_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_number"]
        constraints = [models.UniqueConstraint(fields=["iep", "period_number"], name="progress_report_once_a_period")]
        indexes = [models.Index(fields=["student", "-period_number"], name="progress_report_student")]

    def __str__(self) -> str:
        return f"Progress report: {self.period_label}"
