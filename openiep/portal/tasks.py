"""Background email of the family portal (django-tasks; run by ``openiep db_worker``), never in the request.

``send_invitation`` makes the one-time token itself, stores only its hash and emails the link, in the
parent's preferred language: the token is never written to the database or the task queue.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from openiep.compliance.tasks import site_url
from openiep.portal import rules
from openiep.portal.models import Invitation

log = logging.getLogger(__name__)


def language_for(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@task()
def send_invitation(invitation_id: int) -> bool:
    invitation = Invitation.objects.select_related("guardian", "guardian__district").filter(pk=invitation_id).first()
    if invitation is None or invitation.used_at or invitation.replaced_at or invitation.sent_at:
        return False
    token = rules.new_token()
    invitation.token_sha256 = rules.token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_sha256", "sent_at"])
    guardian = invitation.guardian
    with translation.override(language_for(guardian.preferred_language)):
        context = {
            "guardian": guardian, "district": guardian.district, "expires_at": invitation.expires_at,
            "link": site_url() + reverse("portal_invitation", kwargs={"token": token}),
            "days": rules.INVITATION_DAYS,
        }
        subject = render_to_string("portal/email/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(subject=subject,
                                         body=render_to_string("portal/email/invitation.txt", context),
                                         from_email=settings.DEFAULT_FROM_EMAIL, to=[invitation.email])
        message.attach_alternative(render_to_string("portal/email/invitation.html", context), "text/html")
    message.send()
    log.info("portal invitation %s sent", invitation.pk)
    return True
