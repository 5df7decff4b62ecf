"""``openiep import-calendar --district-id N FILE.ics``: replace a district's school calendar and recompute.

The same service as the calendar page: the file is parsed first (a bad file changes nothing and the
command exits non-zero with the parser's message), then every deadline of the district is recomputed.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from openiep.compliance.calendars import parse_ics
from openiep.compliance.errors import ComplianceError
from openiep.compliance.forms import MAX_CALENDAR_BYTES
from openiep.compliance.services import calendar_upload
from openiep.people.models import District, User


class Command(BaseCommand):
    help = ("Upload a district's school calendar (.ics) and recompute every deadline in the district. "
            "Prints how many students and deadlines were recomputed and which students could not be.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The calendar, an iCalendar (.ics) file")
        parser.add_argument("--district-id", type=int, required=True, help="The district's id in OpenIEP")
        parser.add_argument("--by", metavar="USERNAME",
                            help="Who uploads it (recorded); default: the district's first district administrator")

    def handle(self, *args, file: str, district_id: int, by: str | None, **options) -> None:
        path = Path(file)
        ics = self._read(path)
        try:
            parse_ics(ics, name=path.name)  # a bad file is refused before anything is looked up or written
        except ComplianceError as exc:
            raise CommandError(f"{path}: {exc}") from None
        district = District.objects.filter(pk=district_id).first()
        if district is None:
            raise CommandError(f"No district with id {district_id}.")
        actor = self._actor(district, by)
        try:
            upload, report = calendar_upload(district=district, name=path.name, ics=ics, actor=actor)
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}") from None
        self.stdout.write(f"{district.name}: {upload.summary}")
        self.stdout.write(f"Recomputed {report.students} students: {report.deadlines} deadlines stored, "
                          f"{len(report.failed)} could not be computed.")
        for student_id, reason in sorted(report.failed.items()):
            self.stdout.write(f"  student {student_id}: {reason}")

    @staticmethod
    def _read(path: Path) -> str:
        try:
            if path.stat().st_size > MAX_CALENDAR_BYTES:
                raise CommandError(f"{path}: a school calendar must be at most 1 MB.")
            return path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not iCalendar text (not UTF-8).") from None
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}.") from None

    def _actor(self, district: District, username: str | None) -> User:
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"No user {username!r}.")
            if actor.district_id != district.pk or actor.role != User.Role.DISTRICT_ADMIN:
                raise CommandError(f"{username} is not a district administrator of {district.name}.")
            return actor
        actor = User.objects.filter(district=district, role=User.Role.DISTRICT_ADMIN, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError(f"{district.name} has no district administrator to record as the uploader; use --by.")
        return actor
