"""The family portal's own records: invitations to open an account, and electronic signatures.

- ``Invitation``: a link a staff member sends a parent (guardian) by email. Only the SHA-256 of the token is
  stored; the link expires and works once.
- ``ElectronicSignature``: what a parent signed in the portal (a consent given or refused, a revocation): the
  typed name, when, how, and the hash of the document as it was shown, so a later change is detectable.
  Written once, never changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Invitation(models.Model):
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, related_name="portal_invitations")
    email = models.EmailField(help_text="Where the link was sent")
    token_sha256 = models.CharField(max_length=64, blank=True,
                                    help_text="Set when the email is sent; the token itself is never stored")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="portal_invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True, help_text="A newer invitation was sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="portal_invitations_accepted")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["token_sha256"], condition=~Q(token_sha256=""),
                                    name="invitation_unique_token"),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                   name="invitation_expires_after_creation"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.guardian} ({self.email})"


class ElectronicSignature(models.Model):
    class Answer(models.TextChoices):
        GRANTED = "granted", "Gave consent"
        REFUSED = "refused", "Refused consent"
        REVOKED = "revoked", "Revoked consent in writing"

    consent = models.ForeignKey("referrals.Consent", on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    guardian = models.ForeignKey("people.Guardian", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="signatures")
    answer = models.CharField(max_length=10, choices=Answer)
    signed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    how = models.CharField(max_length=100, default="Typed name in the family portal")
    document_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the document the parent was shown")
    statement = models.TextField(blank=True, help_text="The parent's own words (a revocation in writing)")
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["consent", "-signed_at"], name="signature_consent")]

    def __str__(self) -> str:
        return f"{self.get_answer_display()}: {self.signed_name} at {self.signed_at:%Y-%m-%d %H:%M}"
