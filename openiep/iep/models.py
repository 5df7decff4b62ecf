"""Step 5: the IEP document (34 CFR 300.320-300.324), its goals, services and accommodations, its versions.

One ``IEP`` row is one version of a student's program. A version is a draft until the team finalises
it; finalising stores an immutable snapshot with its content hash. An initial IEP then waits for the
parent's consent to services (300.300(b)); once consented (or, for later IEPs, once finalised) it is
*approved* and goes *in effect* on its start date, superseding the one before. The database allows one
IEP in effect per student at a time.

Narrative sections are fields of the IEP; each section has a revision number in ``section_revisions`` so
two people saving the same section see a conflict instead of overwriting each other. Goals, services and
accommodations are rows with their own ``revision``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class GoalArea(models.TextChoices):
    READING = "reading", "Reading"
    WRITING = "writing", "Written expression"
    MATH = "math", "Mathematics"
    COMMUNICATION = "communication", "Communication"
    SOCIAL_EMOTIONAL = "social_emotional", "Social-emotional"
    BEHAVIOR = "behavior", "Behaviour"
    MOTOR = "motor", "Motor"
    ADAPTIVE = "adaptive", "Adaptive / daily living"
    TRANSITION = "transition", "Transition"
    OTHER = "other", "Other"


class MeasurementMethod(models.TextChoices):
    CBM = "curriculum_based_measurement", "Curriculum-based measurement"
    WORK_SAMPLE = "work_sample", "Work samples"
    OBSERVATION = "observation", "Observation"
    DATA_COLLECTION = "data_collection", "Data collection (frequency, duration, trials)"
    RUBRIC = "rubric", "Rubric"
    CHECKLIST = "checklist", "Checklist"
    TEACHER_TEST = "teacher_made_test", "Teacher-made test"
    STANDARDIZED = "standardized_assessment", "Standardised assessment"
    SELF_REPORT = "self_report", "Student self-report"


class GradeBand(models.TextChoices):
    PK = "PK", "Preschool"
    K = "K", "Kindergarten"
    G1_2 = "1-2", "Grades 1-2"
    G3_5 = "3-5", "Grades 3-5"
    G6_8 = "6-8", "Grades 6-8"
    G9_12 = "9-12", "Grades 9-12"
    G18_21 = "18-21", "Ages 18-21"


class IEPQuerySet(models.QuerySet["IEP"]):
    def in_effect(self) -> IEPQuerySet:
        return self.filter(status=IEP.Status.IN_EFFECT)

    def drafts(self) -> IEPQuerySet:
        return self.filter(status=IEP.Status.DRAFT)


class IEP(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial IEP"
        ANNUAL = "annual", "Annual review"
        REEVALUATION = "reevaluation", "After a reevaluation"
        AMENDMENT = "amendment", "Amendment"
        TRANSFER = "transfer", "Transfer (new district)"
        OTHER = "other", "Other review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_CONSENT = "awaiting_consent", "Finalised, waiting for the parent's consent to services"
        APPROVED = "approved", "Finalised, starts on its start date"
        IN_EFFECT = "in_effect", "In effect"
        SUPERSEDED = "superseded", "Superseded"
        CONSENT_REFUSED = "consent_refused", "Parent refused consent to services"
        ENDED = "ended", "Ended"
        DISCARDED = "discarded", "Draft discarded"

    class ProgressReportSchedule(models.TextChoices):
        QUARTERLY = "quarterly", "Every quarter (with report cards)"
        TRIMESTER = "trimester", "Every trimester"
        SEMESTER = "semester", "Every semester"
        MONTHLY = "monthly", "Every month"

    class AssessmentParticipation(models.TextChoices):
        GENERAL = "general", "General assessment without accommodations"
        GENERAL_WITH_ACCOMMODATIONS = "general_accommodated", "General assessment with accommodations"
        ALTERNATE = "alternate", "Alternate assessment on alternate achievement standards"
        NOT_APPLICABLE = "not_applicable", "No assessment at this grade"

    class Setting(models.TextChoices):
        """Where the student is educated. The first value is an ordinary school, where the share of the day in
        the regular class decides the federal environment code; the others override it (EDFacts FS002/FS089)."""

        REGULAR_SCHOOL = "regular_school", "Public school with non-disabled peers"
        SEPARATE_SCHOOL = "separate_school", "Separate school"
        RESIDENTIAL = "residential", "Residential facility"
        HOMEBOUND = "homebound", "Homebound or hospital"
        CORRECTIONAL = "correctional", "Correctional facility"
        PRIVATE_BY_PARENT = "private_by_parent", "Parentally placed in a private school"
        # Early childhood (ages 3-5 not in kindergarten).
        EC_REGULAR_PROGRAM = "ec_regular_program", "Regular early-childhood program"
        EC_SEPARATE_CLASS = "ec_separate_class", "Separate special-education class"
        EC_HOME = "ec_home", "Home"
        EC_SERVICE_PROVIDER = "ec_service_provider", "Service provider's location"

    class ESY(models.TextChoices):
        NEEDED = "needed", "Needs extended school year services"
        NOT_NEEDED = "not_needed", "Does not need extended school year services"
        UNDECIDED = "undecided", "To be decided by the team (date set)"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="ieps")
    kind = models.CharField(max_length=16, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="1, 2, 3… for this student")
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_versions",
        help_text="The IEP this one carries forward or amends",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="ieps",
        help_text="The meeting that developed or reviewed this IEP (none for an amendment without a meeting)",
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(null=True, blank=True, help_text="Services begin")
    end_date = models.DateField(null=True, blank=True, help_text="The annual review is due by this date")
    shared_with_parents_at = models.DateTimeField(
        null=True, blank=True, help_text="The draft was shared with the parents before the meeting"
    )

    # 300.320(a)(1): present levels of academic achievement and functional performance.
    present_levels_academic = models.TextField("present levels: academic achievement", blank=True)
    present_levels_functional = models.TextField("present levels: functional performance", blank=True)
    disability_impact = models.TextField(
        "how the disability affects involvement and progress in the general curriculum", blank=True,
        help_text="For a preschool child: participation in appropriate activities",
    )
    parent_concerns = models.TextField("the parents' concerns for their child's education", blank=True)
    student_strengths = models.TextField("the student's strengths", blank=True)
    student_input = models.TextField("the student's interests, preferences and own input", blank=True)

    # 300.324(a)(2): special factors. None means not yet considered; True/False is the team's answer.
    factor_behavior = models.BooleanField(
        "behaviour impedes learning (theirs or others')", null=True, blank=True)
    factor_limited_english = models.BooleanField("limited English proficiency", null=True, blank=True)
    factor_blind = models.BooleanField("blind or visually impaired (Braille)", null=True, blank=True)
    factor_communication = models.BooleanField("communication needs", null=True, blank=True)
    factor_deaf = models.BooleanField("deaf or hard of hearing (language and mode)", null=True, blank=True)
    factor_assistive_technology = models.BooleanField("needs assistive technology", null=True, blank=True)
    special_factors_notes = models.TextField(
        "how the team addresses each special factor that applies", blank=True)
    behavior_plan_reference = models.CharField(
        "behaviour intervention plan", max_length=300, blank=True,
        help_text="The behaviour intervention plan this IEP relies on, where there is one",
    )

    # 300.320(a)(3): how progress is measured and reported.
    progress_report_schedule = models.CharField(max_length=12, choices=ProgressReportSchedule, blank=True)
    progress_report_method = models.TextField(
        "how the parents are told of progress", blank=True,
        help_text="For example: a written progress report with each report card",
    )

    # 300.320(a)(6): state and district assessments.
    state_assessment = models.CharField(max_length=22, choices=AssessmentParticipation, blank=True)
    district_assessment = models.CharField(max_length=22, choices=AssessmentParticipation, blank=True)
    alternate_assessment_reason = models.TextField(
        "why the student cannot take the regular assessment, and why the alternate one is appropriate", blank=True)

    # 300.320(a)(5) and 300.114-300.116: least restrictive environment.
    setting = models.CharField(max_length=22, choices=Setting, blank=True)
    school_week_minutes = models.PositiveIntegerField(
        "minutes in the school week", null=True, blank=True,
        help_text="The whole school week, lunch, recess and study periods included",
    )
    minutes_outside_regular_class = models.PositiveIntegerField(
        "minutes a week outside the regular class", null=True, blank=True,
        help_text="Worked out from the services delivered outside the regular class",
    )
    nonparticipation_explanation = models.TextField(
        "the extent the student will not take part with non-disabled peers, and why", blank=True)
    ec_program_hours_per_week = models.DecimalField(
        "hours a week in a regular early-childhood program", max_digits=4, decimal_places=1, null=True, blank=True)
    ec_services_in_program = models.BooleanField(
        "most services delivered in the regular early-childhood program", null=True, blank=True)
    environment_code = models.CharField(
        "federal educational environment", max_length=16, blank=True,
        help_text="EDFacts code derived from the setting and the time in the regular class",
    )

    # Extended school year (300.106).
    esy = models.CharField("extended school year", max_length=12, choices=ESY, blank=True)
    esy_notes = models.TextField(blank=True)

    # 300.320(b): transition, from the IEP in effect at the state's age.
    postsecondary_education_goal = models.TextField("postsecondary goal: education or training", blank=True)
    postsecondary_employment_goal = models.TextField("postsecondary goal: employment", blank=True)
    postsecondary_independent_living_goal = models.TextField(
        "postsecondary goal: independent living (where appropriate)", blank=True)
    transition_assessments = models.TextField(
        "age-appropriate transition assessments (with dates)", blank=True)
    transition_services = models.TextField("transition services", blank=True)
    course_of_study = models.TextField("course of study", blank=True)
    agencies_invited = models.TextField("agencies invited (with the parent's consent)", blank=True)

    # 300.320(c): age of majority.
    majority_informed_on = models.DateField(
        "the student was told of the rights that transfer at the age of majority", null=True, blank=True)

    section_revisions = models.JSONField(default=dict, blank=True, help_text="Section → revision number")

    # Finalised: the immutable record.
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    snapshot = models.JSONField(null=True, blank=True, help_text="Everything in the finalised IEP")
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the snapshot")
    consent = models.ForeignKey(
        "referrals.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="ieps",
        help_text="Consent to the initial provision of services (initial IEP only)",
    )
    notice = models.ForeignKey(
        "referrals.PriorWrittenNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="ieps")
    ended_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IEPQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["snapshot", "section_revisions"])

    class Meta:
        verbose_name = "IEP"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="in_effect"), name="one_iep_in_effect_per_student"),
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="draft"), name="one_draft_iep_per_student"),
            models.UniqueConstraint(fields=["student", "version"], name="iep_version_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="iep_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "discarded"]) | (
                    Q(finalized_at__isnull=False) & ~Q(content_hash="") & Q(start_date__isnull=False)
                    & Q(end_date__isnull=False)),
                name="iep_finalised_has_snapshot_and_dates"),
        ]
        indexes = [
            models.Index(fields=["student", "-version"], name="iep_student_recent"),
            models.Index(fields=["status", "end_date"], name="iep_status_end"),
        ]

    def __str__(self) -> str:
        return f"IEP v{self.version} ({self.get_kind_display()}, {self.get_status_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None


class Goal(models.Model):
    """A measurable annual goal (300.320(a)(2)(i)): condition, behaviour, criterion, how it is measured."""

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(default=1)
    area = models.CharField(max_length=20, choices=GoalArea)
    statement = models.TextField("annual goal", help_text="The goal as the team wrote it")
    baseline = models.TextField("baseline", blank=True, help_text="Where the student is now, with the data")
    condition = models.CharField(max_length=300, blank=True, help_text="Given…")
    behavior = models.CharField("behaviour", max_length=300, blank=True, help_text="What the student will do")
    criterion = models.CharField(max_length=300, blank=True, help_text="How well, how often: the standard to meet")
    measurement_method = models.CharField(max_length=32, choices=MeasurementMethod, blank=True)
    measurement_schedule = models.CharField(
        "how often measured", max_length=120, blank=True, help_text="For example: weekly probes")
    responsible = models.CharField("who is responsible", max_length=200, blank=True)
    unit = models.CharField(max_length=80, blank=True, help_text="What a progress data point counts")
    baseline_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    bank_key = models.CharField(max_length=60, blank=True, help_text="The goal-bank stem it started from")
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to",
        help_text="The same goal in the previous IEP")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, help_text="The same goal across versions")
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["iep", "order"], name="goal_iep_order")]

    def __str__(self) -> str:
        return f"Goal {self.order}: {self.get_area_display()}"


class Objective(models.Model):
    """A short-term objective or benchmark (300.320(a)(2)(ii): required for alternate assessments)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(default=1)
    description = models.TextField()
    target_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"Objective {self.order}"


