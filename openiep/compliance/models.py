"""Stored school calendars and computed deadlines.

The pure engine (``deadlines.compute_deadlines``) decides every date. This module only keeps its
answers, so dashboards are plain indexed queries: recomputed when a case's events, the district's
calendar or its law profile change (``services.deadlines_recompute``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class CalendarUpload(models.Model):
    """A district's school calendar as published (iCalendar). The newest upload is the one in force."""

    district = models.ForeignKey("people.District", on_delete=models.PROTECT, related_name="calendar_uploads")
    name = models.CharField(max_length=200, help_text="The file's name, e.g. district-calendar-2026-27.ics")
    ics = models.TextField(help_text="The iCalendar text as uploaded")
    summary = models.CharField(max_length=300, blank=True, help_text="What the parser found: years, closures")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["district", "-uploaded_at"], name="calendar_district_latest")]

    def __str__(self) -> str:
        return self.name


class DeadlineQuerySet(models.QuerySet["Deadline"]):
    def dated(self) -> DeadlineQuerySet:
        return self.filter(due_on__isnull=False, kind=Deadline.Kind.DEADLINE)

    def open(self) -> DeadlineQuerySet:
        return self.dated().filter(done_on__isnull=True)

    def overdue(self, today) -> DeadlineQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_between(self, first, last) -> DeadlineQuerySet:
        return self.open().filter(due_on__gte=first, due_on__lte=last)


class Deadline(models.Model):
    """One rule of the law applied to one student's case: due date, what it counts from, and why."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", "Must be done by"
        EARLIEST = "earliest", "Not before"

    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="deadlines")
    # Denormalised from the student so the school and district dashboards filter one indexed table.
    district = models.ForeignKey("people.District", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("people.School", on_delete=models.CASCADE, related_name="+")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines_owed",
        help_text="Who owes it: the case manager, or for evaluation areas the evaluator",
    )
    rule_id = models.CharField(max_length=60)
    cycle = models.CharField(
        max_length=40, blank=True,
        help_text="Which referral the rule belongs to (\"referral-12\"), so an earlier cycle's deadlines stay on "
        "record for Indicator 11; blank for rules that follow the student (annual review, transition age)",
    )
    label = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.DEADLINE)
    jurisdiction = models.CharField(max_length=10)
    citation = models.CharField(max_length=200)
    confidence = models.CharField(max_length=1, help_text="V verified, R recalled, U uncertain (law.md)")
    start_event = models.CharField(max_length=40)
    start_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_event = models.CharField(max_length=40, blank=True)
    done_on = models.DateField(null=True, blank=True)
    estimated = models.BooleanField(default=False, help_text="Counted without the district's school calendar")
    no_date_reason = models.CharField(max_length=300, blank=True)
    explanation = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["student", "rule_id", "cycle"], name="deadline_one_per_rule_and_cycle"),
        ]
        indexes = [
            # "What is overdue / due soon" for the district, a school and a person: open rows by due date.
            # Covers the district dashboard's counts by school and person (an index-only scan on PostgreSQL).
            models.Index(fields=["district", "due_on", "school", "responsible", "kind"],
                         condition=Q(done_on__isnull=True), name="deadline_open_district"),
            models.Index(fields=["school", "due_on"], condition=Q(done_on__isnull=True), name="deadline_open_school"),
            models.Index(
                fields=["responsible", "due_on"], condition=Q(done_on__isnull=True), name="deadline_open_person"
            ),
            # Indicator 11: initial evaluations met or late over a date range.
            models.Index(fields=["district", "rule_id", "start_on"], name="deadline_rule_start"),
        ]

    def __str__(self) -> str:
        return f"{self.label} for {self.student_id}: {self.due_on}"

    @property
    def days_late(self) -> int | None:
        if self.due_on and self.done_on and self.done_on > self.due_on:
            return (self.done_on - self.due_on).days
        return None
