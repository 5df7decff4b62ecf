"""Roster import: write a OneRoster export into the district's schools, school years, people and classes.

One import is one transaction: an unexpected failure leaves nothing written. A row the import cannot
use is reported (file, line, sourcedId, column, message) and skipped while the good rows import, so a
typo in one student's grade does not hold up a whole district.

Rows are matched on ``sourced_id`` within the district, so a second run updates and never duplicates.
People already in OpenIEP without a sourced id (entered by hand before the first import) are adopted
by local student id, by username for staff, and by email and name for parents.

The import never deletes people: ``tobedeleted`` makes a student or a staff account inactive. What
OpenIEP staff decide stays theirs: a staff member's role once set (districts promote teachers to case
managers), and the relationship and rights on an existing guardianship.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from openiep.people.models import (
    District,
    Guardian,
    Guardianship,
    School,
    SchoolYear,
    Section,
    SectionEnrollment,
    Student,
    User,
    USState,
)
from openiep.people.services import race_ethnicity_of
from openiep.roster import oneroster
from openiep.roster.oneroster import (
    ClassRecord,
    CourseRecord,
    DemographicsRecord,
    EnrollmentRecord,
    Export,
    ExportError,
    Issue,
    OrgRecord,
    RoleRecord,
    RowError,
    SessionRecord,
    UserRecord,
)

BATCH_SIZE = 500

# OneRoster roles, by what they become here. Counsellors and aides start with a teacher's access
# (the students they teach); the district widens it in OpenIEP if they serve on IEP teams.
STUDENT = "student"
TEACHER = "teacher"
ADMINISTRATOR = "administrator"
DISTRICT_ADMINISTRATOR = "district administrator"
FAMILY = "family"
NOT_IMPORTED = "not imported"
ROLE_KINDS = {
    "student": STUDENT,
    "teacher": TEACHER,
    "aide": TEACHER,
    "proctor": TEACHER,
    "counselor": TEACHER,
    "administrator": ADMINISTRATOR,
    "siteadministrator": ADMINISTRATOR,
    "principal": ADMINISTRATOR,
    "districtadministrator": DISTRICT_ADMINISTRATOR,
    "parent": FAMILY,
    "guardian": FAMILY,
    "relative": FAMILY,
    # IT staff of the SIS get OpenIEP access by hand, not from the roster.
    "systemadministrator": NOT_IMPORTED,
}
RELATIONSHIPS = {
    "parent": Guardianship.Relationship.PARENT,
    "guardian": Guardianship.Relationship.LEGAL_GUARDIAN,
    "relative": Guardianship.Relationship.RELATIVE,
}
SEXES = {
    "male": Student.Sex.MALE,
    "female": Student.Sex.FEMALE,
    "unspecified": Student.Sex.UNSPECIFIED,
    "other": Student.Sex.NONBINARY,
    "": Student.Sex.UNSPECIFIED,
}
ENROLLMENT_ROLES = {
    "student": SectionEnrollment.Role.STUDENT,
    "teacher": SectionEnrollment.Role.TEACHER,
    "aide": SectionEnrollment.Role.TEACHER,
    "proctor": SectionEnrollment.Role.TEACHER,
}

STUDENT_FIELDS = [
    "school_id", "local_id", "sourced_id", "first_name", "middle_name", "last_name", "preferred_name", "grade",
    "date_of_birth", "sex", "hispanic_latino", "american_indian", "asian", "black", "pacific_islander", "white",
    "race_ethnicity", "is_active",
]
STAFF_FIELDS = ["username", "first_name", "last_name", "email", "role", "school_id", "is_active", "sourced_id"]
GUARDIAN_FIELDS = ["first_name", "last_name", "email", "phone", "sourced_id"]
SECTION_FIELDS = ["school_id", "title", "code", "sourced_id", "is_active"]
ENROLLMENT_FIELDS = ["section_id", "role", "student_id", "teacher_id", "begin_date", "end_date", "sourced_id"]

ENTITIES = {
    "district": "District",
    "schools": "Schools",
    "school_years": "School years",
    "students": "Students",
    "staff": "Staff",
    "guardians": "Parents and guardians",
    "guardianships": "Guardianships",
    "sections": "Classes",
    "enrollments": "Class enrolments",
}


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.deactivated + self.unchanged


@dataclass
class ImportReport:
    """What an import did, per kind of record, and every row it had to skip or adjust."""

    source: str
    version: str = ""
    district: str = ""
    dry_run: bool = False
    seconds: float = 0.0
    tallies: dict[str, Tally] = field(default_factory=lambda: {key: Tally() for key in ENTITIES})
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    def counts(self) -> dict[str, dict[str, int]]:
        """The tallies as plain numbers, for tests and for comparing two runs."""
        return {key: {"created": t.created, "updated": t.updated, "deactivated": t.deactivated,
                      "unchanged": t.unchanged} for key, t in self.tallies.items()}

    def summary(self, *, limit: int | None = 50) -> str:
        """The end-of-import summary staff read: one line per kind of record, then problems."""
        verb = "Checked (dry run, nothing saved)" if self.dry_run else "Imported"
        lines = [f"{verb}: OneRoster {self.version} export {self.source} into {self.district} "
                 f"in {self.seconds:.1f} s.", ""]
        width = max(len(label) for label in ENTITIES.values())
        lines.append(f"  {'':<{width}}  {'created':>8} {'updated':>8} {'deactivated':>11} {'unchanged':>9}")
        for key, label in ENTITIES.items():
            t = self.tallies[key]
            lines.append(f"  {label:<{width}}  {t.created:>8} {t.updated:>8} {t.deactivated:>11} {t.unchanged:>9}")
        if self.tallies["enrollments"].deactivated:
            lines.append("  (Class enrolments marked tobedeleted are removed: they are what gives a teacher access.)")
        for title, issues in (("Row errors (not imported)", self.errors), ("Warnings", self.warnings)):
            lines.append("")
            lines.append(f"{title}: {len(issues)}")
            shown = issues if limit is None else issues[:limit]
            lines.extend(f"  {issue}" for issue in shown)
            if len(shown) < len(issues):
                lines.append(f"  … and {len(issues) - len(shown)} more (write them all with --errors-csv FILE)")
        return "\n".join(lines)

    def write_issues_csv(self, path: str | Path) -> None:
        with Path(path).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["level", "file", "line", "sourcedId", "column", "message"])
            for issue in self.issues:
                writer.writerow([issue.level, issue.file, issue.line or "", issue.sourced_id, issue.column,
                                 issue.message])


def roster_import(
    *,
    source: str | Path,
    district: District | None = None,
    district_name: str = "",
    state: str | None = None,
    dry_run: bool = False,
    show_progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import a OneRoster 1.1 or 1.2 export (a folder or a zip) for one district.

    The district is the export's district org, else ``district``, else the one named ``district_name``,
    else the only district in OpenIEP, else a new one named after the export. A new district needs
    ``state`` (it selects the law profile). Raises ``ExportError`` when the path cannot be read as an
    export; row problems are in the report instead. ``dry_run`` checks everything and saves nothing.
    """
    started = time.monotonic()
    state = (state or "").strip().upper()
    if state and state not in USState.values:
        raise ExportError(f"'{state}' is not a US state code (for example OH, CA, TX).")
    with Export(source) as export:
        report = ImportReport(source=export.name, version=export.version, dry_run=dry_run)
        with transaction.atomic():
            _RosterImport(
                export, report, district=district, district_name=district_name.strip(), state=state,
                show_progress=show_progress, batch_size=batch_size,
            ).run()
            if dry_run:
                transaction.set_rollback(True)
    report.seconds = time.monotonic() - started
    return report


