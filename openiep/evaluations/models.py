"""Step 3: the evaluation by a multidisciplinary team — the plan by area, each evaluator's report, the baseline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from openiep.referrals.models import AreaOfConcern


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial evaluation"
        REEVALUATION = "reevaluation", "Reevaluation"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Report completed"
        CANCELLED = "cancelled", "Cancelled"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="evaluations")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    consent = models.ForeignKey(
        "referrals.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    kind = models.CharField(max_length=14, choices=Kind, default=Kind.INITIAL)
    status = models.CharField(max_length=12, choices=Status, default=Status.PLANNED)
    planned_on = models.DateField()
    completed_on = models.DateField(
        null=True, blank=True, help_text="The day the evaluation report was completed (the clock's end in most states)"
    )
    summary = models.TextField(blank=True, help_text="Integrated summary of the results")
    baseline = models.TextField(blank=True, help_text="Baseline of current performance, for goals later")
    areas_not_needed = models.JSONField(
        default=list, blank=True,
        help_text='Areas of concern the team decided need no new assessment, with why: [{"area", "reason"}]',
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations_planned")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consent"], condition=~Q(status="cancelled"), name="one_open_evaluation_per_consent"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("planned_on")),
                name="evaluation_completed_after_planned",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="evaluation_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["student", "-planned_on"], name="evaluation_student_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.student}"


class EvaluationArea(models.Model):
    """One area of the plan, assigned to an evaluator with a due date, and that evaluator's report."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=AreaOfConcern)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_assignments"
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    instruments = models.TextField(blank=True, help_text="Tests, observations, records and interviews used")
    scores = models.JSONField(
        default=list, blank=True, help_text='List of {"measure", "score", "scale", "percentile", "descriptor"}'
    )
    summary = models.TextField(blank=True, help_text="What the results mean for the student's education")

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "area"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "area"], name="evaluation_area_once"),
        ]
        indexes = [models.Index(fields=["evaluator", "completed_on", "due_on"], name="evaluation_area_worklist")]

    def __str__(self) -> str:
        return f"{self.get_area_display()} — {self.evaluator}"


def evaluation_file_path(instance: EvaluationFile, filename: str) -> str:
    return f"evaluations/{instance.area.evaluation.student_id}/{instance.area.evaluation_id}/{filename}"


class EvaluationFile(models.Model):
    """A report or protocol attached to an area, stored through Django's storage API."""

    area = models.ForeignKey(EvaluationArea, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=evaluation_file_path)
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255, blank=True, help_text="The file's name on the uploader's computer")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0, help_text="Bytes")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title
