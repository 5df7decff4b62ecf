"""Reading OneRoster 1.1 and 1.2 CSV exports: files, headers, rows and values. No database here.

A student information system (SIS) exports its roster as a folder or a zip of CSV files. Real exports
bend the standard: columns come in another order or case, vendors add ``ext_*`` and ``metadata.*``
columns, files start with a byte-order mark, dates come as ``2023-05-01``, ``2023-05-01T18:25:43Z`` or
``1/05/2023``, and some 1.2 exports misspell headers (``dataLastModified``, ``prefferedGivenName``).
This module reads all of that into plain records and reports what it cannot read as an ``Issue`` that
names the file, line, sourcedId and column, so the district's data clerk can fix it in the SIS.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TextIO

# The tables this import reads, by the names the standard gives them (matched case-insensitively).
TABLES = (
    "manifest", "orgs", "users", "roles", "userProfiles", "demographics", "academicSessions", "classes",
    "courses", "enrollments",
)

COMMON = ("sourcedId", "status", "dateLastModified")
COLUMNS: dict[str, tuple[str, ...]] = {
    "manifest": ("propertyName", "value"),
    "orgs": (*COMMON, "name", "type", "identifier", "parentSourcedId"),
    "users": (
        *COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName",
        "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
        # 1.2 additions
        "userMasterIdentifier", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
        "primaryOrgSourcedId", "pronouns", "resourceSourcedIds",
    ),
    "roles": (*COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
              "userProfileSourcedId"),
    "userProfiles": (*COMMON, "userSourcedId", "profileType", "vendorId", "applicationId", "description",
                     "credentialType", "username", "password"),
    "demographics": (
        *COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
    "academicSessions": (*COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"),
    "classes": (
        *COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
        "termSourcedIds", "subjects", "subjectCodes", "periods", "resourceSourcedIds",
    ),
    "courses": (*COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects",
                "subjectCodes", "resourceSourcedIds"),
    "enrollments": (*COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
                    "beginDate", "endDate"),
}

# Without these columns a file cannot be imported at all: the whole import stops and says which is missing.
REQUIRED: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "name", "type"),
    "users": ("sourcedId", "givenName", "familyName"),
    "roles": ("userSourcedId", "role"),
    "demographics": ("sourcedId",),
    "academicSessions": ("sourcedId",),
    "classes": ("sourcedId",),
    "courses": ("sourcedId",),
    "enrollments": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
}

# Misspellings and older names seen in real exports, read as the standard column with a warning.
ALIASES: dict[str, dict[str, str]] = {
    "*": {"datalastmodified": "dateLastModified"},
    "users": {
        "prefferedgivenname": "preferredGivenName",
        "prefferedmiddlename": "preferredMiddleName",
        "prefferedfamilyname": "preferredFamilyName",
        "userid": "userIds",
        "agents": "agentSourcedIds",
    },
    "demographics": {"usersourcedid": "sourcedId"},
}

# OneRoster / CEDS grade codes; the same list as openiep.people.models.GradeLevel (a test checks).
GRADE_CODES = (
    "IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
    "13", "PS", "UG", "Other",
)
_GRADE_BY_UPPER = {code.upper(): code for code in GRADE_CODES}

SEXES = {"male": "male", "m": "male", "female": "female", "f": "female", "unspecified": "unspecified",
         "u": "unspecified", "other": "other", "x": "other"}

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
DATE_COLUMNS = ("dateLastModified", "birthDate", "beginDate", "endDate", "startDate")


class ExportError(Exception):
    """The path cannot be read as a OneRoster export at all; nothing is imported."""


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem with one row (or one file) of the export."""

    level: str  # "error": the row was not imported; "warning": it was, with the change described
    file: str
    line: int | None
    sourced_id: str
    column: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.sourced_id:
            where += f" ({self.sourced_id})"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class RowError(ValueError):
    """A value that cannot be read; ``column`` says where."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(slots=True)
class Row:
    """One data row. ``values`` holds only the columns the file has, so a missing column is ``None``."""

    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str | None:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return self.values.get(column) or ""

    @property
    def sourced_id(self) -> str:
        return self.text("sourcedId")

    @property
    def deleted(self) -> bool:
        # 1.1 uses "tobedeleted"; 1.0 exports said "inactive".
        return self.text("status").lower() in {"tobedeleted", "inactive", "deleted"}


# --- values ---------------------------------------------------------------------------------------------


def parse_bool(value: str | None, column: str) -> bool | None:
    """``true``/``false`` in any case (and yes/no, 1/0); blank is ``None``."""
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RowError(column, f"'{value}' is not true or false")


def parse_date(value: str | None, column: str, *, day_first: bool = False) -> date | None:
    """A date as ``2023-05-01``, ``2023-05-01T18:25:43.511Z`` or ``5/1/2023``; blank is ``None``.

    Slash dates are month first (US) unless the file shows it writes the day first (see ``day_first``).
    """
    if value is None or value == "":
        return None
    text = value.strip()
    if match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _SLASH_DATE.match(text):
        first, second, year = (int(part) for part in match.groups())
        month, day = (second, first) if day_first else (first, second)
    else:
        raise RowError(column, f"'{value}' is not a date (use YYYY-MM-DD, for example 2023-05-01)")
    try:
        return date(year, month, day)
    except ValueError:
        raise RowError(column, f"'{value}' is not a real date") from None


def parse_grade(value: str | None, column: str = "grades") -> str:
    """The first grade of a ``grades`` list as a grade code (``1`` reads as ``01``); blank is ``""``."""
    grades = split_list(value)
    if not grades:
        return ""
    first = grades[0]
    key = first.upper()
    if key.isdigit() and len(key) == 1:
        key = "0" + key
    if key in _GRADE_BY_UPPER:
        return _GRADE_BY_UPPER[key]
    raise RowError(column, f"'{first}' is not a grade code (use KG, 01…12, or PK, TK, 13, PS, UG, Other, …)")


def parse_sex(value: str | None, column: str = "sex") -> str:
    if value is None or value == "":
        return ""
    sex = SEXES.get(value.strip().lower())
    if sex is None:
        raise RowError(column, f"'{value}' is not male, female, unspecified or other")
    return sex


def parse_school_year(value: str | None, column: str = "schoolYear") -> int | None:
    """The year a school year ends in: ``2023`` is 2022-23. Also reads ``2022-23`` and ``2022-2023``."""
    if value is None or value == "":
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if match := re.fullmatch(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})", text):
        return int(match.group(1)) + 1
    raise RowError(column, f"'{value}' is not a school year (use the year it ends in, for example 2024)")


def split_list(value: str | None) -> list[str]:
    """A comma-separated list such as ``orgSourcedIds``, without blanks."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def school_year_name(ending_year: int) -> str:
    """``2023`` → ``2022-23``, as districts write it."""
    return f"{ending_year - 1}-{ending_year % 100:02d}"


