"""The records package: exported as documented JSON, imported by another OpenIEP, the same again on export."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiep.audit.models import AccessRecord
from openiep.iep.models import IEP
from openiep.iep.tests.factories import AccommodationFactory, GoalFactory, InEffectIEPFactory, ServiceFactory
from openiep.people.models import User
from openiep.people.tests.factories import DistrictFactory, SchoolFactory, UserFactory
from openiep.progress.models import ProgressPoint
from openiep.review import records
from openiep.review.models import Exit, TransferIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(cast):
    from openiep.evaluations.tests.factories import CompletedEvaluationFactory

    iep = InEffectIEPFactory(student=cast.student)
    goal = GoalFactory(iep=iep)
    ServiceFactory(iep=iep, name="Speech therapy", minutes=30, times=2)
    AccommodationFactory(iep=iep)
    for i, value in enumerate(["44", "47.5"]):
        ProgressPoint.objects.create(goal=goal, student=cast.student, value=Decimal(value),
                                     measured_on=timezone.localdate() - timedelta(days=10 - i),
                                     recorded_by=cast["sped_teacher"])
    CompletedEvaluationFactory(student=cast.student)
    Exit.objects.create(student=cast.student, exited_on=timezone.localdate() - timedelta(days=400), reason="MKC",
                        recorded_by=cast["case_manager"])
    return records.export_student(cast.student)


def normalised(data):
    data = json.loads(records.dumps(data))
    data.pop("exported_on")
    data.pop("from_district")
    data.pop("from_state")
    for iep in data["ieps"]:
        iep["status"] = "ended" if iep["status"] == "in_effect" else iep["status"]
        iep["ended_on"] = None
    return data


def test_a_student_exported_and_imported_elsewhere_exports_the_same(cast, package):
    other = DistrictFactory(name="Lakeview", state="TX")
    school = SchoolFactory(district=other)
    actor = UserFactory(district=other, role=User.Role.DISTRICT_ADMIN)
    imported = records.import_student(json.loads(records.dumps(package)), school=school, local_id="L-77", actor=actor)
    assert imported.district == other and imported.first_name == "Maya"
    assert normalised(records.export_student(imported)) == normalised(package)
    iep = imported.ieps.get()
    assert iep.status == IEP.Status.ENDED and iep.snapshot["from_district"] == "Riverside Unified"
    transfer = TransferIn.objects.get(student=imported)
    assert not transfer.same_state and "Speech therapy" in transfer.comparable_services
    assert ProgressPoint.objects.filter(student=imported).count() == 2


def test_a_file_of_another_format_or_damaged_is_refused_and_nothing_is_written(cast, package):
    school = SchoolFactory(district=cast.district)
    with pytest.raises(ValidationError, match="not an OpenIEP records package"):
        records.import_student({"format": "other"}, school=school, local_id="X1", actor=cast["district_admin"])
    broken = {**package, "ieps": [{"kind": "initial"}]}
    with pytest.raises(ValidationError):
        records.import_student(broken, school=school, local_id="X2", actor=cast["district_admin"])
    assert not school.students.exists()


def test_the_case_manager_downloads_the_package_and_the_export_is_recorded(client, cast, package):
    client.force_login(cast["case_manager"])
    response = client.get(f"/students/{cast.student.pk}/review/records.json")
    assert response.status_code == 200 and json.loads(response.content)["format"] == records.FORMAT
    assert AccessRecord.objects.filter(student=cast.student, kind="export").exists()
    client.force_login(cast["parent"])
    assert client.get(f"/students/{cast.student.pk}/review/records.json").status_code == 403


def test_the_import_command_reports_the_student(cast, package, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "records.json"
    path.write_text(records.dumps(package), encoding="utf-8")
    out = StringIO()
    call_command("import_records", str(path), school=cast.washington.pk, local_id="W-1",
                 by=cast["district_admin"].username, stdout=out)
    assert "Imported Maya Alvarez" in out.getvalue()
