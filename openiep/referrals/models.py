"""Step 2 of the process: a referral for evaluation, the consent it needs, and Prior Written Notice.

``Consent`` and ``PriorWrittenNotice`` are used by every later step (evaluation, initial services,
reevaluation, release of records), so they live here, where the process first needs them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from openiep.lib.languages import LANGUAGE_CHOICES


class AreaOfConcern(models.TextChoices):
    """Areas a referral names and an evaluation plans for (34 CFR 300.304(c)(4): all areas of suspected disability)."""

    ACADEMIC_READING = "reading", "Reading"
    ACADEMIC_WRITING = "writing", "Written expression"
    ACADEMIC_MATH = "math", "Mathematics"
    COGNITIVE = "cognitive", "Cognitive / intellectual functioning"
    COMMUNICATION = "communication", "Communication (speech and language)"
    MOTOR = "motor", "Motor (fine and gross)"
    SOCIAL_EMOTIONAL = "social_emotional", "Social-emotional and behaviour"
    ADAPTIVE = "adaptive", "Adaptive behaviour / daily living"
    HEALTH = "health", "Health"
    VISION_HEARING = "vision_hearing", "Vision and hearing"
    ATTENTION = "attention", "Attention and executive functioning"
    TRANSITION = "transition", "Transition (postsecondary)"
    OTHER = "other", "Other"


class Referral(models.Model):
    """A request that the district evaluate a student. The state's clock starts the day the school receives it."""

    class Source(models.TextChoices):
        PARENT = "parent", "Parent or guardian"
        TEACHER = "teacher", "Teacher"
        SCHOOL_STAFF = "school_staff", "Other school staff"
        DAYCARE = "daycare", "Daycare or preschool"
        NURSE = "nurse", "Public health nurse"
        DOCTOR = "doctor", "Doctor"
        AGENCY = "agency", "Social-service agency"
        EARLY_INTERVENTION = "early_intervention", "Early intervention (Part C)"
        STUDENT = "student", "The student"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        AWAITING_DECISION = "awaiting_decision", "Awaiting the district's decision"
        EVALUATION_PROPOSED = "evaluation_proposed", "Evaluation proposed"
        EVALUATION_REFUSED = "evaluation_refused", "Evaluation refused (Prior Written Notice sent)"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed: eligibility decided"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField(help_text="The day the school received the referral; the clock starts here")
    source = models.CharField(max_length=20, choices=Source)
    referred_by_name = models.CharField(max_length=200, blank=True, help_text="Who referred, for outside sources")
    is_written_parent_request = models.BooleanField(
        default=False, help_text="A parent's written request for an evaluation"
    )
    reason = models.TextField(help_text="Why the student is referred, with the data behind it")
    areas_of_concern = models.JSONField(default=list, help_text="Codes from AreaOfConcern")
    status = models.CharField(max_length=24, choices=Status, default=Status.AWAITING_DECISION)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_decided"
    )
    decision_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_entered")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                name="referral_decided_after_received",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_decision") | Q(status="withdrawn") | Q(decided_on__isnull=False),
                name="referral_decision_has_date",
            ),
        ]
        indexes = [models.Index(fields=["student", "-received_on"], name="referral_student_recent")]

    def __str__(self) -> str:
        return f"Referral of {self.student} received {self.received_on:%Y-%m-%d}"


