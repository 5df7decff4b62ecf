"""Procedural safeguards (34 CFR 300.500-300.536, 300.613-300.621): what the district owes the parents and when.

- ``SafeguardsNotice``: each time the procedural safeguards notice was given (300.504(a)).
- ``RecordsRequest``: a parent asks to see the education records (300.613), answered within 45 days and
  before any meeting or hearing.
- ``AmendmentRequest``: a parent asks to amend a record (300.618-300.621), the decision, and the parent's
  statement of disagreement kept with the record.
- ``IEERequest``: an Independent Educational Evaluation at public expense (300.502): the district pays or
  files for a hearing without unnecessary delay (a number of days the district sets: ``SafeguardsPolicy``).
- ``Dispute``: a state complaint (300.151-153), mediation (300.506) or a due process complaint (300.507-518,
  expedited 300.532), with the stay-put placement (300.518). Its clocks come from ``rules.dispute_clocks``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from openiep.lib.languages import LANGUAGE_CHOICES


class SafeguardsPolicy(models.Model):
    """A district's own choices where the law says "without unnecessary delay" (data, not code)."""

    district = models.OneToOneField("people.District", on_delete=models.PROTECT, related_name="safeguards_policy")
    iee_response_days = models.PositiveSmallIntegerField(
        default=15, help_text="Calendar days to pay for an IEE or file for a hearing (34 CFR 300.502(b)(2))",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "safeguards policies"
        constraints = [
            models.CheckConstraint(condition=Q(iee_response_days__gte=1, iee_response_days__lte=90),
                                   name="iee_response_days_between_1_and_90"),
        ]

    def __str__(self) -> str:
        return f"Safeguards policy of {self.district}"


class SafeguardsNotice(models.Model):
    """The procedural safeguards notice given to the parents (34 CFR 300.504(a)); its triggers as codes.json says."""

    class Trigger(models.TextChoices):
        ANNUAL = "annual", "Once a school year"
        INITIAL_REFERRAL = "initial_referral", "Initial referral or parent request for evaluation"
        STATE_COMPLAINT = "state_complaint", "First state complaint in a school year"
        DUE_PROCESS = "due_process", "First due process complaint in a school year"
        DISCIPLINE = "discipline", "Disciplinary change of placement (34 CFR 300.530(h))"
        REQUEST = "request", "Parent request"

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "Handed to the parent"
        MAIL = "mail", "Mailed"
        EMAIL = "email", "Emailed"
        PORTAL = "portal", "Family portal"
        MEETING = "meeting", "Given at a meeting"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="safeguards_notices")
    given_on = models.DateField()
    trigger = models.CharField(max_length=20, choices=Trigger)
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="safeguards_notices", help_text="To whom")
    given_to_name = models.CharField(max_length=200, blank=True, help_text="To whom, if not a guardian on file")
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    method = models.CharField(max_length=12, choices=Method)
    notes = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="safeguards_notices_recorded")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["student", "-given_on"], name="safeguards_notice_student")]

    def __str__(self) -> str:
        return f"Procedural safeguards notice to {self.guardian or self.given_to_name} on {self.given_on:%Y-%m-%d}"


class NoticeRequest(models.Model):
    """A parent asked for a copy of the procedural safeguards notice (300.504(a)(4)); answered by a notice given."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="safeguards_notice_requests")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="safeguards_notice_requests")
    requested_on = models.DateField()
    language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="safeguards_notice_requests")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["student", "-requested_on"], name="notice_request_student")]

    def __str__(self) -> str:
        return f"Request for the safeguards notice for {self.student} on {self.requested_on:%Y-%m-%d}"


class RecordsRequest(models.Model):
    """A parent's request to inspect and review the education records (34 CFR 300.613)."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="records_requests")
    requested_on = models.DateField()
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="records_requests")
    requested_by_name = models.CharField(max_length=200, blank=True)
    records_wanted = models.TextField(help_text="Which records the parent asked to see")
    meeting_on = models.DateField(null=True, blank=True,
                                  help_text="The next IEP meeting or hearing: the records must be shown before it")
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True, help_text="How access was given: reviewed with, copies sent, …")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="records_requests_answered")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="records_requests_entered")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("requested_on")),
                                   name="records_request_answer_after_request"),
        ]
        indexes = [
            models.Index(fields=["student", "-requested_on"], name="records_request_student"),
            models.Index(fields=["answered_on", "requested_on"], name="records_request_open"),
        ]

    def __str__(self) -> str:
        return f"Records request for {self.student} on {self.requested_on:%Y-%m-%d}"


