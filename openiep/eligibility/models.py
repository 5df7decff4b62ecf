"""Step 4: eligibility, decided by a group of qualified professionals and the parent (34 CFR 300.306)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class DisabilityCategory(models.TextChoices):
    """The 13 terms of 34 CFR 300.8(c), plus developmental delay where the state allows it (300.8(b))."""

    AUTISM = "autism", "Autism"
    DEAF_BLINDNESS = "deaf_blindness", "Deaf-blindness"
    DEAFNESS = "deafness", "Deafness"
    EMOTIONAL_DISTURBANCE = "emotional_disturbance", "Emotional disturbance"
    HEARING_IMPAIRMENT = "hearing_impairment", "Hearing impairment"
    INTELLECTUAL_DISABILITY = "intellectual_disability", "Intellectual disability"
    MULTIPLE_DISABILITIES = "multiple_disabilities", "Multiple disabilities"
    ORTHOPEDIC_IMPAIRMENT = "orthopedic_impairment", "Orthopedic impairment"
    OTHER_HEALTH_IMPAIRMENT = "other_health_impairment", "Other health impairment"
    SPECIFIC_LEARNING_DISABILITY = "specific_learning_disability", "Specific learning disability"
    SPEECH_LANGUAGE_IMPAIRMENT = "speech_language_impairment", "Speech or language impairment"
    TRAUMATIC_BRAIN_INJURY = "traumatic_brain_injury", "Traumatic brain injury"
    VISUAL_IMPAIRMENT = "visual_impairment", "Visual impairment including blindness"
    DEVELOPMENTAL_DELAY = "developmental_delay", "Developmental delay"


# EDFacts disability codes (codes.json: disability_categories). Deafness has no code of its own: HI.
EDFACTS_DISABILITY = {
    DisabilityCategory.AUTISM: "AUT",
    DisabilityCategory.DEAF_BLINDNESS: "DB",
    DisabilityCategory.DEAFNESS: "HI",
    DisabilityCategory.EMOTIONAL_DISTURBANCE: "EMN",
    DisabilityCategory.HEARING_IMPAIRMENT: "HI",
    DisabilityCategory.INTELLECTUAL_DISABILITY: "ID",
    DisabilityCategory.MULTIPLE_DISABILITIES: "MD",
    DisabilityCategory.ORTHOPEDIC_IMPAIRMENT: "OI",
    DisabilityCategory.OTHER_HEALTH_IMPAIRMENT: "OHI",
    DisabilityCategory.SPECIFIC_LEARNING_DISABILITY: "SLD",
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT: "SLI",
    DisabilityCategory.TRAUMATIC_BRAIN_INJURY: "TBI",
    DisabilityCategory.VISUAL_IMPAIRMENT: "VI",
    DisabilityCategory.DEVELOPMENTAL_DELAY: "DD",
}


class EligibilityDetermination(models.Model):
    class Result(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible for special education"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="eligibility_determinations")
    evaluation = models.ForeignKey(
        "evaluations.Evaluation", on_delete=models.PROTECT, related_name="eligibility_determinations"
    )
    determined_on = models.DateField(help_text="The day the team, with the parent, decided")
    result = models.CharField(max_length=14, choices=Result)
    primary_category = models.CharField(max_length=30, choices=DisabilityCategory, blank=True)
    secondary_categories = models.JSONField(default=list, blank=True, help_text="Codes from DisabilityCategory")
    adverse_effect = models.BooleanField(
        null=True, blank=True, help_text="The disability adversely affects educational performance"
    )
    needs_special_education = models.BooleanField(
        null=True, blank=True, help_text="The student needs specially designed instruction")
    # 34 CFR 300.306(b): not eligible if the determinant factor is one of these.
    determinant_lack_of_reading_instruction = models.BooleanField(default=False)
    determinant_lack_of_math_instruction = models.BooleanField(default=False)
    determinant_limited_english_proficiency = models.BooleanField(default=False)
    consider_section_504 = models.BooleanField(
        default=False, help_text="Not eligible: refer the student for a Section 504 plan review"
    )
    rationale = models.TextField(help_text="The evidence the team relied on: tests, parent input, teacher input…")
    report_given_to_parent_on = models.DateField(
        null=True, blank=True, help_text="The parent gets the evaluation report and this determination at no cost"
    )
    notice = models.ForeignKey(
        "referrals.PriorWrittenNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-determined_on", "-id"]
        constraints = [
            # One decision per evaluation: a double submit cannot record two.
            models.UniqueConstraint(fields=["evaluation"], name="one_determination_per_evaluation"),
            # Eligible means a category, an adverse effect, a need for special education, and no exclusionary factor.
            models.CheckConstraint(
                condition=~Q(result="eligible")
                | (
                    ~Q(primary_category="")
                    & Q(adverse_effect=True, needs_special_education=True)
                    & Q(determinant_lack_of_reading_instruction=False, determinant_lack_of_math_instruction=False,
                        determinant_limited_english_proficiency=False)
                ),
                name="eligible_has_category_and_need",
            ),
        ]
        indexes = [models.Index(fields=["student", "-determined_on"], name="eligibility_student_recent")]

    def __str__(self) -> str:
        return f"{self.get_result_display()} ({self.determined_on:%Y-%m-%d})"


class EligibilityVote(models.Model):
    """Each member's agreement, or written dissent (34 CFR 300.311(b) for SLD; good practice for all)."""

    determination = models.ForeignKey(EligibilityDetermination, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member_name = models.CharField(max_length=200)
    role = models.CharField(max_length=100, help_text="Parent, school psychologist, general education teacher…")
    agrees = models.BooleanField()
    dissent = models.TextField(blank=True, help_text="A dissenting member's separate statement")
    signed = models.BooleanField(
        default=False, help_text="The member signed the written certification (required for SLD, 34 CFR 300.311(b))"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(agrees=True) | ~Q(dissent=""), name="dissent_has_statement"),
        ]

    def __str__(self) -> str:
        return f"{self.member_name} ({self.role}): {'agrees' if self.agrees else 'dissents'}"