class _Changes:
    """Changed rows grouped by the fields that changed, so each UPDATE sets only those columns."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], list[Model]] = defaultdict(list)

    def add(self, obj: Model, fields: Iterable[str]) -> None:
        self.groups[tuple(sorted(fields))].append(obj)

    def add_if_changed(self, obj: Model, names: list[str], before: list) -> bool:
        changed = [name for name, old in zip(names, before, strict=True) if getattr(obj, name) != old]
        if changed:
            self.add(obj, changed)
        return bool(changed)

    def __len__(self) -> int:
        return sum(len(objs) for objs in self.groups.values())


def update_rows(model: type[Model], objs: list[Model], fields: tuple[str, ...]) -> None:
    """UPDATE the rows' ``fields``, one statement run for many rows.

    Django's bulk_update builds a CASE WHEN per field with a branch per row, about 0.1 ms of Python per
    row and field: a year's grade rollover for 100,000 students would take many minutes. executemany of
    one plain UPDATE is linear and fast on SQLite and PostgreSQL alike.
    """
    if not objs:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    # Table and column names come from the model, never from the file.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk]
              for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@dataclass
class _Person:
    """One users.csv row and what it becomes: a student, a staff account, a parent, or several."""

    record: UserRecord
    kinds: set[str] = field(default_factory=set)
    roles: list[tuple[str, str, bool]] = field(default_factory=list)  # (role, org sourcedId, primary)
    relationship: str = ""


class _RosterImport:
    def __init__(self, export: Export, report: ImportReport, *, district: District | None, district_name: str,
                 state: str, show_progress: bool, batch_size: int):
        self.export = export
        self.report = report
        self.given_district = district
        self.district_name = district_name
        self.state = state
        self.show_progress = show_progress
        self.batch_size = batch_size
        self.reason = f"Roster import {export.name}"
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.district: District
        self.district_org_ids: set[str] = set()
        self.school_by_org: dict[str, School] = {}
        # sourcedId → (file, line) of users whose row could not be imported, so enrolments can say why.
        self.failed_users: dict[str, tuple[str, int]] = {}
        self.student_ids: dict[str, int] = {}
        self.staff_ids: dict[str, int] = {}
        self.guardian_ids: dict[str, int] = {}
        self.section_ids: dict[str, int] = {}
        self.failed_classes: dict[str, int] = {}
        self.deleted_classes: set[str] = set()

    # --- reporting and plumbing ---------------------------------------------------------------------

    def error(self, file: str, line: int | None, sourced_id: str, column: str, message: str) -> None:
        self.report.issues.append(Issue("error", file, line, sourced_id, column, message))

    def warn(self, file: str, line: int | None, sourced_id: str, column: str, message: str) -> None:
        self.report.issues.append(Issue("warning", file, line, sourced_id, column, message))

    def file(self, table: str) -> str:
        return self.export.file_name(table)

    def progress(self, iterable: Iterable, desc: str, total: int | None = None) -> Iterable:
        if not self.show_progress:
            return iterable
        return tqdm(iterable, desc=desc, total=total, unit=" rows", file=sys.stderr, leave=False,
                    dynamic_ncols=True)

    def read(self, table: str) -> list:
        if not self.export.has(table):
            return []
        return list(self.progress(oneroster.read_records(self.export, table, self.report.issues),
                                  f"Reading {self.file(table)}"))

    def batches(self, objects: list, desc: str) -> Iterator[list]:
        """``objects`` in slices of the batch size, with a progress bar counting rows (none when empty)."""
        if not objects:
            return
        with tqdm(total=len(objects), desc=desc, unit=" rows", file=sys.stderr, leave=False, dynamic_ncols=True,
                  disable=not self.show_progress) as bar:
            for start in range(0, len(objects), self.batch_size):
                batch = objects[start:start + self.batch_size]
                yield batch
                bar.update(len(batch))

    def save_changes(self, model: type[Model], changes: _Changes, desc: str, *, history: bool = False) -> None:
        """Write changed rows; history rows too for the models that keep history (students, parents)."""
        for fields, objs in changes.groups.items():
            for batch in self.batches(objs, desc):
                update_rows(model, batch, fields)
                if history:
                    model.history.bulk_history_create(batch, update=True, batch_size=self.batch_size,
                                                      default_change_reason=self.reason, default_date=self.now)

    def fits(self, table: str, record, column: str, value: str, limit: int) -> bool:
        if len(value) <= limit:
            return True
        self.error(self.file(table), record.line, record.sourced_id, column,
                   f"longer than {limit} characters ('{value[:30]}…')")
        return False

    def clean_email(self, table: str, record, value: str | None) -> str | None:
        """A usable email address, or blank with a warning: a bad address is no reason to skip a person."""
        if not value:
            return value
        try:
            validate_email(value)
        except ValidationError:
            self.warn(self.file(table), record.line, record.sourced_id, "email",
                      f"'{value}' is not an email address; left blank")
            return ""
        return value

    # --- the steps ----------------------------------------------------------------------------------

    def run(self) -> None:
        orgs: list[OrgRecord] = self.read("orgs")
        self.district = self.resolve_district(orgs)
        self.report.district = f"{self.district.name} ({self.district.state})"
        self.import_schools(orgs)
        self.import_school_years(self.read("academicSessions"))
        people = self.classify(self.read("users"), self.read("roles"))
        self.check_user_profiles()
        demographics = self.demographics_by_user(self.read("demographics"))
        self.import_students(people, demographics)
        self.import_staff(people)
        self.import_guardians(people)
        self.import_guardianships(people)
        self.import_sections(self.read("classes"), {c.sourced_id: c for c in self.read("courses")})
        self.import_enrollments()

    # District ---------------------------------------------------------------------------------------

    def resolve_district(self, orgs: list[OrgRecord]) -> District:
        district_orgs = [org for org in orgs if org.type == "district" and not org.deleted]
        if len(district_orgs) > 1:
            names = ", ".join(f"{org.name} ({org.sourced_id})" for org in district_orgs)
            raise ExportError(f"This export holds {len(district_orgs)} districts ({names}); "
                              "import one district's export at a time.")
        org = district_orgs[0] if district_orgs else None
        tally = self.report.tallies["district"]
        district = self.find_district(org)
        if district is None:
            if not self.state:
                raise ExportError(
                    "A new district will be created for this export: give its state with --state XX "
                    "(for example --state OH). The state selects the law profile for every deadline."
                )
            name = self.district_name or (org.name if org else Path(self.export.name).stem)
            district = District(name=name[:200], state=self.state, sourced_id=org.sourced_id if org else "")
            if org and len(org.identifier) == 7 and org.identifier.isdigit():
                district.nces_id = org.identifier  # NCES LEA ids have 7 digits
            district.save()
            tally.created += 1
        else:
            before = (district.name, district.state, district.sourced_id, district.nces_id)
            if org:
                district.name = org.name[:200]
                district.sourced_id = org.sourced_id
                if len(org.identifier) == 7 and org.identifier.isdigit():
                    district.nces_id = org.identifier
            if self.state:
                district.state = self.state
            if before != (district.name, district.state, district.sourced_id, district.nces_id):
                district.save()
                tally.updated += 1
            else:
                tally.unchanged += 1
        if org:
            self.district_org_ids.add(org.sourced_id)
        if district.sourced_id:
            self.district_org_ids.add(district.sourced_id)
        return district

    def find_district(self, org: OrgRecord | None) -> District | None:
        def check(district: District) -> District:
            if org and district.sourced_id and district.sourced_id != org.sourced_id:
                raise ExportError(
                    f"This export is for district '{org.name}' ({org.sourced_id}), but {district.name} "
                    f"was imported from '{district.sourced_id}'. Check you have the right file."
                )
            return district

        if self.given_district is not None:
            return check(self.given_district)
        if org and (found := District.objects.filter(sourced_id=org.sourced_id).first()):
            return found
        if self.district_name:
            named = list(District.objects.filter(name__iexact=self.district_name)[:2])
            if len(named) > 1:
                raise ExportError(f"Several districts are named '{self.district_name}'.")
            return check(named[0]) if named else None
        districts = list(District.objects.all()[:2])
        if len(districts) == 1 and (not org or districts[0].sourced_id in ("", org.sourced_id)):
            return districts[0]
        if len(districts) > 1 and org is None:
            raise ExportError(
                "This export has no district org and OpenIEP has several districts: say which one with "
                "--district-name NAME."
            )
        return None

    # Schools ----------------------------------------------------------------------------------------

    def import_schools(self, orgs: list[OrgRecord]) -> None:
        tally = self.report.tallies["schools"]
        file = self.file("orgs")
        schools = list(School.objects.filter(district=self.district))
        by_sourced_id = {school.sourced_id: school for school in schools if school.sourced_id}
        unsourced_by_name = {school.name.lower(): school for school in schools if not school.sourced_id}
        # References to schools imported earlier still resolve when a delta export leaves them out.
        self.school_by_org = dict(by_sourced_id)
        orgs_by_id = {org.sourced_id: org for org in orgs}

        def save_school(org: OrgRecord) -> School:
            school = by_sourced_id.get(org.sourced_id) or unsourced_by_name.pop(org.name.lower(), None)
            if org.deleted:
                if school and school.is_active:
                    school.is_active = False
                    school.save(update_fields=["is_active"])
                    tally.deactivated += 1
                elif school:
                    tally.unchanged += 1
                return school
            if len(org.name) > 200:
                self.warn(file, org.line, org.sourced_id, "name", "longer than 200 characters; shortened")
            nces_id = org.identifier if len(org.identifier) == 12 and org.identifier.isdigit() else None
            if school is None:
                school = School(district=self.district, name=org.name[:200], sourced_id=org.sourced_id,
                                nces_id=nces_id or "")
                school.save()
                tally.created += 1
            else:
                before = (school.name, school.sourced_id, school.nces_id, school.is_active)
                school.name, school.sourced_id, school.is_active = org.name[:200], org.sourced_id, True
                school.nces_id = nces_id or school.nces_id
                if before != (school.name, school.sourced_id, school.nces_id, school.is_active):
                    school.save()
                    tally.updated += 1
                else:
                    tally.unchanged += 1
            by_sourced_id[org.sourced_id] = school
            return school

        for org in orgs:
            if org.type == "school":
                school = save_school(org)
                if school is not None:
                    self.school_by_org[org.sourced_id] = school

        # Departments and other local orgs belong to their school; an orphan stands in for one.
        resolved: dict[str, School | None] = {}

        def resolve(org: OrgRecord) -> School | None:
            if org.sourced_id in resolved:
                return resolved[org.sourced_id]
            resolved[org.sourced_id] = None  # guards against parent loops
            parent_id = org.parent_id
            parent = orgs_by_id.get(parent_id)
            if parent and parent.type in ("department", "local"):
                school = resolve(parent)
            elif (parent and parent.type == "school") or (not parent and parent_id in self.school_by_org):
                school = self.school_by_org.get(parent_id)
            else:
                school = None
            if school is None:
                if not parent_id:
                    why = "it has no parentSourcedId"
                elif parent_id in self.district_org_ids:
                    why = "its parent is the district, not a school"
                else:
                    why = f"its parent '{parent_id}' is not a school in {file} or imported earlier"
                if not org.deleted:
                    self.warn(file, org.line, org.sourced_id, "parentSourcedId",
                              f"{org.type} '{org.name}' is imported as a school because {why}")
                school = save_school(org)
            resolved[org.sourced_id] = school
            if school is not None:
                self.school_by_org[org.sourced_id] = school
            return school

        for org in orgs:
            if org.type in ("department", "local"):
                resolve(org)

    def school_for(self, org_id: str) -> School | None:
        return self.school_by_org.get(org_id)

    # School years -----------------------------------------------------------------------------------

    def import_school_years(self, sessions: list[SessionRecord]) -> None:
        """OneRoster sessions of type schoolYear, and the year every session names, as school years."""
        tally = self.report.tallies["school_years"]
        file = self.file("academicSessions")
        # Ending year → (start, end, the session that gave the dates, or None for July–June).
        years: dict[int, tuple[date, date, SessionRecord | None]] = {}
        for session in sessions:
            if session.deleted:
                continue
            if session.type.lower() == "schoolyear" and session.start and session.end:
                year = session.school_year or (session.end.year if session.end.month <= 8 else session.end.year + 1)
                if years.get(year, (None, None, None))[2] is not None:
                    self.warn(file, session.line, session.sourced_id, "schoolYear",
                              f"a second session for school year {oneroster.school_year_name(year)}; ignored")
                    continue
                if (session.end - session.start).days < 120:
                    self.warn(file, session.line, session.sourced_id, "endDate",
                              f"school year {oneroster.school_year_name(year)} runs only "
                              f"{(session.end - session.start).days} days; imported as given")
                years[year] = (session.start, session.end, session)
            elif session.school_year:
                years.setdefault(session.school_year, (date(session.school_year - 1, 7, 1),
                                                       date(session.school_year, 6, 30), None))
        existing = list(SchoolYear.objects.filter(district=self.district))
        for year, (start, end, session) in sorted(years.items()):
            name = oneroster.school_year_name(year)
            match = next((sy for sy in existing if sy.name == name), None) or next(
                (sy for sy in existing if sy.start_date.year == year - 1 and sy.end_date.year == year), None)
            if match is not None and (session is None or (match.start_date, match.end_date) == (start, end)):
                tally.unchanged += 1
                continue
            clash = next((sy for sy in existing if sy.start_date == start and sy is not match), None)
            if clash is not None:
                self.warn(file, session.line if session else None, session.sourced_id if session else "",
                          "startDate", f"school year {clash.name} already starts on {start.isoformat()}; "
                                       f"{name} was not imported")
                continue
            if match is None:
                existing.append(SchoolYear.objects.create(district=self.district, name=name, start_date=start,
                                                          end_date=end))
                tally.created += 1
            else:
                match.start_date, match.end_date = start, end
                match.save(update_fields=["start_date", "end_date"])
                tally.updated += 1

    # People: who is who -----------------------------------------------------------------------------

    def classify(self, users: list[UserRecord], roles: list[RoleRecord]) -> dict[str, _Person]:
        users_file, roles_file = self.file("users"), self.file("roles")
        people = {user.sourced_id: _Person(user) for user in users}
        roles_by_user: dict[str, list[RoleRecord]] = {}
        for role in roles:
            if role.deleted:
                continue
            if role.user_id not in people:
                self.warn(roles_file, role.line, role.sourced_id, "userSourcedId",
                          f"'{role.user_id}' is not in {users_file}; the role is ignored")
                continue
            roles_by_user.setdefault(role.user_id, []).append(role)
        for person in people.values():
            user = person.record
            if user.deleted:
                continue  # matched to whatever it was, then deactivated
            entries: list[tuple[str, str, bool, str, int]] = []  # role, org, primary, file, line
            for role in sorted(roles_by_user.get(user.sourced_id, []), key=lambda r: not r.primary):
                entries.append((role.role, role.org_id, role.primary, roles_file, role.line))
            if not entries and user.role:
                org_ids = list(user.org_ids) or ([user.primary_org_id] if user.primary_org_id else [""])
                entries = [(user.role, org_id, i == 0, users_file, user.line) for i, org_id in enumerate(org_ids)]
            if not entries:
                where = f"no role in {roles_file} or {users_file}" if self.export.version == "1.2" else "blank"
                self.error(users_file, user.line, user.sourced_id, "role", f"{where}; the person is not imported")
                self.failed_users[user.sourced_id] = (users_file, user.line)
                continue
            for role, org_id, primary, file, line in entries:
                kind = ROLE_KINDS.get(role)
                if kind is None:
                    self.error(file, line, user.sourced_id, "role",
                               f"'{role}' is not a OneRoster role (student, teacher, administrator, parent, …)")
                elif kind == NOT_IMPORTED:
                    self.warn(file, line, user.sourced_id, "role",
                              f"{role} accounts are not imported; give them OpenIEP access by hand")
                else:
                    person.roles.append((role, org_id, primary))
                    person.kinds.add(kind)
                    if kind == FAMILY and not person.relationship:
                        person.relationship = RELATIONSHIPS[role]
            if not person.kinds:
                self.failed_users.setdefault(user.sourced_id, (users_file, user.line))
            elif STUDENT in person.kinds and person.kinds & {TEACHER, ADMINISTRATOR, DISTRICT_ADMINISTRATOR}:
                self.warn(users_file, user.line, user.sourced_id, "role",
                          "a student with a staff role is imported as a student only")
                person.kinds -= {TEACHER, ADMINISTRATOR, DISTRICT_ADMINISTRATOR}
        return people

    def check_user_profiles(self) -> None:
        # userProfiles hold logins to other vendors' apps: nothing for OpenIEP. Only say if it looks wrong.
        if not self.export.has("userProfiles"):
            return
        rows = oneroster.read_rows(self.export, "userProfiles", None)
        first = next(rows, None)
        rows.close()
        if first is not None and "profileType" not in first.values:
            self.warn(self.file("userProfiles"), None, "", "",
                      "this file does not have the userProfiles columns (profileType, vendorId, …); it is ignored")

    def demographics_by_user(self, rows: list[DemographicsRecord]) -> dict[str, DemographicsRecord]:
        file = self.file("demographics")
        found: dict[str, DemographicsRecord] = {}
        for row in rows:
            if row.deleted:
                continue
            if row.birth_date and row.birth_date > self.today:
                self.error(file, row.line, row.sourced_id, "birthDate",
                           f"{row.birth_date.isoformat()} is in the future")
                continue
            if row.birth_date and row.birth_date.year < 1900:
                self.error(file, row.line, row.sourced_id, "birthDate", f"{row.birth_date.isoformat()} is too early")
                continue
            found[row.sourced_id] = row
        return found

    # Students ---------------------------------------------------------------------------------------

    def student_school(self, person: _Person) -> School | None:
        user = person.record
        candidates = [user.primary_org_id, *(org for role, org, _ in person.roles if role == "student"),
                      *user.org_ids]
        for org_id in candidates:
            if org_id and (school := self.school_for(org_id)):
                return school
        return None

    def import_students(self, people: dict[str, _Person], demographics: dict[str, DemographicsRecord]) -> None:
        tally = self.report.tallies["students"]
        file = self.file("users")
        students = list(Student.objects.filter(district=self.district))
        by_sourced_id = {s.sourced_id: s for s in students if s.sourced_id}
        by_local_id = {s.local_id: s for s in students}
        to_create: list[Student] = []
        to_update = _Changes()
        in_file: set[str] = set()

        for person in self.progress(people.values(), "Students", total=len(people)):
            user = person.record
            if user.deleted:
                student = by_sourced_id.get(user.sourced_id)
                if student is not None:
                    in_file.add(user.sourced_id)
                    if student.is_active:
                        student.is_active = False
                        to_update.add(student, ["is_active"])
                        tally.deactivated += 1
                    else:
                        tally.unchanged += 1
                continue
            if STUDENT not in person.kinds:
                continue
            in_file.add(user.sourced_id)
            ok = self.student_from_row(person, demographics.get(user.sourced_id), by_sourced_id, by_local_id,
                                       to_create, to_update, tally)
            if not ok:
                self.failed_users[user.sourced_id] = (file, user.line)

        # Delta exports may send demographics for students imported earlier, without their users row.
        demographics_file = self.file("demographics")
        for sourced_id, demo in demographics.items():
            if sourced_id in in_file:
                continue
            student = by_sourced_id.get(sourced_id)
            if student is None:
                person = people.get(sourced_id)
                if person is None:
                    self.error(demographics_file, demo.line, sourced_id, "sourcedId",
                               f"no student with this sourcedId in {file} or imported earlier")
                continue  # staff and parents' demographics are not kept
            before = [getattr(student, name) for name in STUDENT_FIELDS]
            self.apply_demographics(student, demo)
            if to_update.add_if_changed(student, STUDENT_FIELDS, before):
                tally.updated += 1
            else:
                tally.unchanged += 1

        for batch in self.batches(to_create, "Saving new students"):
            bulk_create_with_history(batch, Student, batch_size=self.batch_size, default_change_reason=self.reason,
                                     default_date=self.now)
        # bulk writes skip auto_now: lists sorted by "recently changed" must still see these students.
        stamped = _Changes()
        for fields, students in to_update.groups.items():
            for student in students:
                student.updated_at = self.now
                stamped.add(student, [*fields, "updated_at"])
        self.save_changes(Student, stamped, "Saving student changes", history=True)
        self.student_ids = dict(
            Student.objects.filter(district=self.district).exclude(sourced_id="").values_list("sourced_id", "id")
        )

    def student_from_row(self, person: _Person, demo: DemographicsRecord | None, by_sourced_id: dict,
                         by_local_id: dict, to_create: list, to_update: _Changes, tally: Tally) -> bool:
        """Match or make the student of one users.csv row; False (with an error reported) when it cannot."""
        user = person.record
        file = self.file("users")
        local_id = user.identifier or user.username or user.sourced_id
        column = "identifier" if user.identifier else ("username" if user.username else "sourcedId")
        if not self.fits("users", user, column, local_id, 40):
            return False
        for name, value, limit in (("givenName", user.given_name, 100), ("familyName", user.family_name, 100),
                                   ("middleName", user.middle_name or "", 100),
                                   ("preferredGivenName", user.preferred_given_name or "", 100)):
            if not self.fits("users", user, name, value, limit):
                return False
        try:
            grade = oneroster.parse_grade(user.grades) if user.grades is not None else None
        except RowError as exc:
            self.error(file, user.line, user.sourced_id, exc.column, exc.message)
            return False

        student = by_sourced_id.get(user.sourced_id)
        holder = by_local_id.get(local_id)
        if student is None and holder is not None and not holder.sourced_id:
            student = holder  # entered by hand before the first import: adopt it
        elif holder is not None and holder is not student:
            other = f"sourcedId {holder.sourced_id}" if holder.sourced_id else f"{holder.full_name}"
            self.error(file, user.line, user.sourced_id, column,
                       f"local student id '{local_id}' already belongs to another student ({other})")
            return False

        school = self.student_school(person)
        if school is None and student is None:
            orgs = ", ".join(filter(None, [user.primary_org_id, *user.org_ids])) or "none given"
            self.error(file, user.line, user.sourced_id, "orgSourcedIds",
                       f"no school for this student (orgs: {orgs}); every student needs a school")
            return False
        if school is None:
            self.warn(file, user.line, user.sourced_id, "orgSourcedIds",
                      f"no school in this export; the student stays at {student.school}")

        is_new = student is None
        if is_new:
            student = Student(district=self.district)
            before = None
        else:
            before = [getattr(student, name) for name in STUDENT_FIELDS]
            by_local_id.pop(student.local_id, None)
        if school is not None:
            student.school = school
        student.local_id = local_id
        student.sourced_id = user.sourced_id
        student.first_name = user.given_name
        student.last_name = user.family_name
        if user.middle_name is not None:
            student.middle_name = user.middle_name
        if user.preferred_given_name is not None:
            student.preferred_name = user.preferred_given_name
        if grade is not None:
            student.grade = grade
        student.is_active = True
        if demo is not None:
            self.apply_demographics(student, demo)
        by_local_id[local_id] = student
        by_sourced_id[user.sourced_id] = student
        if is_new:
            to_create.append(student)
            tally.created += 1
        elif to_update.add_if_changed(student, STUDENT_FIELDS, before):
            tally.updated += 1
        else:
            tally.unchanged += 1
        return True

    @staticmethod
    def apply_demographics(student: Student, demo: DemographicsRecord) -> None:
        if demo.has_birth_date:
            student.date_of_birth = demo.birth_date
        if demo.sex is not None:
            student.sex = SEXES[demo.sex]
        for name, value in demo.races.items():
            setattr(student, name, value)
        if demo.has_hispanic:
            student.hispanic_latino = demo.hispanic_latino
        student.race_ethnicity = race_ethnicity_of(student)

    # Staff ------------------------------------------------------------------------------------------

    def staff_role(self, person: _Person) -> tuple[str, School | None, str]:
        """The OpenIEP role and school for a staff member, or ("", None, why) when neither can be told."""
        user = person.record
        home = self.school_for(user.primary_org_id)
        for role, org_id, _ in person.roles:
            if ROLE_KINDS[role] == DISTRICT_ADMINISTRATOR or (
                    ROLE_KINDS[role] == ADMINISTRATOR and org_id in self.district_org_ids):
                return User.Role.DISTRICT_ADMIN, home, ""
        administered = [org_id for role, org_id, _ in person.roles if ROLE_KINDS[role] == ADMINISTRATOR]
        for org_id in administered:
            if school := self.school_for(org_id):
                return User.Role.SCHOOL_ADMIN, school, ""
        if administered and TEACHER not in person.kinds:
            return "", None, (f"administrator of '{administered[0]}', which is not a school or the district in "
                              f"{self.file('orgs')}")
        for role, org_id, _ in person.roles:
            if ROLE_KINDS[role] == TEACHER and (school := self.school_for(org_id)):
                return User.Role.GENED_TEACHER, home or school, ""
        return User.Role.GENED_TEACHER, home, ""

    def import_staff(self, people: dict[str, _Person]) -> None:
        tally = self.report.tallies["staff"]
        file = self.file("users")
        accounts = list(User.objects.filter(district=self.district))
        by_sourced_id = {u.sourced_id: u for u in accounts if u.sourced_id}
        family_roles = {User.Role.PARENT, User.Role.ADVOCATE, User.Role.STUDENT}
        unsourced_by_username = {u.username.lower(): u for u in accounts
                                 if not u.sourced_id and u.role not in family_roles}
        taken = set(User.objects.values_list("username", flat=True))
        to_create: list[User] = []
        to_update = _Changes()
        staff_kinds = {TEACHER, ADMINISTRATOR, DISTRICT_ADMINISTRATOR}

        for person in self.progress(people.values(), "Staff", total=len(people)):
            user = person.record
            if user.deleted:
                account = by_sourced_id.get(user.sourced_id)
                if account is not None:
                    if account.is_active:
                        account.is_active = False
                        to_update.add(account, ["is_active"])
                        tally.deactivated += 1
                    else:
                        tally.unchanged += 1
                continue
            if not person.kinds & staff_kinds:
                continue
            role, school, why = self.staff_role(person)
            if not role:
                self.error(file, user.line, user.sourced_id, "orgSourcedIds", why)
                self.failed_users[user.sourced_id] = (file, user.line)
                continue
            if not all(self.fits("users", user, name, value, limit) for name, value, limit in (
                    ("givenName", user.given_name, 150), ("familyName", user.family_name, 150),
                    ("email", user.email or "", 254))):
                self.failed_users[user.sourced_id] = (file, user.line)
                continue
            email = self.clean_email("users", user, user.email)
            account = by_sourced_id.get(user.sourced_id) or unsourced_by_username.pop(
                (user.username or "").lower(), None)
            wanted = (user.username or user.email or user.sourced_id)[:150]
            if account is None:
                username = self.free_username(wanted, taken, user)
                account = User(username=username, district=self.district, role=role, school=school,
                               sourced_id=user.sourced_id, first_name=user.given_name, last_name=user.family_name,
                               email=email or "", is_active=user.enabled)
                account.set_unusable_password()  # staff sign in through the district's SSO
                taken.add(username)
                by_sourced_id[user.sourced_id] = account
                to_create.append(account)
                tally.created += 1
                continue
            before = [getattr(account, name) for name in STAFF_FIELDS]
            was_active = account.is_active
            if user.username and wanted != account.username:
                if wanted not in taken:
                    taken.discard(account.username)
                    account.username = wanted
                    taken.add(wanted)
                else:
                    self.warn(file, user.line, user.sourced_id, "username",
                              f"'{wanted}' is taken by another account; this person keeps '{account.username}'")
            account.first_name, account.last_name = user.given_name, user.family_name
            if email is not None:
                account.email = email
            # A role set in OpenIEP stays: the district may have made this teacher a case manager.
            if not account.role:
                account.role = role
            # A school administrator's school is their scope: only an administrator row may move it.
            if school is not None and (account.role != User.Role.SCHOOL_ADMIN or role == User.Role.SCHOOL_ADMIN):
                account.school = school
            account.sourced_id = user.sourced_id
            account.is_active = user.enabled
            by_sourced_id[user.sourced_id] = account
            if not to_update.add_if_changed(account, STAFF_FIELDS, before):
                tally.unchanged += 1
                continue
            if was_active and not account.is_active:
                tally.deactivated += 1
            else:
                tally.updated += 1

        for batch in self.batches(to_create, "Saving new staff"):
            User.objects.bulk_create(batch, batch_size=self.batch_size)
        self.save_changes(User, to_update, "Saving staff changes")
        self.staff_ids = dict(
            User.objects.filter(district=self.district).exclude(sourced_id="").values_list("sourced_id", "id")
        )

    def free_username(self, wanted: str, taken: set[str], user: UserRecord) -> str:
        """Usernames are unique across OpenIEP; another district may already use 'john.doe'."""
        if wanted not in taken:
            return wanted
        for candidate in (f"{wanted}.{self.district.pk}", f"{wanted}.{user.sourced_id}"):
            candidate = candidate[:150]
            if candidate not in taken:
                self.warn(self.file("users"), user.line, user.sourced_id, "username",
                          f"'{wanted}' is taken by another account; this person signs in as '{candidate}'")
                return candidate
        raise ExportError(f"No free username for {user.sourced_id}.")

    # Parents and guardians --------------------------------------------------------------------------

    def import_guardians(self, people: dict[str, _Person]) -> None:
        tally = self.report.tallies["guardians"]
        file = self.file("users")
        guardians = list(Guardian.objects.filter(district=self.district).select_related("user"))
        by_sourced_id = {g.sourced_id: g for g in guardians if g.sourced_id}
        unsourced = {(g.email.lower(), g.first_name.lower(), g.last_name.lower()): g
                     for g in guardians if not g.sourced_id and g.email}
        to_create: list[Guardian] = []
        to_update = _Changes()
        portal_accounts_to_close = _Changes()

        for person in self.progress(people.values(), "Parents and guardians", total=len(people)):
            user = person.record
            if user.deleted:
                guardian = by_sourced_id.get(user.sourced_id)
                if guardian is None:
                    continue
                # Never deleted (the guardianship is legal history); the family portal sign-in is closed.
                if guardian.user is not None and guardian.user.is_active:
                    guardian.user.is_active = False
                    portal_accounts_to_close.add(guardian.user, ["is_active"])
                    tally.deactivated += 1
                else:
                    tally.unchanged += 1
                continue
            if FAMILY not in person.kinds:
                continue
            if not all(self.fits("users", user, name, value, 100) for name, value in (
                    ("givenName", user.given_name), ("familyName", user.family_name))):
                self.failed_users.setdefault(user.sourced_id, (file, user.line))
                continue
            email = self.clean_email("users", user, user.email)
            phone = user.phone
            if phone and len(phone) > 40:
                self.warn(file, user.line, user.sourced_id, "phone", "longer than 40 characters; left blank")
                phone = ""
            guardian = by_sourced_id.get(user.sourced_id) or unsourced.pop(
                ((email or "").lower(), user.given_name.lower(), user.family_name.lower()), None)
            before = None if guardian is None else [getattr(guardian, name) for name in GUARDIAN_FIELDS]
            if guardian is None:
                guardian = Guardian(district=self.district)
            guardian.first_name, guardian.last_name = user.given_name, user.family_name
            guardian.sourced_id = user.sourced_id
            if email is not None:
                guardian.email = email
            if phone is not None:
                guardian.phone = phone
            by_sourced_id[user.sourced_id] = guardian
            if before is None:
                to_create.append(guardian)
                tally.created += 1
            elif to_update.add_if_changed(guardian, GUARDIAN_FIELDS, before):
                tally.updated += 1
            else:
                tally.unchanged += 1

        for batch in self.batches(to_create, "Saving new parents"):
            bulk_create_with_history(batch, Guardian, batch_size=self.batch_size, default_change_reason=self.reason,
                                     default_date=self.now)
        self.save_changes(Guardian, to_update, "Saving parent changes", history=True)
        self.save_changes(User, portal_accounts_to_close, "Closing family portal accounts")
        self.guardian_ids = dict(
            Guardian.objects.filter(district=self.district).exclude(sourced_id="").values_list("sourced_id", "id")
        )

    def import_guardianships(self, people: dict[str, _Person]) -> None:
        """Link children and parents named in agentSourcedIds, whichever of the two lists the other."""
        tally = self.report.tallies["guardianships"]
        file = self.file("users")
        existing_relationships: dict[int, str] = {}
        existing: set[tuple[int, int]] = set()
        for student_id, guardian_id, relationship in Guardianship.objects.filter(
                student__district=self.district).values_list("student_id", "guardian_id", "relationship"):
            existing.add((student_id, guardian_id))
            existing_relationships.setdefault(guardian_id, relationship)

        def side(sourced_id: str) -> str | None:
            """'student' or 'family' when this person can be one end of a guardianship."""
            if sourced_id in self.failed_users:
                return None
            person = people.get(sourced_id)
            if person is not None:
                if person.record.deleted:
                    return None
                if STUDENT in person.kinds and sourced_id in self.student_ids:
                    return STUDENT
                return FAMILY if FAMILY in person.kinds and sourced_id in self.guardian_ids else None
            # Delta exports may name a child or parent imported earlier.
            if sourced_id in self.student_ids:
                return STUDENT
            return FAMILY if sourced_id in self.guardian_ids else None

        def why_not(agent_id: str, mine: str) -> str:
            if agent_id in self.failed_users:
                return "was not imported (see its own error)"
            other = people.get(agent_id)
            if other is None:
                return f"is not in {file} or imported earlier"
            if other.record.deleted:
                return "is marked tobedeleted"
            if side(agent_id) == mine:
                return f"is also a {'student' if mine == STUDENT else 'parent'}"
            roles = sorted({role for role, _, _ in other.roles}) or ["person"]
            wanted = "parent, guardian or relative" if mine == STUDENT else "student"
            return f"is a {' and '.join(roles)}, not a {wanted}"

        wanted: dict[tuple[int, int], str] = {}
        reported: set[frozenset[str]] = set()
        linked: set[str] = set()
        for person in people.values():
            user = person.record
            mine = side(user.sourced_id)
            if mine is None:
                continue
            for agent_id in user.agent_ids:
                theirs = side(agent_id)
                if {mine, theirs} != {STUDENT, FAMILY}:
                    pair = frozenset((user.sourced_id, agent_id))
                    if pair not in reported:
                        reported.add(pair)
                        self.warn(file, user.line, user.sourced_id, "agentSourcedIds",
                                  f"'{agent_id}' {why_not(agent_id, mine)}; no guardianship made")
                    continue
                child, parent = (user.sourced_id, agent_id) if mine == STUDENT else (agent_id, user.sourced_id)
                guardian_id = self.guardian_ids[parent]
                relationship = (people[parent].relationship if parent in people
                                else existing_relationships.get(guardian_id, Guardianship.Relationship.PARENT))
                wanted.setdefault((self.student_ids[child], guardian_id), relationship)
                linked.update((child, parent))

        to_create = []
        for (student_id, guardian_id), relationship in wanted.items():
            if (student_id, guardian_id) in existing:
                tally.unchanged += 1  # kept as it is: staff may have refined it (mother, surrogate, rights…)
                continue
            to_create.append(Guardianship(
                student_id=student_id, guardian_id=guardian_id, relationship=relationship,
                # A relative is a contact, not the parent who consents (34 CFR 300.30).
                holds_educational_rights=relationship != Guardianship.Relationship.RELATIVE,
            ))
            tally.created += 1
        for batch in self.batches(to_create, "Saving guardianships"):
            bulk_create_with_history(batch, Guardianship, batch_size=self.batch_size,
                                     default_change_reason=self.reason, default_date=self.now)
        for person in people.values():
            user = person.record
            if side(user.sourced_id) == FAMILY and user.sourced_id not in linked:
                self.warn(file, user.line, user.sourced_id, "agentSourcedIds",
                          "this parent is linked to no student in the export")

    # Classes ----------------------------------------------------------------------------------------

    def import_sections(self, classes: list[ClassRecord], courses: dict[str, CourseRecord]) -> None:
        tally = self.report.tallies["sections"]
        file = self.file("classes")
        by_sourced_id = {s.sourced_id: s for s in Section.objects.filter(school__district=self.district)
                         if s.sourced_id}
        to_create: list[Section] = []
        to_update = _Changes()
        for record in self.progress(classes, "Classes", total=len(classes)):
            section = by_sourced_id.get(record.sourced_id)
            if record.deleted:
                if section is None:
                    self.deleted_classes.add(record.sourced_id)
                elif section.is_active:
                    section.is_active = False
                    to_update.add(section, ["is_active"])
                    tally.deactivated += 1
                else:
                    tally.unchanged += 1
                continue
            school = self.school_for(record.school_id)
            if school is None and section is None:
                self.error(file, record.line, record.sourced_id, "schoolSourcedId",
                           f"'{record.school_id}' is not a school in {self.file('orgs')} or imported earlier")
                self.failed_classes[record.sourced_id] = record.line
                continue
            course = courses.get(record.course_id)
            title = record.title or (course.title if course else "") or record.class_code or record.sourced_id
            code = record.class_code or (course.course_code if course else "")
            if len(title) > 200 or len(code) > 60:
                self.warn(file, record.line, record.sourced_id, "title" if len(title) > 200 else "classCode",
                          "too long; shortened")
            before = None if section is None else [getattr(section, name) for name in SECTION_FIELDS]
            if section is None:
                section = Section()
            if school is not None:
                section.school = school
            section.title, section.code = title[:200], code[:60]
            section.sourced_id, section.is_active = record.sourced_id, True
            by_sourced_id[record.sourced_id] = section
            if before is None:
                to_create.append(section)
                tally.created += 1
            elif to_update.add_if_changed(section, SECTION_FIELDS, before):
                tally.updated += 1
            else:
                tally.unchanged += 1
        for batch in self.batches(to_create, "Saving new classes"):
            Section.objects.bulk_create(batch, batch_size=self.batch_size)
        self.save_changes(Section, to_update, "Saving class changes")
        self.section_ids = {sourced_id: section.pk for sourced_id, section in by_sourced_id.items()}

    def placeholder_section(self, record: EnrollmentRecord) -> int | None:
        """A class named only in enrollments.csv: made with its sourcedId as the title, to be renamed later."""
        file = self.file("enrollments")
        school = self.school_for(record.school_id)
        if school is None:
            self.error(file, record.line, record.sourced_id, "classSourcedId",
                       f"class '{record.class_id}' is not in {self.file('classes')} and the school "
                       f"'{record.school_id}' is not known either")
            return None
        section = Section.objects.create(school=school, title=record.class_id[:200], sourced_id=record.class_id)
        self.warn(file, record.line, record.sourced_id, "classSourcedId",
                  f"class '{record.class_id}' is not in {self.file('classes')}; a class titled "
                  f"'{record.class_id}' was made at {school}")
        self.report.tallies["sections"].created += 1
        self.section_ids[record.class_id] = section.pk
        return section.pk

    # Enrolments -------------------------------------------------------------------------------------

    def import_enrollments(self) -> None:
        """Streamed in batches: a big district's enrollments.csv has a row per student per class."""
        if not self.export.has("enrollments"):
            return
        tally = self.report.tallies["enrollments"]
        file = self.file("enrollments")
        users_file = self.file("users")
        rows = SectionEnrollment.objects.filter(section__school__district=self.district).values_list(
            "id", *ENROLLMENT_FIELDS)
        by_sourced_id: dict[str, tuple] = {}
        unsourced: dict[tuple, tuple] = {}
        for row in rows:
            if row[7]:
                by_sourced_id[row[7]] = row
            else:
                unsourced[(row[1], row[2], row[3] or row[4])] = row
        to_create: list[SectionEnrollment] = []
        to_update = _Changes()
        to_delete: list[int] = []

        def flush() -> None:
            SectionEnrollment.objects.bulk_create(to_create, batch_size=self.batch_size)
            for fields, objs in to_update.groups.items():
                update_rows(SectionEnrollment, objs, fields)
            for start in range(0, len(to_delete), self.batch_size):
                SectionEnrollment.objects.filter(pk__in=to_delete[start:start + self.batch_size]).delete()
            to_create.clear()
            to_update.groups.clear()
            to_delete.clear()

        records = oneroster.read_records(self.export, "enrollments", self.report.issues)
        for record in self.progress(records, f"Reading {file}"):
            existing = by_sourced_id.get(record.sourced_id)
            if record.deleted:
                # Enrolments are the basis of a teacher's access, so a dropped class is removed outright.
                if existing is not None:
                    to_delete.append(existing[0])
                    tally.deactivated += 1
                continue
            role = ENROLLMENT_ROLES.get(record.role)
            if role is None:
                self.warn(file, record.line, record.sourced_id, "role",
                          f"'{record.role}' enrolments do not give access in OpenIEP; skipped")
                continue
            person_ids = self.student_ids if role == SectionEnrollment.Role.STUDENT else self.staff_ids
            person_id = person_ids.get(record.user_id)
            if person_id is None:
                self.error(file, record.line, record.sourced_id, "userSourcedId",
                           self.why_not_enrolled(record, role, users_file))
                continue
            section_id = self.section_ids.get(record.class_id)
            if section_id is None:
                if record.class_id in self.deleted_classes:
                    self.warn(file, record.line, record.sourced_id, "classSourcedId",
                              f"class '{record.class_id}' is marked tobedeleted; enrolment skipped")
                    continue
                if record.class_id in self.failed_classes:
                    self.error(file, record.line, record.sourced_id, "classSourcedId",
                               f"class '{record.class_id}' was not imported (see {self.file('classes')} line "
                               f"{self.failed_classes[record.class_id]})")
                    continue
                section_id = self.placeholder_section(record)
                if section_id is None:
                    continue
            is_student = role == SectionEnrollment.Role.STUDENT
            values = (section_id, role, person_id if is_student else None, None if is_student else person_id,
                      record.begin, record.end, record.sourced_id)
            if existing is None:
                existing = unsourced.pop((section_id, role, person_id), None)
            if existing is None:
                to_create.append(SectionEnrollment(**dict(zip(ENROLLMENT_FIELDS, values, strict=True))))
                tally.created += 1
            elif tuple(existing[1:]) == values:
                tally.unchanged += 1
            else:
                changed = [name for name, old, new in zip(ENROLLMENT_FIELDS, existing[1:], values, strict=True)
                           if old != new]
                to_update.add(SectionEnrollment(id=existing[0], **dict(zip(ENROLLMENT_FIELDS, values, strict=True))),
                              changed)
                tally.updated += 1
            if len(to_create) + len(to_update) + len(to_delete) >= self.batch_size:
                flush()
        flush()

    def why_not_enrolled(self, record: EnrollmentRecord, role: str, users_file: str) -> str:
        user_id = record.user_id
        if user_id in self.failed_users:
            failed_file, line = self.failed_users[user_id]
            return f"'{user_id}' was not imported (see {failed_file} line {line})"
        if role == SectionEnrollment.Role.STUDENT and user_id in self.staff_ids:
            return f"'{user_id}' is staff in {users_file}, not a student"
        if role == SectionEnrollment.Role.TEACHER and user_id in self.student_ids:
            return f"'{user_id}' is a student in {users_file}, not a teacher"
        if user_id in self.guardian_ids:
            return f"'{user_id}' is a parent in {users_file}, not a {role}"
        return f"'{user_id}' is not in {users_file} (nor imported earlier)"
