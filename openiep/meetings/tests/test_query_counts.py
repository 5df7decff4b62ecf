"""The meeting pages run the same number of queries however many invitees and inputs a meeting has, and the
lists on other pages however many meetings a student has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiep.meetings.tests.factories import MeetingFactory, ParentInputFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def measure(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], len(response.content)


def grow(meeting, cast, n=8):
    for i in range(n):
        ParticipantFactory(meeting=meeting, role=["parent", "regular_ed_teacher", "agency", "other"][i % 4],
                           email=f"p{i}@example.org", user=cast["sped_teacher"] if i % 2 else None)
        ParentInputFactory(meeting=meeting, author=cast["parent"], concerns=f"Concern {i}")


@pytest.mark.parametrize("role", ["case_manager", "parent"])
@pytest.mark.parametrize("path", ["", "notice/", "invitation.ics"])
def test_the_meeting_pages_do_not_grow_with_invitees(cast, client, role, path):
    meeting = MeetingFactory(student=cast.student)
    ParticipantFactory(meeting=meeting, role="parent")
    client.force_login(cast[role])
    url = f"/students/{cast.student.pk}/meetings/{meeting.pk}/{path}"
    small, _, small_size = measure(client, url)
    grow(meeting, cast)
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)


def test_the_input_page_does_not_grow(cast, client):
    meeting = MeetingFactory(student=cast.student)
    client.force_login(cast["parent"])
    url = f"/students/{cast.student.pk}/meetings/{meeting.pk}/input/"
    small, _, _ = measure(client, url)
    grow(meeting, cast)
    large, sql, _ = measure(client, url)
    assert large == small, "\n".join(sql)


@pytest.mark.parametrize("role, url", [("sped_teacher", "/students/{pk}/"), ("sped_teacher", "/students/{pk}/case/"),
                                       ("parent", "/"), ("case_manager", "/")])
def test_the_meeting_lists_do_not_grow_with_meetings(cast, client, role, url):
    url = url.format(pk=cast.student.pk)
    MeetingFactory(student=cast.student)
    client.force_login(cast[role])
    small, _, small_size = measure(client, url)
    for kind in ("annual", "reevaluation", "amendment", "other"):
        MeetingFactory(student=cast.student, kind=kind)
    large, sql, large_size = measure(client, url)
    assert large_size > small_size
    assert large == small, "\n".join(sql)
