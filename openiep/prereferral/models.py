"""Step 1 of the process: pre-referral — general-education interventions under MTSS/RTI.

A teacher records a ``Concern`` about a student; the school tries ``Intervention``s (tier 1-3), each
monitored with ``DataPoint``s against a baseline and a goal, and classroom ``Accommodation``s; the team
meets (``Review``) and continues, changes, or refers the student for a special-education evaluation.
A referral made here is linked to the concern, so the case keeps the data behind it
(34 CFR 300.309(b) and 300.311(a)(7): data-based documentation of repeated assessments).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from openiep.referrals.models import AreaOfConcern


class Concern(models.Model):
    """What a teacher noticed about a student, and the start of the general-education response to it."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="prereferral_concerns")
    raised_on = models.DateField("concern noted on")
    description = models.TextField(
        "what the teacher sees", help_text="What the student finds hard, with examples and any data you have"
    )
    areas_of_concern = models.JSONField(default=list, help_text="Codes from AreaOfConcern")
    parents_informed_on = models.DateField(
        "parents told on", null=True, blank=True,
        help_text="The day the parents were told about the concern, the interventions and the data collected, "
        "and of their right to ask for an evaluation (34 CFR 300.311(a)(7)(ii))",
    )
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="prereferral_concerns",
        help_text="The referral for a special-education evaluation the team made from this concern",
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parents_informed_on__isnull=True) | Q(parents_informed_on__gte=F("raised_on")),
                name="concern_parents_told_after_noted",
            ),
        ]
        indexes = [models.Index(fields=["student", "-raised_on"], name="concern_student_recent")]

    def __str__(self) -> str:
        return f"Concern about {self.student} noted {self.raised_on:%Y-%m-%d}"

    @property
    def area_labels(self) -> list[str]:
        return [AreaOfConcern(code).label for code in self.areas_of_concern if code in AreaOfConcern.values]


class Intervention(models.Model):
    """A general-education intervention: what is done, how often, by whom, and how progress is measured."""

    class Tier(models.IntegerChoices):
        CORE = 1, "Tier 1: core instruction, differentiated in class"
        TARGETED = 2, "Tier 2: targeted, small group"
        INTENSIVE = 3, "Tier 3: intensive, individual"

    class Period(models.TextChoices):
        DAY = "day", "per day"
        WEEK = "week", "per week"
        MONTH = "month", "per month"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="interventions")
    area = models.CharField(max_length=20, choices=AreaOfConcern)
    tier = models.PositiveSmallIntegerField(choices=Tier)
    strategy = models.CharField(
        "strategy or program", max_length=300, help_text="For example: repeated reading with a partner"
    )
    frequency = models.PositiveSmallIntegerField("sessions", help_text="How many sessions")
    frequency_period = models.CharField("how often", max_length=5, choices=Period, default=Period.WEEK)
    minutes_per_session = models.PositiveSmallIntegerField("minutes per session")
    start_date = models.DateField("starts on")
    end_date = models.DateField("ends on", null=True, blank=True, help_text="The planned last day; blank if open")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions_delivered",
        help_text="A staff member of the district",
    )
    delivered_by_name = models.CharField(
        "or delivered by (name)", max_length=200, blank=True,
        help_text="Someone without an OpenIEP account: a tutor, a volunteer, an outside program",
    )
    measure = models.CharField(
        "progress measure", max_length=200, help_text="For example: oral reading fluency probe, grade 3 passages"
    )
    unit = models.CharField(max_length=60, help_text="For example: words correct per minute")
    baseline = models.DecimalField(max_digits=9, decimal_places=2, help_text="Where the student started")
    goal = models.DecimalField(max_digits=9, decimal_places=2, help_text="Where the student should be by the end")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions_entered"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(tier__gte=1, tier__lte=3), name="intervention_tier_1_to_3"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intervention_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(frequency__gte=1), name="intervention_has_sessions"),
            models.CheckConstraint(condition=Q(minutes_per_session__gte=1), name="intervention_has_minutes"),
            models.CheckConstraint(
                condition=Q(frequency_period__in=["day", "week", "month"]), name="intervention_period_known"
            ),
            models.CheckConstraint(
                condition=(Q(delivered_by__isnull=False, delivered_by_name="")
                           | (Q(delivered_by__isnull=True) & ~Q(delivered_by_name=""))),
                name="intervention_delivered_by_one",
            ),
        ]
        indexes = [models.Index(fields=["concern", "start_date"], name="intervention_concern_start")]

    def __str__(self) -> str:
        return f"{self.strategy} (tier {self.tier})"

    @property
    def deliverer(self) -> str:
        return str(self.delivered_by) if self.delivered_by_id else self.delivered_by_name

    @property
    def latest_point(self) -> DataPoint | None:
        """The most recent score, from the prefetched scores when the page loaded them."""
        points = list(self.data_points.all())
        return max(points, key=lambda p: p.measured_on) if points else None

    @property
    def goal_is_lower(self) -> bool:
        """Some measures improve downwards (errors, incidents): the goal is below the baseline."""
        return self.goal < self.baseline


class DataPoint(models.Model):
    """One progress-monitoring score of an intervention. One per day: a second entry for a day is a mistake."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="data_points")
    measured_on = models.DateField("date")
    value = models.DecimalField(max_digits=9, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_on", "id"]
        constraints = [
            # Also the index the chart and table read through.
            models.UniqueConstraint(fields=["intervention", "measured_on"], name="data_point_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.measured_on:%Y-%m-%d}"


class Accommodation(models.Model):
    """A change to how the student learns or shows learning in class, and whether it helped."""

    class Outcome(models.TextChoices):
        HELPED = "yes", "Yes, it helped"
        PARTLY = "partly", "Partly"
        DID_NOT_HELP = "no", "No"
        TOO_EARLY = "too_early", "Too early to tell"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="accommodations")
    description = models.CharField(
        "accommodation", max_length=300, help_text="For example: seat near the teacher, directions read aloud"
    )
    started_on = models.DateField("tried since", null=True, blank=True)
    helped = models.CharField("did it help?", max_length=10, choices=Outcome, default=Outcome.TOO_EARLY)
    notes = models.TextField(blank=True, help_text="What you saw")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(helped__in=["yes", "partly", "no", "too_early"]), name="accommodation_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Review(models.Model):
    """The team looks at the data and decides: continue, change, or refer for a special-education evaluation."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue the interventions as they are"
        CHANGE = "change", "Change the interventions"
        REFER = "refer", "Refer for a special-education evaluation"

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("team met on")
    attendees = models.CharField("who took part", max_length=500, blank=True)
    notes = models.TextField("what the data showed", blank=True)
    decision = models.CharField(max_length=10, choices=Decision)
    changes = models.TextField("what changes", blank=True, help_text="Needed when the team changes the interventions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["continue", "change", "refer"]), name="review_decision_known"
            ),
            models.CheckConstraint(condition=~Q(decision="change") | ~Q(changes=""), name="review_change_says_what"),
        ]
        indexes = [models.Index(fields=["concern", "-reviewed_on"], name="review_concern_recent")]

    def __str__(self) -> str:
        return f"Team review on {self.reviewed_on:%Y-%m-%d}: {self.get_decision_display()}"
