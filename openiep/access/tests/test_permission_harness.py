"""The permission harness: every URL of the project, every role, a student outside the user's scope.

The URL list is read from the resolver, so a new URL is covered without anyone remembering to add
it. A URL parameter the harness cannot fill (a new ``<int:something_id>``) fails the suite until
its app's ``tests/harness.py`` declares how to build such a record for an out-of-scope student. URLs that cannot be
covered are listed in ``NOT_COVERED`` with the reason.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from openiep.people.models import AdvocateGrant, Student, TeamMembership, User
from openiep.people.tests.factories import (
    AdvocateGrantFactory,
    DistrictFactory,
    GuardianFactory,
    GuardianshipFactory,
    SchoolFactory,
    StudentFactory,
    TeamMembershipFactory,
    UserFactory,
)

# URL name -> why the harness does not request it for an out-of-scope student.
NOT_COVERED: dict[str, str] = {
    "login": "Public sign-in page; shows no student data (tested in test_sign_in).",
    "logout": "Ends the session; shows no student data.",
}


ParameterBuilder = Callable[[Student], int]


def _membership(student: Student) -> int:
    return TeamMembershipFactory(student=student, role=TeamMembership.TeamRole.SPED_TEACHER,
                                 member=UserFactory(district=student.district, role=User.Role.SPED_TEACHER)).pk


def _grant(student: Student) -> int:
    parent = UserFactory(district=student.district, role=User.Role.PARENT)
    GuardianshipFactory(student=student, guardian=GuardianFactory(district=student.district, user=parent))
    return AdvocateGrantFactory(student=student, granted_by=parent,
                                advocate=UserFactory(role=User.Role.ADVOCATE, district=None)).pk


# URL parameter -> how to build a record of that kind belonging to a given (out-of-scope) student.
# Apps add their own in ``openiep/<app>/tests/harness.py`` as a dict named URL_PARAMETERS.
CORE_PARAMETERS: dict[str, ParameterBuilder] = {
    "student_id": lambda student: student.pk,
    "school_id": lambda student: student.school_id,
    "membership_id": _membership,
    "grant_id": _grant,
}


def parameter_builders() -> dict[str, ParameterBuilder]:
    builders = dict(CORE_PARAMETERS)
    for app in apps.get_app_configs():
        if not app.name.startswith("openiep."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.tests.harness")
        except ModuleNotFoundError as exc:
            if exc.name not in {f"{app.name}.tests", f"{app.name}.tests.harness"}:
                raise
            continue
        for name, builder in module.URL_PARAMETERS.items():
            assert name not in builders, f"URL parameter <{name}> is declared twice ({app.name})"
            builders[name] = builder
    return builders


@dataclass
class Target:
    """An out-of-scope student; records for URL parameters are built on first use and reused."""

    student: Student
    built: dict[str, int] = field(default_factory=dict)

    def value(self, name: str, builders: dict[str, ParameterBuilder]) -> int:
        if name not in self.built:
            self.built[name] = builders[name](self.student)
        return self.built[name]


def walk(patterns, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def all_urls() -> list[tuple[str, URLPattern]]:
    return sorted(walk(get_resolver().url_patterns), key=lambda item: item[0])


def build_path(route: str, pattern: URLPattern, target: Target) -> str:
    builders = parameter_builders()
    path = "/" + route
    for name in pattern.pattern.converters:
        if name not in builders:
            pytest.fail(
                f"URL {route!r} ({pattern.name}) takes <{name}>: add a builder for it to URL_PARAMETERS in "
                "openiep/<app>/tests/harness.py (a record of that kind for a given student), so the new URL is covered."
            )
        value = str(target.value(name, builders))
        # Any converter (<int:x>, <str:x>, <slug:x>) or none (<x>).
        path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
    assert "<" not in path, f"could not fill every parameter of {route}"
    return path


@pytest.fixture
def student_user(cast):
    """The student, once educational rights have transferred (34 CFR 300.520): a role of its own."""
    from django.utils import timezone

    user = UserFactory(role=User.Role.STUDENT, district=cast.district, username="maya.student")
    Student.objects.filter(pk=cast.student.pk).update(user=user, rights_transferred_on=timezone.localdate())
    cast.users["student"] = user
    return user


@pytest.fixture
def targets(cast, student_user) -> dict[str, Target]:
    """Two out-of-scope students: one in the same district (another school), one in another district."""
    foreign_district = DistrictFactory(name="Elsewhere District", state="TX")
    foreign_school = SchoolFactory(district=foreign_district, name="Faraway High")
    return {
        "same_district": Target(StudentFactory(district=cast.district, school=cast.washington,
                                               first_name="Quentin", last_name="Hidden-Quentin")),
        "other_district": Target(StudentFactory(district=foreign_district, school=foreign_school,
                                                first_name="Zora", last_name="Hidden-Zora")),
    }


DISTRICT_ROLES = {"district_admin", "auditor"}


def out_of_scope_targets(role: str, targets: dict[str, Target]) -> list[Target]:
    # District roles see every student of their district by design; for them only the other district is out.
    if role in DISTRICT_ROLES:
        return [targets["other_district"]]
    return [targets["same_district"], targets["other_district"]]


def snapshot() -> dict[str, int]:
    """Row counts of every OpenIEP table (history included), plus the few updates a refused POST could make."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("openiep.")
    }
    counts["revoked grants"] = AdvocateGrant.objects.filter(revoked_at__isnull=False).count()
    counts["ended memberships"] = TeamMembership.objects.filter(end_date__isnull=False).count()
    return counts