class Consent(models.Model):
    """Informed written parental consent (34 CFR 300.300), with the attempts that show reasonable efforts."""

    class Kind(models.TextChoices):
        INITIAL_EVALUATION = "initial_evaluation", "Initial evaluation"
        INITIAL_SERVICES = "initial_services", "Initial provision of special education services"
        REEVALUATION = "reevaluation", "Reevaluation"
        RELEASE_OF_RECORDS = "release_of_records", "Release of records"
        EXCUSAL = "excusal", "Excusal of a team member from a meeting"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested, waiting for the parent"
        GRANTED = "granted", "Granted"
        PARTIAL = "partial", "Granted in part"
        REFUSED = "refused", "Refused"
        NO_RESPONSE = "no_response", "No response after reasonable efforts"
        REVOKED = "revoked", "Revoked in writing"

    class Method(models.TextChoices):
        PAPER = "paper", "Signed on paper"
        ELECTRONIC = "electronic", "Signed electronically"
        IN_PERSON = "in_person", "Signed in person at a meeting"
        MAIL = "mail", "Returned by mail"
        OTHER = "other", "Other"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="consents")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="consents")
    kind = models.CharField(max_length=24, choices=Kind)
    status = models.CharField(max_length=12, choices=Status, default=Status.REQUESTED)
    requested_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True, help_text="The day the parent's answer was received")
    revoked_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=12, choices=Method, blank=True)
    guardian = models.ForeignKey(
        "people.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="consents",
        help_text="The parent who answered",
    )
    signed_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="What the parent is asked to agree to, in plain words")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents_entered")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("requested_on")),
                name="consent_answer_after_request",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "no_response"]) | Q(responded_on__isnull=False),
                name="consent_answer_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_on__isnull=False),
                name="consent_revocation_has_date",
            ),
        ]
        indexes = [models.Index(fields=["student", "kind", "-requested_on"], name="consent_student_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} consent for {self.student}: {self.get_status_display()}"


class ConsentAttempt(models.Model):
    """One try to reach the parent for consent: the evidence of reasonable efforts (34 CFR 300.300(d)(5))."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PORTAL = "portal", "Family portal"
        HOME_VISIT = "home_visit", "Home visit"
        IN_PERSON = "in_person", "In person at school"
        OTHER = "other", "Other"

    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="attempts")
    attempted_on = models.DateField()
    method = models.CharField(max_length=12, choices=Method)
    outcome = models.CharField(max_length=300, help_text="What happened: no answer, message left, form sent home…")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_attempts")

    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.attempted_on:%Y-%m-%d}"


class PriorWrittenNotice(models.Model):
    """Written notice before the district proposes or refuses an action (34 CFR 300.503), with every element of (b)."""

    class Action(models.TextChoices):
        PROPOSES = "proposes", "Proposes"
        REFUSES = "refuses", "Refuses"

    class Subject(models.TextChoices):
        EVALUATION = "evaluation", "To evaluate (or reevaluate) the student"
        IDENTIFICATION = "identification", "The student's identification (eligibility)"
        PLACEMENT = "placement", "The student's educational placement"
        FAPE = "fape", "The provision of a free appropriate public education (services)"
        EXIT = "exit", "Ending special education services"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="prior_written_notices")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="notices")
    action = models.CharField(max_length=10, choices=Action)
    subject = models.CharField(max_length=16, choices=Subject)
    # 34 CFR 300.503(b)(1)-(7), in order.
    action_description = models.TextField("what the district proposes or refuses")
    reasons = models.TextField("why the district proposes or refuses it")
    evaluation_basis = models.TextField(
        "each evaluation procedure, assessment, record or report used as the basis"
    )
    safeguards_statement = models.TextField(
        "procedural safeguards", help_text="That parents have protection under the procedural safeguards, and how "
        "to get a copy of them if this notice is not for an initial referral",
    )
    assistance_sources = models.TextField("where parents can get help understanding their rights")
    options_considered = models.TextField("other options considered and why they were rejected")
    other_factors = models.TextField("other factors relevant to the proposal or refusal", blank=True)
    language = models.CharField(
        max_length=8, choices=LANGUAGE_CHOICES, default="en",
        help_text="The parent's native language or other mode of communication (34 CFR 300.503(c))",
    )
    issued_on = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices_issued")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["student", "-issued_on"], name="pwn_student_recent")]

    def __str__(self) -> str:
        return f"Prior Written Notice: {self.get_action_display()} {self.get_subject_display().lower()}"
