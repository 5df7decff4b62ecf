"""How the permission harness fills the portal's URL parameters for a given (out-of-scope) student."""

from __future__ import annotations

from openiep.people.tests.factories import GuardianFactory, GuardianshipFactory


def _guardian(student) -> int:
    guardian = GuardianFactory(district=student.district, email="hidden@example.org")
    GuardianshipFactory(student=student, guardian=guardian)
    return guardian.pk


URL_PARAMETERS = {
    "guardian_id": _guardian,
    # The public invitation page takes a token, not a record: the security app's "token" builder (any string)
    # fills it; the page is in NOT_COVERED.
}
