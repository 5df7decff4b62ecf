"""How the permission harness fills the API's URL parameters, and which API URLs it leaves to the API's own tests.

The JSON endpoints answer an anonymous caller 401 with an error body (an integration has no sign-in page to go to),
not the pages' redirect to sign-in; ``test_permissions.py`` here proves what the harness would: out-of-scope
records answer 404 to tokens and to signed-in people, and nothing is written.
"""

from __future__ import annotations

from openiep.api.models import ApiToken
from openiep.documents.tests.factories import DocumentFactory
from openiep.iep.tests.factories import InEffectIEPFactory
from openiep.people.models import User
from openiep.people.tests.factories import GuardianFactory, GuardianshipFactory, UserFactory


def _guardian(student) -> int:
    guardian = GuardianFactory(district=student.district)
    GuardianshipFactory(student=student, guardian=guardian)
    return guardian.pk


def _token(student) -> int:
    admin = UserFactory(district=student.district, role=User.Role.DISTRICT_ADMIN)
    return ApiToken.objects.create(district=student.district, user=admin, name="Harness", prefix="oiep_harness",
                                   key_hash=f"{student.pk:064d}", scopes=["students:read"]).pk


URL_PARAMETERS = {
    "student_pk": lambda student: student.pk,
    "guardian_pk": _guardian,
    "iep_pk": lambda student: InEffectIEPFactory(student=student).pk,
    "document_pk": lambda student: DocumentFactory(student=student).pk,
    "token_id": _token,
}

REASON = "API endpoint: token or session authentication, 401 JSON for anonymous callers (openiep/api/tests)."
NOT_COVERED = dict.fromkeys(("api_students", "api_student", "api_student_case", "api_guardians", "api_guardian", "api_ieps", "api_iep", "api_services", "api_deadlines", "api_documents", "api_document_download", "api_edfi_associations", "api_edfi_mapping"), REASON)
