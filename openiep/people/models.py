"""People and organisation: the district, its schools and years, students, families, staff and teams.

Every later step of the process hangs off ``Student``; access to a student is decided in
``openiep.access.policy`` from the facts stored here (team, classes, school, guardianship, grants).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from openiep.lib.languages import LANGUAGE_CHOICES


class USState(models.TextChoices):
    """States whose law profile a district can select; the federal default applies to any other."""

    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"
    PR = "PR", "Puerto Rico"


class GradeLevel(models.TextChoices):
    """OneRoster / CEDS grade codes, so roster files map one to one."""

    INFANT = "IT", "Infant/toddler"
    PRESCHOOL = "PR", "Preschool"
    PREK = "PK", "Pre-kindergarten"
    TK = "TK", "Transitional kindergarten"
    KINDERGARTEN = "KG", "Kindergarten"
    G01 = "01", "Grade 1"
    G02 = "02", "Grade 2"
    G03 = "03", "Grade 3"
    G04 = "04", "Grade 4"
    G05 = "05", "Grade 5"
    G06 = "06", "Grade 6"
    G07 = "07", "Grade 7"
    G08 = "08", "Grade 8"
    G09 = "09", "Grade 9"
    G10 = "10", "Grade 10"
    G11 = "11", "Grade 11"
    G12 = "12", "Grade 12"
    G13 = "13", "Grade 13"
    POSTSECONDARY = "PS", "Postsecondary (transition program)"
    UNGRADED = "UG", "Ungraded"
    OTHER = "Other", "Other"


class District(models.Model):
    """A local education agency (LEA). Its state selects the law profile for every deadline."""

    name = models.CharField(max_length=200)
    state = models.CharField(max_length=2, choices=USState)
    nces_id = models.CharField("NCES LEA id", max_length=12, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True, help_text="Id in the student information system")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"], condition=~Q(sourced_id=""), name="district_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    nces_id = models.CharField("NCES school id", max_length=12, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "sourced_id"], condition=~Q(sourced_id=""), name="school_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="school_years")
    name = models.CharField(max_length=20, help_text="For example 2026-27")
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "start_date"], name="school_year_unique_start"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="school_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Anyone who signs in: staff, parents, advocates and students who hold their own rights."""

    class Role(models.TextChoices):
        DISTRICT_ADMIN = "district_admin", "District administrator"
        SCHOOL_ADMIN = "school_admin", "School administrator"
        CASE_MANAGER = "case_manager", "Case manager"
        SPED_TEACHER = "sped_teacher", "Special education teacher"
        GENED_TEACHER = "gened_teacher", "General education teacher"
        PROVIDER = "provider", "Related-service provider"
        EVALUATOR = "evaluator", "Evaluator"
        AUDITOR = "auditor", "Compliance reviewer (read-only)"
        PARENT = "parent", "Parent or guardian"
        ADVOCATE = "advocate", "Advocate"
        STUDENT = "student", "Student"

    class Discipline(models.TextChoices):
        SPEECH_LANGUAGE = "speech_language", "Speech-language pathology"
        OCCUPATIONAL_THERAPY = "occupational_therapy", "Occupational therapy"
        PHYSICAL_THERAPY = "physical_therapy", "Physical therapy"
        SCHOOL_PSYCHOLOGY = "school_psychology", "School psychology"
        COUNSELING = "counseling", "Counselling"
        SCHOOL_NURSE = "school_nurse", "School nursing"
        SOCIAL_WORK = "social_work", "Social work"
        AUDIOLOGY = "audiology", "Audiology"
        VISION = "vision", "Vision services"
        ORIENTATION_MOBILITY = "orientation_mobility", "Orientation and mobility"
        BEHAVIOR = "behavior", "Behaviour support"
        ADAPTED_PE = "adapted_pe", "Adapted physical education"
        INTERPRETING = "interpreting", "Interpreting"
        ASSISTIVE_TECHNOLOGY = "assistive_technology", "Assistive technology"

    role = models.CharField(max_length=20, choices=Role)
    discipline = models.CharField(max_length=30, choices=Discipline, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        help_text="The school a school administrator runs, or a staff member's home school",
    )
    title = models.CharField(max_length=120, blank=True)
    preferred_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    sourced_id = models.CharField(max_length=255, blank=True)

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "sourced_id"], condition=~Q(sourced_id=""), name="user_unique_sourced_id"
            ),
            models.CheckConstraint(
                condition=Q(role="school_admin", school__isnull=False) | ~Q(role="school_admin"),
                name="school_admin_has_school",
            ),
        ]
        indexes = [models.Index(fields=["district", "role"], name="user_district_role")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_family(self) -> bool:
        return self.role in {self.Role.PARENT, self.Role.ADVOCATE, self.Role.STUDENT}


class StudentQuerySet(models.QuerySet["Student"]):
    def active(self) -> StudentQuerySet:
        return self.filter(is_active=True)

    def for_list(self) -> StudentQuerySet:
        """What every student list shows, in one query whatever the page size."""
        return self.select_related("school").only(
            "id", "first_name", "last_name", "preferred_name", "local_id", "grade", "date_of_birth",
            "is_active", "school__id", "school__name",
        )


class Student(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        NONBINARY = "X", "Non-binary"
        UNSPECIFIED = "U", "Not specified"

    class RaceEthnicity(models.TextChoices):
        """The seven federal reporting categories (EDFacts codes)."""

        HISPANIC = "HI7", "Hispanic/Latino"
        AMERICAN_INDIAN = "AM7", "American Indian or Alaska Native"
        ASIAN = "AS7", "Asian"
        BLACK = "BL7", "Black or African American"
        PACIFIC_ISLANDER = "PI7", "Native Hawaiian or other Pacific Islander"
        WHITE = "WH7", "White"
        TWO_OR_MORE = "MU7", "Two or more races"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="students")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    local_id = models.CharField("local student id", max_length=40)
    state_id = models.CharField("state student id", max_length=40, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    grade = models.CharField(max_length=5, choices=GradeLevel, blank=True)
    sex = models.CharField(max_length=1, choices=Sex, default=Sex.UNSPECIFIED)
    hispanic_latino = models.BooleanField(null=True, blank=True)
    american_indian = models.BooleanField(default=False)
    asian = models.BooleanField(default=False)
    black = models.BooleanField(default=False)
    pacific_islander = models.BooleanField(default=False)
    white = models.BooleanField(default=False)
    race_ethnicity = models.CharField(
        max_length=3, choices=RaceEthnicity, blank=True,
        help_text="Derived from the fields above by people.rules.federal_race_ethnicity",
    )
    english_learner = models.BooleanField(default=False)
    home_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    enrolled_on = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    rights_transferred_on = models.DateField(
        null=True, blank=True,
        help_text="The day educational rights moved to the student at the age of majority (34 CFR 300.520)",
    )
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="student_record",
        help_text="The student's own sign-in, used once rights have transferred",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "local_id"], name="student_unique_local_id"),
            models.UniqueConstraint(
                fields=["district", "sourced_id"], condition=~Q(sourced_id=""), name="student_unique_sourced_id"
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(enrolled_on__isnull=True) | Q(exited_on__gte=models.F("enrolled_on")),
                name="student_exit_after_enrolment",
            ),
        ]
        indexes = [
            # Lists sort by name within a school or the district.
            models.Index(fields=["school", "last_name", "first_name"], name="student_school_name"),
            models.Index(fields=["district", "last_name", "first_name"], name="student_district_name"),
            models.Index(fields=["updated_at"], name="student_updated_at"),
            models.Index(fields=["district", "state_id"], name="student_state_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    @property
    def sorted_name(self) -> str:
        return f"{self.last_name}, {self.preferred_name or self.first_name}"


class Guardian(models.Model):
    """A parent in the sense of 34 CFR 300.30: natural, adoptive or foster parent, guardian, surrogate…"""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="guardians")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    needs_interpreter = models.BooleanField(default=False)
    sourced_id = models.CharField(max_length=255, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="guardian_profile",
        help_text="The family portal account, once the parent has accepted an invitation",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "sourced_id"], condition=~Q(sourced_id=""), name="guardian_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Guardianship(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        LEGAL_GUARDIAN = "guardian", "Legal guardian"
        FOSTER_PARENT = "foster_parent", "Foster parent"
        GRANDPARENT = "grandparent", "Grandparent"
        RELATIVE = "relative", "Other relative"
        SURROGATE = "surrogate", "Surrogate parent"
        OTHER = "other", "Other"

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="guardianships")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="guardianships")
    relationship = models.CharField(max_length=20, choices=Relationship)
    holds_educational_rights = models.BooleanField(
        default=True, help_text="Makes educational decisions: consents, signs, is invited as the parent"
    )
    is_surrogate = models.BooleanField(default=False, help_text="Appointed under 34 CFR 300.519")
    has_record_access = models.BooleanField(
        default=True, help_text="Off only where a court order or state law removes access (FERPA 99.4)"
    )
    lives_with_student = models.BooleanField(default=True)
    emergency_contact = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="guardianship_unique_pair"),
            models.CheckConstraint(
                condition=Q(is_surrogate=False) | Q(relationship="surrogate"),
                name="surrogate_flag_matches_relationship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} ({self.get_relationship_display()}) of {self.student}"


class TeamMembershipQuerySet(models.QuerySet["TeamMembership"]):
    def active(self, on: date | None = None) -> TeamMembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


class TeamMembership(models.Model):
    """Who is on a student's team, in what role, since when. The history of a team is kept, not overwritten."""

    class TeamRole(models.TextChoices):
        CASE_MANAGER = "case_manager", "Case manager"
        SPED_TEACHER = "sped_teacher", "Special education teacher"
        GENED_TEACHER = "gened_teacher", "General education teacher"
        PROVIDER = "provider", "Related-service provider"
        SCHOOL_PSYCHOLOGIST = "school_psychologist", "School psychologist"
        LEA_REPRESENTATIVE = "lea_representative", "LEA representative"
        EVALUATOR = "evaluator", "Evaluator"
        INTERPRETER = "interpreter", "Interpreter"
        OTHER = "other", "Other"

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="team")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField(max_length=30, choices=TeamRole)
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="team_membership_end_after_start",
            ),
            # One case manager at a time: the person who owes the next action must be unambiguous.
            models.UniqueConstraint(
                fields=["student"], condition=Q(role="case_manager", end_date__isnull=True),
                name="one_open_case_manager_per_student",
            ),
            models.UniqueConstraint(
                fields=["student", "member", "role"], condition=Q(end_date__isnull=True),
                name="team_membership_no_open_duplicate",
            ),
        ]
        indexes = [
            # The access policy and caseload pages look up "students whose team I am on".
            models.Index(fields=["member", "end_date", "student"], name="team_member_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()} for {self.student}"


class Section(models.Model):
    """A class (OneRoster "class"): general-education teachers see the students they teach."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="sections")
    title = models.CharField(max_length=200)
    code = models.CharField(max_length=60, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "sourced_id"], condition=~Q(sourced_id=""), name="section_unique_sourced_id"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SectionEnrollment(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        TEACHER = "teacher", "Teacher"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=10, choices=Role)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="enrollments")
    teacher = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="teaching")
    begin_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    sourced_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="student", student__isnull=False, teacher__isnull=True)
                           | Q(role="teacher", teacher__isnull=False, student__isnull=True)),
                name="section_enrollment_one_person",
            ),
            models.UniqueConstraint(
                fields=["section", "sourced_id"], condition=~Q(sourced_id=""), name="enrollment_unique_sourced_id"
            ),
        ]
        indexes = [
            models.Index(fields=["teacher", "section"], name="enrollment_teacher"),
            models.Index(fields=["section", "student"], name="enrollment_section_student"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher or self.student} in {self.section_id}"


class AdvocateGrantQuerySet(models.QuerySet["AdvocateGrant"]):
    def in_force(self, at=None) -> AdvocateGrantQuerySet:
        now = at or timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=now, expires_at__gt=now)


class AdvocateGrant(models.Model):
    """A parent's time-limited, revocable permission for an advocate to see one child's records."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="advocate_grants")
    advocate = models.ForeignKey(User, on_delete=models.PROTECT, related_name="advocate_grants")
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="advocate_grants_given")
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()
    objects = AdvocateGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("starts_at")), name="grant_expires_after_start"),
        ]
        indexes = [models.Index(fields=["advocate", "expires_at"], name="grant_advocate_scope")]

    def __str__(self) -> str:
        return f"{self.advocate} for {self.student} through {self.last_day:%Y-%m-%d}"

    @property
    def last_day(self) -> date:
        """The last day of access as the parent chose it (expires_at is midnight after that day)."""
        return timezone.localtime(self.expires_at - timedelta(microseconds=1)).date()