class Service(models.Model):
    """A service the IEP promises (300.320(a)(4), (a)(7)): what, how often, how long, where, by whom, from when."""

    class Kind(models.TextChoices):
        SPECIAL_EDUCATION = "special_education", "Special education (specially designed instruction)"
        RELATED = "related", "Related service"
        SUPPLEMENTARY_AID = "supplementary_aid", "Supplementary aid or service"
        PROGRAM_MODIFICATION = "program_modification", "Program modification"
        PERSONNEL_SUPPORT = "personnel_support", "Support for school personnel"

    class Period(models.TextChoices):
        DAY = "day", "a day"
        WEEK = "week", "a week"
        MONTH = "month", "a month"
        YEAR = "year", "a year"

    class Location(models.TextChoices):
        REGULAR_CLASS = "regular_class", "General education classroom"
        SPECIAL_CLASS = "special_class", "Special education classroom"
        THERAPY_ROOM = "therapy_room", "Therapy room"
        COMMUNITY = "community", "Community"
        HOME = "home", "Home"
        BUS = "bus", "School bus"
        OTHER = "other", "Other"

    class Delivery(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        GROUP = "group", "Small group"
        CONSULT = "consult", "Consultation"

    class ProviderRole(models.TextChoices):
        SPED_TEACHER = "sped_teacher", "Special education teacher"
        GENED_TEACHER = "gened_teacher", "General education teacher"
        PARAPROFESSIONAL = "paraprofessional", "Paraprofessional"
        SPEECH_LANGUAGE = "speech_language", "Speech-language pathologist"
        OCCUPATIONAL_THERAPY = "occupational_therapy", "Occupational therapist"
        PHYSICAL_THERAPY = "physical_therapy", "Physical therapist"
        SCHOOL_PSYCHOLOGY = "school_psychology", "School psychologist"
        COUNSELING = "counseling", "School counsellor"
        SCHOOL_NURSE = "school_nurse", "School nurse"
        SOCIAL_WORK = "social_work", "Social worker"
        AUDIOLOGY = "audiology", "Audiologist"
        VISION = "vision", "Teacher of the visually impaired"
        ORIENTATION_MOBILITY = "orientation_mobility", "Orientation and mobility specialist"
        BEHAVIOR = "behavior", "Behaviour specialist"
        ADAPTED_PE = "adapted_pe", "Adapted PE teacher"
        INTERPRETING = "interpreting", "Educational interpreter"
        ASSISTIVE_TECHNOLOGY = "assistive_technology", "Assistive technology specialist"
        TRANSPORTATION = "transportation", "Transportation staff"

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="services")
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=22, choices=Kind)
    name = models.CharField("service", max_length=200, help_text="For example: specialised reading instruction")
    description = models.TextField(blank=True)
    provider_role = models.CharField(max_length=22, choices=ProviderRole, blank=True)
    minutes = models.PositiveIntegerField("minutes each time", null=True, blank=True)
    times = models.PositiveSmallIntegerField("times", null=True, blank=True)
    period = models.CharField("per", max_length=6, choices=Period, blank=True)
    location = models.CharField(max_length=14, choices=Location, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, help_text="The same service across versions")
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="service_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(minutes__isnull=True) | Q(minutes__gt=0), name="service_minutes_positive"),
        ]
        indexes = [models.Index(fields=["iep", "order"], name="service_iep_order")]

    def __str__(self) -> str:
        return self.name

    @property
    def inside_regular_class(self) -> bool:
        return self.location == self.Location.REGULAR_CLASS