# --- the export -----------------------------------------------------------------------------------------


class Export:
    """A OneRoster export, a folder or a zip, with its CSV files found by name whatever their case."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.name = self.path.name
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        self._members_found: list[str] = []
        if not self.path.exists():
            raise ExportError(f"{self.path} does not exist.")
        if self.path.is_dir():
            names = [p.name for p in sorted(self.path.iterdir()) if p.is_file()]
            self._members = self._by_table(names, PurePosixPath)
        elif zipfile.is_zipfile(self.path):
            try:
                self._zip = zipfile.ZipFile(self.path)
                names = [info.filename for info in self._zip.infolist() if not info.is_dir()]
            except (zipfile.BadZipFile, OSError) as exc:
                raise ExportError(f"{self.path} is not a readable zip file ({exc}).") from exc
            self._members = self._by_table(names, PurePosixPath)
        elif self.path.suffix.lower() == ".zip":
            raise ExportError(f"{self.path} is not a readable zip file (it may be damaged or not a zip at all).")
        elif self.path.suffix.lower() == ".csv":
            raise ExportError(
                f"{self.path} is one CSV file: give the folder that holds the OneRoster files, or the zip."
            )
        else:
            raise ExportError(f"{self.path} is not a folder or a zip file, so it cannot be a OneRoster export.")
        try:
            if "users" not in self._members and "orgs" not in self._members:
                raise ExportError(
                    f"{self.path} is not a OneRoster export: it has no users.csv or orgs.csv"
                    + (f" (found: {', '.join(sorted(self._members_found))})." if self._members_found else ".")
                )
            self.manifest = self._read_manifest()
            self.version = self._guess_version()
        except ExportError:
            self.close()
            raise

    def _by_table(self, names: list[str], as_path) -> dict[str, str]:
        by_lower = {table.lower(): table for table in TABLES}
        found: dict[str, str] = {}
        # Shallowest first, so files at the top of the zip win over copies in sub-folders.
        for name in sorted(names, key=lambda n: (n.count("/"), n)):
            path = as_path(name)
            if "__MACOSX" in path.parts or path.name.startswith("._"):
                continue
            if path.suffix.lower() != ".csv":
                continue
            self._members_found.append(path.name)
            table = by_lower.get(path.stem.lower())
            if table and table not in found:
                found[table] = name
        return found

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def has(self, table: str) -> bool:
        return table in self._members

    def file_name(self, table: str) -> str:
        """The name the file has in the export, for messages (``userprofiles.csv`` stays as written)."""
        return PurePosixPath(self._members.get(table, f"{table}.csv")).name

    def _open_binary(self, table: str):
        member = self._members[table]
        if self._zip is not None:
            try:
                return self._zip.open(member)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                raise ExportError(f"{self.name}: {member} cannot be read from the zip ({exc}).") from exc
        return (self.path / member).open("rb")

    def _encoding(self, table: str) -> str:
        """UTF-8 (with or without a byte-order mark), else Windows-1252, which old SIS exports use."""
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        with self._open_binary(table) as raw:
            try:
                while chunk := raw.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "cp1252"
        return "utf-8-sig"

    def open_text(self, table: str) -> tuple[TextIO, str]:
        encoding = self._encoding(table)
        raw = self._open_binary(table)
        return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), encoding

    def _read_manifest(self) -> dict[str, str]:
        if not self.has("manifest"):
            return {}
        manifest: dict[str, str] = {}
        for row in read_rows(self, "manifest", []):
            key = row.text("propertyName")
            if key:
                manifest[key] = row.text("value")
        return manifest

    def _guess_version(self) -> str:
        stated = self.manifest.get("oneroster.version", "")
        if stated.startswith("1.2"):
            return "1.2"
        if stated.startswith(("1.1", "1.0")):
            return stated[:3]
        if self.has("roles"):
            return "1.2"
        return "1.1"


def _header_map(file: str, table: str, header: list[str], issues: list[Issue] | None) -> list[str | None]:
    """Each header cell as its standard column name, or None for columns the import does not read."""
    known = {column.lower(): column for column in COLUMNS.get(table, ())}
    aliases = {**ALIASES["*"], **ALIASES.get(table, {})}
    mapped: list[str | None] = []
    seen: set[str] = set()

    def warn(message: str) -> None:
        if issues is not None:
            issues.append(Issue("warning", file, 1, "", "", message))

    for cell in header:
        name = cell.strip().lstrip("\ufeff").strip('"').strip()
        key = name.lower()
        column = known.get(key)
        if column is None and key in aliases and aliases[key].lower() not in {c.lower() for c in header}:
            column = aliases[key]
            warn(f"column '{name}' read as '{column}' (a misspelling some systems export)")
        if column is None:
            # Vendors' extensions and blank trailing headers are normal; anything else may be a typo.
            if name and not key.startswith(("ext_", "metadata.")):
                warn(f"column '{name}' is not a OneRoster {table} column; it is ignored")
            mapped.append(None)
        elif column in seen:
            warn(f"column '{name}' appears twice; the first one is used")
            mapped.append(None)
        else:
            seen.add(column)
            mapped.append(column)
    return mapped


def read_rows(export: Export, table: str, issues: list[Issue] | None) -> Iterator[Row]:
    """The rows of one file, with the line each starts on (the header is line 1). Blank lines are skipped.

    Header warnings go to ``issues`` (pass None to read quietly, for a second pass).
    """
    if not export.has(table):
        return
    file = export.file_name(table)
    text, encoding = export.open_text(table)
    with text:
        if encoding == "cp1252" and issues is not None:
            issues.append(Issue("warning", file, None, "", "",
                                "the file is not UTF-8; it was read as Windows-1252 (check accented names)"))
        reader = csv.reader(text)
        try:
            header = next(reader, None)
            if header is None:
                return
            columns = _header_map(file, table, header, issues)
            missing = [column for column in REQUIRED.get(table, ()) if column not in columns]
            if missing:
                raise ExportError(
                    f"{file} has no {', '.join(repr(m) for m in missing)} column, so it cannot be imported "
                    f"(its columns are: {', '.join(h.strip() for h in header if h.strip())})."
                )
            previous = reader.line_num
            for cells in reader:
                start, previous = previous + 1, reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                values = {column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column}
                # A short row (trailing commas dropped) still has its columns, blank.
                for column in columns[len(cells):]:
                    if column:
                        values[column] = ""
                yield Row(file, start, values)
        except csv.Error as exc:
            raise ExportError(f"{file} line {reader.line_num} cannot be read as CSV: {exc}.") from exc


def writes_day_first(export: Export, table: str) -> bool:
    """Whether the file's slash dates put the day first: true when any of them has a first part above 12.

    ``1/05/2023`` is ambiguous alone; ``15/06/2023`` in the same file settles it.
    """
    for row in read_rows(export, table, None):
        for column in DATE_COLUMNS:
            value = row.values.get(column)
            if value and (match := _SLASH_DATE.match(value)) and int(match.group(1)) > 12:
                return True
    return False


# --- records --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class OrgRecord:
    line: int
    sourced_id: str
    deleted: bool
    name: str
    type: str
    identifier: str
    parent_id: str


@dataclass(slots=True)
class UserRecord:
    """A users.csv row. A field is None when the file has no such column (so the import leaves it alone)."""

    line: int
    sourced_id: str
    deleted: bool
    enabled: bool
    role: str
    org_ids: tuple[str, ...]
    primary_org_id: str
    username: str
    given_name: str
    family_name: str
    middle_name: str | None
    preferred_given_name: str | None
    identifier: str
    email: str | None
    phone: str | None
    agent_ids: tuple[str, ...]
    grades: str | None


@dataclass(slots=True)
class RoleRecord:
    line: int
    sourced_id: str
    deleted: bool
    user_id: str
    role: str
    primary: bool
    org_id: str


@dataclass(slots=True)
class DemographicsRecord:
    line: int
    sourced_id: str
    deleted: bool
    birth_date: date | None
    has_birth_date: bool
    sex: str | None
    races: dict[str, bool]  # only the race columns the file has
    hispanic_latino: bool | None
    has_hispanic: bool


@dataclass(slots=True)
class SessionRecord:
    line: int
    sourced_id: str
    deleted: bool
    title: str
    type: str
    start: date | None
    end: date | None
    school_year: int | None


@dataclass(slots=True)
class ClassRecord:
    line: int
    sourced_id: str
    deleted: bool
    title: str
    class_code: str
    course_id: str
    school_id: str


@dataclass(slots=True)
class CourseRecord:
    line: int
    sourced_id: str
    title: str
    course_code: str


@dataclass(slots=True)
class EnrollmentRecord:
    line: int
    sourced_id: str
    deleted: bool
    class_id: str
    school_id: str
    user_id: str
    role: str
    begin: date | None
    end: date | None


ORG_TYPES = ("district", "school", "department", "local", "state", "national")
RACE_COLUMNS = {
    "americanIndianOrAlaskaNative": "american_indian",
    "asian": "asian",
    "blackOrAfricanAmerican": "black",
    "nativeHawaiianOrOtherPacificIslander": "pacific_islander",
    "white": "white",
}


def _org(row: Row) -> OrgRecord:
    org_type = row.text("type").lower()
    if not row.deleted:
        if not row.text("name"):
            raise RowError("name", "the organisation has no name")
        if org_type not in ORG_TYPES:
            raise RowError("type", f"'{row.text('type')}' is not an org type ({', '.join(ORG_TYPES)})")
    return OrgRecord(row.line, row.sourced_id, row.deleted, row.text("name"), org_type, row.text("identifier"),
                     row.text("parentSourcedId"))


def _user(row: Row) -> UserRecord:
    if not row.deleted:
        for column in ("givenName", "familyName"):
            if not row.text(column):
                raise RowError(column, "blank; every person needs a first and last name")
    enabled = parse_bool(row.get("enabledUser"), "enabledUser")
    return UserRecord(
        line=row.line,
        sourced_id=row.sourced_id,
        deleted=row.deleted,
        enabled=enabled is not False,
        role=row.text("role").lower(),
        org_ids=tuple(split_list(row.get("orgSourcedIds"))),
        primary_org_id=row.text("primaryOrgSourcedId"),
        username=row.text("username"),
        given_name=row.text("givenName"),
        family_name=row.text("familyName"),
        middle_name=row.get("middleName"),
        preferred_given_name=row.get("preferredGivenName"),
        identifier=row.text("identifier"),
        email=row.get("email"),
        phone=(row.get("phone") or row.get("sms")) if ("phone" in row.values or "sms" in row.values) else None,
        agent_ids=tuple(split_list(row.get("agentSourcedIds"))),
        grades=row.get("grades"),
    )


def _role(row: Row) -> RoleRecord:
    if not row.text("userSourcedId"):
        raise RowError("userSourcedId", "blank; say whose role this is")
    if not row.text("role") and not row.deleted:
        raise RowError("role", "blank")
    return RoleRecord(row.line, row.sourced_id, row.deleted, row.text("userSourcedId"), row.text("role").lower(),
                      row.text("roleType").lower() != "secondary", row.text("orgSourcedId"))


def _demographics(row: Row, day_first: bool) -> DemographicsRecord:
    birth = parse_date(row.get("birthDate"), "birthDate", day_first=day_first)
    sex = parse_sex(row.get("sex")) if "sex" in row.values else None
    races = {}
    for column, name in RACE_COLUMNS.items():
        if column in row.values:
            races[name] = bool(parse_bool(row.get(column), column))
    hispanic = parse_bool(row.get("hispanicOrLatinoEthnicity"), "hispanicOrLatinoEthnicity")
    return DemographicsRecord(row.line, row.sourced_id, row.deleted, birth, "birthDate" in row.values, sex, races,
                              hispanic, "hispanicOrLatinoEthnicity" in row.values)


def _session(row: Row, day_first: bool) -> SessionRecord:
    start = parse_date(row.get("startDate"), "startDate", day_first=day_first)
    end = parse_date(row.get("endDate"), "endDate", day_first=day_first)
    if start and end and end <= start:
        raise RowError("endDate", f"{end.isoformat()} is not after the start date {start.isoformat()}")
    return SessionRecord(row.line, row.sourced_id, row.deleted, row.text("title"), row.text("type"), start, end,
                         parse_school_year(row.get("schoolYear")))


def _class(row: Row) -> ClassRecord:
    return ClassRecord(row.line, row.sourced_id, row.deleted, row.text("title"), row.text("classCode"),
                       row.text("courseSourcedId"), row.text("schoolSourcedId"))


def _course(row: Row) -> CourseRecord:
    return CourseRecord(row.line, row.sourced_id, row.text("title"), row.text("courseCode"))


def _enrollment(row: Row, day_first: bool) -> EnrollmentRecord:
    if not row.text("classSourcedId"):
        raise RowError("classSourcedId", "blank; say which class")
    if not row.text("userSourcedId"):
        raise RowError("userSourcedId", "blank; say who is enrolled")
    begin = parse_date(row.get("beginDate"), "beginDate", day_first=day_first)
    end = parse_date(row.get("endDate"), "endDate", day_first=day_first)
    if begin and end and end < begin:
        raise RowError("endDate", f"{end.isoformat()} is before the begin date {begin.isoformat()}")
    return EnrollmentRecord(row.line, row.sourced_id, row.deleted, row.text("classSourcedId"),
                            row.text("schoolSourcedId"), row.text("userSourcedId"), row.text("role").lower(),
                            begin, end)


_CONVERTERS = {
    "orgs": (_org, False),
    "users": (_user, False),
    "roles": (_role, False),
    "demographics": (_demographics, True),
    "academicSessions": (_session, True),
    "classes": (_class, False),
    "courses": (_course, False),
    "enrollments": (_enrollment, True),
}
# Files whose rows need a sourcedId of their own (roles rows are keyed by their user).
_KEYED = {"orgs", "users", "demographics", "academicSessions", "classes", "courses", "enrollments"}


def read_records(export: Export, table: str, issues: list[Issue]) -> Iterator:
    """The typed records of one file. A row that cannot be read becomes an error in ``issues`` instead.

    A sourcedId seen twice in the same file is an error on the second row: which one is right is the
    SIS's call, not ours.
    """
    convert, has_dates = _CONVERTERS[table]
    day_first = has_dates and export.has(table) and writes_day_first(export, table)
    seen: dict[str, int] = {}
    keyed = table in _KEYED
    for row in read_rows(export, table, issues):
        sourced_id = row.sourced_id
        if keyed:
            if not sourced_id:
                issues.append(Issue("error", row.file, row.line, "", "sourcedId", "blank; every row needs one"))
                continue
            if sourced_id in seen:
                issues.append(Issue("error", row.file, row.line, sourced_id, "sourcedId",
                                    f"the same sourcedId is on line {seen[sourced_id]}; this row is skipped"))
                continue
            seen[sourced_id] = row.line
        try:
            yield convert(row, day_first) if has_dates else convert(row)
        except RowError as exc:
            issues.append(Issue("error", row.file, row.line, sourced_id or row.text("userSourcedId"),
                                exc.column, exc.message))
