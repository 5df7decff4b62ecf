"""``openiep import-records FILE --school ID --local-id ID --by USERNAME``: a student who moved in, with history."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openiep.people.models import School, User
from openiep.review.records import import_student


class Command(BaseCommand):
    help = "Import an OpenIEP records package (openiep.records/1) for a student who moved into the district."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--school", type=int, required=True, help="The receiving school's id")
        parser.add_argument("--local-id", required=True, help="The student's id in this district")
        parser.add_argument("--by", required=True, help="Username of the staff member importing")

    def handle(self, path, school, local_id, by, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            student = import_student(data, school=School.objects.get(pk=school), local_id=local_id,
                                     actor=User.objects.get(username=by))
        except (School.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Imported {student.full_name} (id {student.pk}) with {student.ieps.count()} IEP versions.")
