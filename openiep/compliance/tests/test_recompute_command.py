from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from openiep.compliance.models import Deadline
from openiep.referrals.tests.factories import ConsentFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_command_recomputes_every_referred_student_and_says_how_many(cast, capsys):
    referral = ReferralFactory(student=cast.student, created_by=cast["case_manager"])
    ConsentFactory(referral=referral, student=cast.student, created_by=cast["case_manager"])
    assert not Deadline.objects.exists()
    call_command("recompute_deadlines", "--quiet")
    out = capsys.readouterr().out
    assert Deadline.objects.filter(student=cast.student).exists()
    assert "for 1 students" in out


def test_an_unknown_district_is_a_clear_error(cast):
    with pytest.raises(CommandError, match="No district with id 999999"):
        call_command("recompute_deadlines", "--district-id", "999999")
