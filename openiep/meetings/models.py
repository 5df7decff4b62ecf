"""IEP team meetings (34 CFR 300.321-300.322, 300.328): scheduling, the notice, who comes, parent input.

A meeting is scheduled, its notice goes to the parents early enough (the state's number of days is data
in the law profile), each invitee gets an iCalendar invitation, the parents (and their advocate) can send
their input before it, and on the day attendance is recorded: the required members are checked and an
excusal needs the parent's written agreement or consent (300.321(e)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial IEP meeting"
        ANNUAL = "annual", "Annual review"
        REEVALUATION = "reevaluation", "Reevaluation review"
        AMENDMENT = "amendment", "Amendment"
        TRANSFER = "transfer", "Transfer review"
        MANIFESTATION = "manifestation", "Manifestation determination review"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video conference"
        PHONE = "phone", "Conference call"
        HYBRID = "hybrid", "In person, with some by video or phone"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=16, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    purpose = models.TextField(help_text="What the meeting is for, in plain words (300.322(b))")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=300, help_text="Room and school, or the video/phone details")
    modality = models.CharField(max_length=10, choices=Modality, default=Modality.IN_PERSON)
    alternative_means_agreed = models.BooleanField(
        default=False, help_text="The parent agreed to meet by video or phone (300.328)")
    transition_discussed = models.BooleanField(
        default=False, help_text="Postsecondary goals and transition services will be discussed (300.322(b)(2))")
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=8, blank=True)
    interpreter_provided = models.BooleanField(null=True, blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    notice_method = models.CharField(max_length=60, blank=True, help_text="Mail, email, family portal, sent home…")
    held_on = models.DateField(null=True, blank=True)
    minutes_notes = models.TextField("notes of the meeting", blank=True)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    ics_sequence = models.PositiveIntegerField(default=0, help_text="Bumped when the time or place changes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="held") | Q(held_on__isnull=False), name="held_meeting_has_date"),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="meeting_duration_positive"),
        ]
        indexes = [
            models.Index(fields=["student", "-starts_at"], name="meeting_student_recent"),
            models.Index(fields=["status", "starts_at"], name="meeting_status_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%Y-%m-%d}"


class Participant(models.Model):
    """An invitee: a team member (user), a parent (guardian) or anyone else by name, and what they did."""

    class Role(models.TextChoices):
        PARENT = "parent", "Parent"
        REGULAR_ED_TEACHER = "regular_ed_teacher", "Regular education teacher"
        SPECIAL_ED_TEACHER = "special_ed_teacher", "Special education teacher or provider"
        LEA_REPRESENTATIVE = "lea_representative", "District representative (LEA)"
        EVALUATION_INTERPRETER = "evaluation_interpreter", "Interprets evaluation results"
        RELATED_SERVICE = "related_service", "Related-service provider"
        STUDENT = "student", "Student"
        AGENCY = "agency", "Transition agency representative"
        PART_C = "part_c", "Part C service coordinator"
        ADVOCATE = "advocate", "Advocate or person with knowledge of the child"
        LANGUAGE_INTERPRETER = "language_interpreter", "Language interpreter"
        OTHER = "other", "Other"

    class Attendance(models.TextChoices):
        INVITED = "invited", "Invited"
        ATTENDED = "attended", "Attended"
        EXCUSED = "excused", "Excused"
        ABSENT = "absent", "Did not attend"

    class Excusal(models.TextChoices):
        AGREED_NOT_NEEDED = "agreed", "Area not discussed: parent and district agreed in writing"
        CONSENTED_WITH_INPUT = "consented", "Area discussed: parent consented in writing, written input given"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=24, choices=Role)
    also_interprets_evaluations = models.BooleanField(
        default=False, help_text="This member also interprets the evaluation results (300.321(a)(5))")
    attendance = models.CharField(max_length=10, choices=Attendance, default=Attendance.INVITED)
    attended_by = models.CharField(max_length=10, choices=Meeting.Modality, blank=True)
    excusal = models.CharField(max_length=10, choices=Excusal, blank=True)
    excusal_agreed_on = models.DateField(null=True, blank=True, help_text="The parent's written agreement or consent")
    written_input_on = models.DateField(null=True, blank=True)
    written_input = models.TextField(blank=True, help_text="The member's written input, given before the meeting")
    agency_consent_on = models.DateField(
        null=True, blank=True, help_text="The parent's consent to invite this agency's representative (300.321(b)(3))")
    signed_name = models.CharField(max_length=200, blank=True, help_text="Attendance signature: name as typed")
    signed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(attendance="excused") | (~Q(excusal="") & Q(excusal_agreed_on__isnull=False)),
                name="excused_member_has_written_agreement"),
            models.CheckConstraint(
                condition=~Q(excusal="consented") | Q(written_input_on__isnull=False),
                name="excused_with_consent_gave_written_input"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ParentInput(models.Model):
    """What the parents (or their advocate) send before the meeting: concerns, strengths, their vision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parent_inputs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=200)
    concerns = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    vision = models.TextField("hopes and vision for the child", blank=True)
    other = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(concerns="") | ~Q(strengths="") | ~Q(vision="") | ~Q(other=""),
                name="parent_input_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Input from {self.author_name}"