class AmendmentRequest(models.Model):
    """A parent's request to amend a record they believe inaccurate or misleading (34 CFR 300.618-300.621)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for the district's decision"
        AMENDED = "amended", "Amended as asked"
        REFUSED = "refused", "Refused (the parent may ask for a hearing, 300.619)"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="amendment_requests")
    requested_on = models.DateField()
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="amendment_requests")
    record_description = models.CharField(max_length=300, help_text="Which record")
    requested_change = models.TextField(help_text="What is wrong and what it should say")
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="amendment_requests_decided")
    disagreement_statement = models.TextField(
        blank=True, help_text="The parent's statement, kept with the record as long as it is kept (300.621(b))",
    )
    statement_added_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="amendment_requests_entered")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision="pending") | Q(decided_on__isnull=False),
                                   name="amendment_decision_has_date"),
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("requested_on")),
                                   name="amendment_decided_after_request"),
            models.CheckConstraint(condition=Q(disagreement_statement="") | Q(decision="refused"),
                                   name="amendment_statement_only_after_refusal"),
        ]
        indexes = [
            models.Index(fields=["student", "-requested_on"], name="amendment_student"),
            models.Index(fields=["decision", "requested_on"], name="amendment_open"),
        ]

    def __str__(self) -> str:
        return f"Amendment request for {self.student}: {self.record_description}"


class IEERequest(models.Model):
    """A parent's request for an Independent Educational Evaluation at public expense (34 CFR 300.502)."""

    class Response(models.TextChoices):
        PENDING = "pending", "Waiting for the district's answer"
        FUNDED = "funded", "The district pays for the IEE"
        HEARING_FILED = "hearing_filed", "The district filed for a hearing to defend its evaluation"
        WITHDRAWN = "withdrawn", "Withdrawn by the parent"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="iee_requests")
    evaluation = models.ForeignKey("evaluations.Evaluation", on_delete=models.PROTECT, related_name="iee_requests",
                                   help_text="The district's evaluation the parent disagrees with")
    requested_on = models.DateField()
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="iee_requests")
    reason = models.TextField(blank=True, help_text="The parent may explain why, but does not have to (300.502(b)(4))")
    response_days = models.PositiveSmallIntegerField(help_text="The district's days to answer when it was asked")
    response = models.CharField(max_length=14, choices=Response, default=Response.PENDING)
    responded_on = models.DateField(null=True, blank=True)
    response_notes = models.TextField(blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="iee_requests_answered")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="iee_requests_entered")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            # One publicly funded IEE for each evaluation the parent disagrees with (300.502(b)(5)).
            models.UniqueConstraint(fields=["evaluation"], condition=Q(response="funded"),
                                    name="one_funded_iee_per_evaluation"),
            models.CheckConstraint(condition=Q(response="pending") | Q(responded_on__isnull=False),
                                   name="iee_response_has_date"),
            models.CheckConstraint(condition=Q(responded_on__isnull=True) | Q(responded_on__gte=F("requested_on")),
                                   name="iee_response_after_request"),
        ]
        indexes = [
            models.Index(fields=["student", "-requested_on"], name="iee_student"),
            models.Index(fields=["response", "requested_on"], name="iee_open"),
        ]

    def __str__(self) -> str:
        return f"IEE request for {self.student} on {self.requested_on:%Y-%m-%d}"


class Dispute(models.Model):
    """A disagreement taken further: state complaint, mediation or due process complaint (regular or expedited)."""

    class Kind(models.TextChoices):
        STATE_COMPLAINT = "state_complaint", "State complaint"
        MEDIATION = "mediation", "Mediation"
        DUE_PROCESS = "due_process", "Due process complaint"
        EXPEDITED = "expedited", "Expedited due process complaint (discipline)"

    class FiledBy(models.TextChoices):
        PARENT = "parent", "The parent"
        DISTRICT = "district", "The district"
        OTHER = "other", "Another person or organisation (state complaints)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved by agreement"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="disputes")
    kind = models.CharField(max_length=16, choices=Kind)
    filed_by = models.CharField(max_length=10, choices=FiledBy, default=FiledBy.PARENT)
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="disputes")
    filed_on = models.DateField(help_text="The day the complaint or request was received; the clocks count from it")
    summary = models.TextField(help_text="The problem, with the facts (300.508(b)(5))")
    proposed_resolution = models.TextField(blank=True, help_text="What would resolve it (300.508(b)(6))")
    stay_put_placement = models.TextField(
        blank=True, help_text="Where the child stays while the complaint is pending (34 CFR 300.518)",
    )
    district_response_on = models.DateField(null=True, blank=True, help_text="Response to the complaint sent")
    resolution_meeting_on = models.DateField(null=True, blank=True)
    resolution_waived = models.BooleanField(default=False, help_text="Both sides agreed in writing to skip it")
    hearing_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True, help_text="Decision, agreement or withdrawal")
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="disputes_entered")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | Q(closed_on__isnull=False),
                                   name="dispute_closed_has_date"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                                   name="dispute_closed_after_filed"),
        ]
        indexes = [
            models.Index(fields=["student", "-filed_on"], name="dispute_student"),
            models.Index(fields=["status", "filed_on"], name="dispute_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.student} filed {self.filed_on:%Y-%m-%d}"
