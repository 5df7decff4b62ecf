"""Step 7: what happens to an IEP over time. Discipline (removals, manifestation determination reviews,
functional behavioural assessments, behaviour intervention plans), reevaluation plans, transfers in and exits.
Annual reviews are the deadline engine's ``annual_review``, counted from the IEP meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from openiep.review import rules


class Removal(models.Model):
    """A disciplinary removal from the current placement (EDFacts FS005/FS006/FS088)."""

    class Kind(models.TextChoices):
        IN_SCHOOL = "INSCHOOL", "In-school suspension"
        OUT_OF_SCHOOL = "OUTOFSCHOOL", "Out-of-school suspension or expulsion"
        IAES_SCHOOL = "REMDW", "Interim setting by school personnel: drugs, weapons or serious bodily injury"
        IAES_HEARING = "REMHO", "Interim setting by a hearing officer: likely injury"

    class Circumstance(models.TextChoices):
        DRUGS = "D", "Drugs"
        WEAPONS = "W", "Weapons"
        SERIOUS_BODILY_INJURY = "SBI", "Serious bodily injury"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="removals")
    starts_on = models.DateField("first day")
    school_days = models.DecimalField(max_digits=4, decimal_places=1, help_text="School days removed (half days: 0.5)")
    kind = models.CharField(max_length=12, choices=Kind)
    circumstance = models.CharField("special circumstance", max_length=3, choices=Circumstance, blank=True,
                                    help_text="For an interim setting (34 CFR 300.530(g))")
    behavior = models.TextField("what happened")
    part_of_pattern = models.BooleanField(
        "the removals form a pattern", null=True, blank=True,
        help_text="The team's judgement: similar behaviour, length, total and how close together (300.536)")
    services_provided = models.BooleanField("services provided during the removal", default=False)
    parent_notified_on = models.DateField(null=True, blank=True, help_text="Notice and procedural safeguards (300.530(h))")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(school_days__gt=0), name="removal_days_positive"),
            models.CheckConstraint(condition=~Q(kind="REMDW") | ~Q(circumstance=""),
                                   name="removal_interim_setting_has_circumstance"),
        ]
        indexes = [models.Index(fields=["student", "starts_on"], name="removal_student_day")]

    def __str__(self) -> str:
        return f"{self.starts_on}: {self.school_days} days ({self.get_kind_display().lower()})"

    @property
    def is_interim_setting(self) -> bool:
        return self.kind in {self.Kind.IAES_SCHOOL, self.Kind.IAES_HEARING}


class ManifestationReview(models.Model):
    """The MDR (300.530(e)): the two questions the team answers."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="manifestation_reviews")
    removal = models.ForeignKey(Removal, on_delete=models.PROTECT, related_name="reviews",
                                help_text="The removal that made the change of placement")
    held_on = models.DateField()
    caused_by_disability = models.BooleanField(
        "the conduct was caused by, or had a direct and substantial relationship to, the disability")
    failure_to_implement = models.BooleanField("the conduct was the direct result of a failure to implement the IEP")
    participants = models.CharField(max_length=500, help_text="The parent and relevant members of the team")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["removal"], name="one_review_per_removal")]

    def __str__(self) -> str:
        return f"Manifestation determination review of {self.held_on}"

    @property
    def is_manifestation(self) -> bool:
        return bool(rules.is_manifestation(self.caused_by_disability, self.failure_to_implement))


class BehaviorRecord(models.Model):
    """A functional behavioural assessment or a behaviour intervention plan (300.530(d)(1)(ii), (f))."""

    class Kind(models.TextChoices):
        FBA = "fba", "Functional behavioural assessment"
        BIP = "bip", "Behaviour intervention plan"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="behavior_records")
    kind = models.CharField(max_length=3, choices=Kind)
    dated_on = models.DateField("completed or written on")
    summary = models.TextField(help_text="FBA: the behaviour, when and why it happens. BIP: what everyone does.")
    review = models.ForeignKey(ManifestationReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["dated_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.dated_on}"


class ExitReason(models.TextChoices):
    """EDFacts FS009 exit reasons (ages 14-21)."""

    TRANSFERRED_TO_REGULAR = "TRAN", "Transferred to regular education (no longer eligible)"
    DIPLOMA = "GHS", "Graduated with a regular high school diploma"
    ALTERNATE_DIPLOMA = "GRADALTDPL", "Graduated with a state-defined alternate diploma"
    CERTIFICATE = "RC", "Received a certificate"
    MAXIMUM_AGE = "RMA", "Reached maximum age"
    DIED = "D", "Died"
    MOVED_CONTINUING = "MKC", "Moved, known to be continuing"
    DROPPED_OUT = "DROPOUT", "Dropped out"


class Exit(models.Model):
    """The student left special education. The IEP in effect ends; history stays for a later re-entry."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="special_education_exits")
    iep = models.ForeignKey("iep.IEP", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            help_text="The IEP that ended")
    exited_on = models.DateField("exit date")
    reason = models.CharField(max_length=12, choices=ExitReason)
    notes = models.TextField(blank=True)
    academic_achievement = models.TextField("summary of academic achievement", blank=True)
    functional_performance = models.TextField("summary of functional performance", blank=True)
    recommendations = models.TextField("recommendations to help meet the postsecondary goals", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-exited_on", "-id"]
        indexes = [models.Index(fields=["exited_on", "reason"], name="exit_day_reason")]

    def __str__(self) -> str:
        return f"Exit on {self.exited_on}: {self.get_reason_display()}"


class ReevaluationPlan(models.Model):
    """A planned reevaluation (300.303), the consent asked for it, or the written agreement it is not needed,
    and the review of existing data (300.305(a))."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="reevaluation_plans")
    last_evaluated_on = models.DateField(null=True, blank=True)
    planned_on = models.DateField()
    agreed_early = models.BooleanField("the parent and the district agree to reevaluate within a year", default=False)
    not_needed_agreed_on = models.DateField(
        "the parent and the district agreed in writing that it is not needed", null=True, blank=True)
    consent = models.ForeignKey("referrals.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    existing_data_review = models.TextField("review of existing data", blank=True,
                                            help_text="What the evaluations, the parents, the teachers and the data show, "
                                                      "and what more is needed")
    reviewed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"Reevaluation planned for {self.planned_on}"


class TransferIn(models.Model):
    """A student who arrived with an IEP from another district (300.323(e), (f))."""

    class Decision(models.TextChoices):
        COMPARABLE = "comparable", "Comparable services while deciding"
        ADOPTED = "adopted", "Adopted the previous IEP"
        NEW_IEP = "new_iep", "Writing a new IEP"
        EVALUATING = "evaluating", "Evaluating (from another state)"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="transfers_in")
    received_on = models.DateField("enrolled on")
    from_district = models.CharField(max_length=200)
    from_state = models.CharField(max_length=2)
    same_state = models.BooleanField()
    previous_iep_received = models.BooleanField(default=False)
    comparable_services = models.TextField(help_text="The services provided meanwhile, agreed with the parents")
    decision = models.CharField(max_length=12, choices=Decision, default=Decision.COMPARABLE)
    decided_on = models.DateField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Transfer from {self.from_district} ({self.from_state}) on {self.received_on}"
