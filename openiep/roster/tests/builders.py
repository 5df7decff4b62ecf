"""OneRoster exports written in tmp_path for tests: a small 1.1 district, its 1.2 twin, and a big one."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

Table = list[list[str]]

ORGS = [
    ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
    ["dist-1", "active", "2024-08-01", "Riverside Unified", "district", "3904321", ""],
    ["sch-lin", "active", "2024-08-01", "Lincoln Elementary", "school", "390432100001", "dist-1"],
    ["sch-wash", "active", "2024-08-01", "Washington Middle", "school", "", "dist-1"],
    ["dept-sci", "active", "2024-08-01", "Science Department", "department", "", "sch-wash"],
]

USERS_11 = [
    ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds",
     "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
     "password"],
    ["stu-maya", "active", "2024-08-01", "true", "sch-lin", "student", "maya.a", "", "Maya", "Alvarez", "Rose",
     "100001", "", "", "", "par-pat", "04", ""],
    ["stu-leo", "active", "2024-08-01", "true", "sch-wash", "student", "leo.b", "", "Leo", "Brown", "",
     "100002", "", "", "", "", "7", ""],
    ["stu-ivy", "active", "2024-08-01", "true", "dept-sci", "student", "ivy.c", "", "Ivy", "Chen", "", "",
     "", "", "", "rel-gran", "KG", ""],
    ["tch-cho", "active", "2024-08-01", "true", "sch-lin", "teacher", "charlie.cho", "", "Charlie", "Cho", "", "",
     "charlie@riverside.example.org", "", "", "", "", ""],
    ["tch-aide", "active", "2024-08-01", "true", "sch-wash", "aide", "dana.diaz", "", "Dana", "Diaz", "", "", "",
     "", "", "", "", ""],
    ["adm-sam", "active", "2024-08-01", "true", "sch-lin", "administrator", "sam.school", "", "Sam", "Shaw", "",
     "", "sam@riverside.example.org", "", "", "", "", ""],
    ["adm-dora", "active", "2024-08-01", "true", "dist-1", "administrator", "dora.district", "", "Dora", "Dean",
     "", "", "", "", "", "", "", ""],
    ["par-pat", "active", "2024-08-01", "true", "sch-lin", "parent", "pat.alvarez", "", "Pat", "Alvarez", "", "",
     "pat@family.example.org", "", "555-0100", "stu-maya", "", ""],
    ["rel-gran", "active", "2024-08-01", "true", "sch-wash", "relative", "gran.chen", "", "Grace", "Chen", "", "",
     "", "", "", "", "", ""],
]

DEMOGRAPHICS = [
    ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
     "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
     "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
     "publicSchoolResidenceStatus"],
    ["stu-maya", "active", "2024-08-01", "2015-03-09", "female", "false", "false", "false", "false", "true", "false",
     "true", "", "", "", ""],
    ["stu-leo", "active", "2024-08-01", "2012-11-30T00:00:00.000Z", "male", "false", "true", "true", "false",
     "false", "true", "false", "", "", "", ""],
]

SESSIONS = [
    ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId",
     "schoolYear"],
    ["sy-2025", "active", "2024-08-01", "2024-25", "schoolYear", "2024-08-19", "2025-06-06", "", "2025"],
    ["term-1", "active", "2024-08-01", "Fall", "term", "2024-08-19", "2024-12-20", "sy-2025", "2025"],
    ["term-old", "active", "2024-08-01", "Spring 2024", "term", "2024-01-08", "2024-05-31", "", "2024"],
]

CLASSES = [
    ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
     "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"],
    ["cls-g4", "active", "2024-08-01", "Grade 4 homeroom", "04", "crs-g4", "G4-HR", "homeroom", "", "sch-lin",
     "term-1", "", "", ""],
    ["cls-sci", "active", "2024-08-01", "", "07", "crs-sci", "", "scheduled", "", "dept-sci", "term-1", "", "", ""],
]

COURSES = [
    ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades",
     "orgSourcedId", "subjects", "subjectCodes"],
    ["crs-g4", "active", "2024-08-01", "sy-2025", "Grade 4", "G4", "04", "sch-lin", "", ""],
    ["crs-sci", "active", "2024-08-01", "sy-2025", "Life Science 7", "SCI7", "07", "sch-wash", "", ""],
]

ENROLLMENTS = [
    ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
     "primary", "beginDate", "endDate"],
    ["enr-1", "active", "2024-08-01", "cls-g4", "sch-lin", "tch-cho", "teacher", "true", "2024-08-19", ""],
    ["enr-2", "active", "2024-08-01", "cls-g4", "sch-lin", "stu-maya", "student", "false", "2024-08-19", ""],
    ["enr-3", "active", "2024-08-01", "cls-sci", "sch-wash", "tch-aide", "aide", "false", "", ""],
    ["enr-4", "active", "2024-08-01", "cls-sci", "sch-wash", "stu-leo", "student", "false", "8/19/2024",
     "6/6/2025"],
]

MANIFEST_11 = [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", "1.1"]]
MANIFEST_12 = [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", "1.2"]]


def district_11() -> dict[str, Table]:
    """A small, clean OneRoster 1.1 export of Riverside Unified."""
    return {
        "manifest.csv": MANIFEST_11, "orgs.csv": ORGS, "users.csv": USERS_11, "demographics.csv": DEMOGRAPHICS,
        "academicSessions.csv": SESSIONS, "classes.csv": CLASSES, "courses.csv": COURSES,
        "enrollments.csv": ENROLLMENTS,
    }


def district_12() -> dict[str, Table]:
    """The same district as a 1.2 export: roles in roles.csv, primaryOrgSourcedId and preferred names."""
    header = [c for c in USERS_11[0] if c not in ("orgSourcedIds", "role")] + [
        "userMasterIdentifier", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
        "primaryOrgSourcedId", "pronouns"]
    users = [header]
    roles = [["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate",
              "endDate", "orgSourcedId", "userProfileSourcedId"]]
    role_names = {"administrator": "siteAdministrator"}
    for row in USERS_11[1:]:
        record = dict(zip(USERS_11[0], row, strict=True))
        if record["sourcedId"] == "adm-dora":
            role = "districtAdministrator"
        else:
            role = role_names.get(record["role"], record["role"])
        preferred = "Mimi" if record["sourcedId"] == "stu-maya" else ""
        users.append([record[c] for c in header[:len(header) - 6]] + ["", preferred, "", "", record["orgSourcedIds"],
                                                                       ""])
        roles.append([f"role-{record['sourcedId']}", "active", "2024-08-01", record["sourcedId"], "primary", role,
                      "", "", record["orgSourcedIds"], ""])
    profiles = [["sourcedId", "status", "dateLastModified", "userSourcedId", "profileType", "vendorId",
                 "applicationId", "description", "credentialType", "username", "password"],
                ["prof-1", "active", "2024-08-01", "stu-maya", "lms", "v1", "", "", "password", "maya.a", ""]]
    return {**district_11(), "manifest.csv": MANIFEST_12, "users.csv": users, "roles.csv": roles,
            "userProfiles.csv": profiles}


def big_district(students: int) -> dict[str, Table]:
    """A district-sized 1.1 export: ``students`` students, a parent each, 5 classes each, 20 schools."""
    schools = 20
    orgs = [ORGS[0], ORGS[1]] + [[f"sch-{n}", "active", "", f"School {n}", "school", "", "dist-1"]
                                 for n in range(schools)]
    users = [USERS_11[0]]
    demographics = [DEMOGRAPHICS[0]]
    classes = [CLASSES[0]]
    enrollments = [ENROLLMENTS[0]]
    teachers = max(1, students // 25)
    for t in range(teachers):
        users.append([f"tch-{t}", "active", "", "true", f"sch-{t % schools}", "teacher", f"teacher{t}", "",
                      "Teach", f"Er{t}", "", "", f"teacher{t}@example.org", "", "", "", "", ""])
        for period in range(5):
            classes.append([f"cls-{t}-{period}", "active", "", f"Class {t}-{period}", "", "", "", "scheduled", "",
                            f"sch-{t % schools}", "", "", "", ""])
            enrollments.append([f"enr-t-{t}-{period}", "active", "", f"cls-{t}-{period}", f"sch-{t % schools}",
                                f"tch-{t}", "teacher", "true", "", ""])
    for s in range(students):
        t = s % teachers
        school = f"sch-{t % schools}"
        users.append([f"stu-{s}", "active", "", "true", school, "student", f"student{s}", "", "Stu", f"Dent{s}", "",
                      f"{500000 + s}", "", "", "", f"par-{s}", f"{s % 12 + 1:02d}", ""])
        users.append([f"par-{s}", "active", "", "true", school, "parent", f"parent{s}", "", "Pa", f"Rent{s}", "",
                      "", f"parent{s}@example.org", "", "555-0100", f"stu-{s}", "", ""])
        demographics.append([f"stu-{s}", "active", "", "2014-05-01", "female" if s % 2 else "male", "false",
                             "false", "false", "false", "true", "false", "false", "", "", "", ""])
        for period in range(5):
            enrollments.append([f"enr-{s}-{period}", "active", "", f"cls-{t}-{period}", school, f"stu-{s}",
                                "student", "false", "2024-08-19", ""])
    return {"manifest.csv": MANIFEST_11, "orgs.csv": orgs, "users.csv": users, "demographics.csv": demographics,
            "classes.csv": classes, "enrollments.csv": enrollments, "academicSessions.csv": SESSIONS}


def csv_text(rows: Table) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_export(where: Path, files: dict[str, Table | str], *, as_zip: bool = False, bom: bool = False) -> Path:
    """Write the files into the folder ``where`` (made if needed), or into ``where`` as a zip."""
    texts = {name: content if isinstance(content, str) else csv_text(content) for name, content in files.items()}
    prefix = "\ufeff" if bom else ""
    if as_zip:
        where.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(where, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in texts.items():
                archive.writestr(name, (prefix + text).encode("utf-8"))
        return where
    where.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (where / name).write_text(prefix + text, encoding="utf-8", newline="")
    return where


def edit(table: Table, sourced_id: str, **changes: str) -> Table:
    """A copy of the table with one row's columns changed."""
    header = table[0]
    rows = [header]
    for row in table[1:]:
        row = list(row)
        if row[0] == sourced_id:
            for column, value in changes.items():
                row[header.index(column)] = value
        rows.append(row)
    return rows


def reorder(table: Table, columns: list[str]) -> Table:
    """The table with its columns in another order (header names as given, so their case can differ)."""
    lower = [c.lower() for c in table[0]]
    positions = [lower.index(c.lower()) for c in columns]
    return [columns] + [[row[p] for p in positions] for row in table[1:]]


def with_columns(table: Table, **extra: str) -> Table:
    """The table with vendor columns added at the end (names may contain dots: pass them via **{...})."""
    return [table[0] + list(extra)] + [row + list(extra.values()) for row in table[1:]]