ROLES = ["district_admin", "auditor", "school_admin", "case_manager", "sped_teacher", "gened_teacher",
         "provider", "evaluator", "parent", "advocate", "student"]


def test_every_url_is_either_covered_or_listed_with_a_reason():
    names = {pattern.name for _, pattern in all_urls()}
    assert None not in names, "every URL pattern needs a name so the harness can report it"
    stale = set(NOT_COVERED) - names
    assert not stale, f"NOT_COVERED lists URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_an_out_of_scope_student_with_their_data(client, cast, targets, role):
    user = cast[role]
    client.force_login(user)
    # Build every record the URLs point at first, so the counts below only see what requests changed.
    for route, pattern in all_urls():
        for target in out_of_scope_targets(role, targets):
            build_path(route, pattern, target)
    before = snapshot()
    checked = 0
    for route, pattern in all_urls():
        if pattern.name in NOT_COVERED:
            continue
        for target in out_of_scope_targets(role, targets):
            secret = target.student.last_name
            path = build_path(route, pattern, target)
            has_object = bool(pattern.pattern.converters)
            for method in ("get", "post"):
                # The search term matches the hidden student's name without echoing all of it back.
                data = {"end_date": timezone.localdate().isoformat(), "q": "Hidden",
                        "member": cast["case_manager"].pk, "role": "case_manager",
                        "start_date": timezone.localdate().isoformat(),
                        "advocate_email": "x@example.org",
                        "expires_on": (timezone.localdate() + timedelta(days=5)).isoformat()}
                response = getattr(client, method)(path, data if method == "post" else {"q": "Hidden"})
                body = response.content.decode(errors="replace")
                assert secret not in body, f"{role} {method.upper()} {path} shows {secret}"
                if has_object:
                    assert response.status_code in {403, 404, 405}, (
                        f"{role} {method.upper()} {path} answered {response.status_code} for an out-of-scope record"
                    )
                checked += 1
    assert checked > 0
    after = snapshot()
    changed = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    assert not changed, f"{role} changed out-of-scope records: {changed}"


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, cast, targets):
    for route, pattern in all_urls():
        if pattern.name in NOT_COVERED:
            continue
        path = build_path(route, pattern, targets["same_district"])
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 302, f"anonymous {method.upper()} {path}: {response.status_code}"
            assert response["Location"].startswith("/sign-in/"), response["Location"]


def test_every_student_url_goes_through_the_student_gate():
    """A view taking student_id must be wrapped by access.views.student_view (the one policy)."""
    for route, pattern in all_urls():
        if "student_id" in pattern.pattern.converters:
            assert hasattr(pattern.callback, "openiep_action"), f"{route} does not use @student_view"


@pytest.mark.parametrize("role", ["case_manager", "district_admin", "parent"])
def test_no_url_reaches_another_students_record_through_an_in_scope_student(client, cast, targets, role):
    """An in-scope student id with a record id that belongs to someone else: never served, never changed."""
    client.force_login(cast[role])
    mixed = [
        (route, pattern) for route, pattern in all_urls()
        if "student_id" in pattern.pattern.converters and len(pattern.pattern.converters) > 1
    ]
    assert mixed, "no URL takes a student and a record below it: the test proves nothing"
    paths = []
    for route, pattern in mixed:
        other = targets["same_district"]
        path = build_path(route, pattern, other)  # every record of the outsider
        paths.append(path.replace(f"/students/{other.student.pk}/", f"/students/{cast.student.pk}/", 1))
    before = snapshot()
    for path in paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in {403, 404, 405}, (
                f"{role} {method.upper()} {path} answered {response.status_code}: a record of another student "
                "was reached through this student's URL"
            )
    changed = {name: (before[name], after) for name, after in snapshot().items() if before[name] != after}
    assert not changed, f"{role} changed another student's records: {changed}"