class Accommodation(models.Model):
    """An accommodation or modification, for instruction, for tests, or both (300.320(a)(4), (a)(6))."""

    class AppliesTo(models.TextChoices):
        INSTRUCTION = "instruction", "Instruction"
        TESTING = "testing", "Tests and assessments"
        BOTH = "both", "Instruction and tests"

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="accommodations")
    order = models.PositiveSmallIntegerField(default=1)
    category = models.CharField(max_length=30, blank=True)
    applies_to = models.CharField(max_length=12, choices=AppliesTo)
    is_modification = models.BooleanField(
        default=False, help_text="Changes what the student is expected to learn, not only how")
    description = models.TextField()
    conditions = models.CharField("when and where", max_length=300, blank=True)
    bank_key = models.CharField(max_length=60, blank=True)
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, help_text="The same accommodation across versions")
    revision = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class GoalBankEntry(models.Model):
    """A goal stem to insert and individualise. Loaded from ``banks/goals.toml``; a district may add its own."""

    key = models.CharField(max_length=60, unique=True)
    area = models.CharField(max_length=20, choices=GoalArea)
    grade_bands = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=200)
    condition = models.CharField(max_length=300)
    behavior = models.CharField(max_length=300)
    criterion = models.CharField(max_length=300)
    method = models.CharField(max_length=32, choices=MeasurementMethod)
    unit = models.CharField(max_length=80)
    search_text = models.TextField(blank=True, help_text="Lower-case text searched by the bank")
    district = models.ForeignKey(
        "people.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="Empty for the entries OpenIEP ships")

    class Meta:
        ordering = ["area", "key"]
        indexes = [models.Index(fields=["area"], name="goalbank_area")]

    def __str__(self) -> str:
        return self.title


class AccommodationBankEntry(models.Model):
    key = models.CharField(max_length=60, unique=True)
    category = models.CharField(max_length=30)
    applies_to = models.CharField(max_length=12, choices=Accommodation.AppliesTo)
    title = models.CharField(max_length=200)
    text = models.TextField()
    grade_bands = models.JSONField(default=list, blank=True)
    search_text = models.TextField(blank=True)
    district = models.ForeignKey(
        "people.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["category", "key"]

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    """Who signed what, when and how: typed name, time and the document's hash, or an uploaded scan."""

    class Purpose(models.TextChoices):
        ATTENDANCE = "attendance", "Attended the meeting"
        CONSENT = "consent", "Consents to the services in this IEP"
        PARTIAL_CONSENT = "partial_consent", "Consents to part of the services"
        REFUSAL = "refusal", "Refuses consent to services"
        AMENDMENT_AGREEMENT = "amendment_agreement", "Agrees to amend the IEP without a meeting"
        EXCUSAL_AGREEMENT = "excusal_agreement", "Agrees to excuse a team member"

    class Method(models.TextChoices):
        ELECTRONIC = "electronic", "Signed electronically (name typed)"
        PAPER = "paper", "Signed on paper (scan uploaded)"
        IN_PERSON = "in_person", "Signed in person at the meeting"

    iep = models.ForeignKey(IEP, on_delete=models.PROTECT, related_name="signatures")
    purpose = models.CharField(max_length=20, choices=Purpose)
    method = models.CharField(max_length=12, choices=Method)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signer_name = models.CharField(max_length=200, help_text="The name as typed or as on the paper")
    signer_role = models.CharField(max_length=100, blank=True)
    signed_at = models.DateTimeField()
    document_hash = models.CharField(max_length=64, help_text="SHA-256 of what was signed")
    scan = models.FileField(upload_to="signatures/%Y/%m/", blank=True)
    declined_services = models.TextField(
        blank=True, help_text="Partial consent: the services the parent does not consent to")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(method="paper") | ~Q(scan=""), name="paper_signature_has_scan"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name}: {self.get_purpose_display()}"
