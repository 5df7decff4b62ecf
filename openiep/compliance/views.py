"""Compliance pages: the deadline dashboard and its CSV export, a student's deadlines, Indicator 11, the calendar.

Pages not about one student check the role with ``require_action`` and read only through
``selectors.deadlines_visible_to(user)``; the student's page goes through ``@student_view``.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openiep.access.policy import Action
from openiep.access.views import require_action, student_view
from openiep.compliance import selectors
from openiep.compliance.filters import DeadlineFilter
from openiep.compliance.forms import CalendarUploadForm, PeriodForm
from openiep.compliance.law_profiles import load_profile
from openiep.compliance.models import Deadline
from openiep.compliance.services import calendar_upload
from openiep.people.models import Student, User
from openiep.people.selectors import schools_visible_to

PAGE_SIZE = 50
SECTION_SIZE = 25
# A large district has thousands of case managers: the district-wide table shows those most behind.
STAFF_ROWS_DISTRICT = 25
STAFF_ROWS_SCHOOL = 300
SECTION_TITLES = {
    "overdue": ("Overdue", "Past the due date and not done."),
    "week": ("Due in the next 7 days", "Today through a week from today."),
    "month": ("Due in 8 to 30 days", "Coming up this month."),
}


class CountedPaginator(Paginator):
    """A paginator told the total (already counted in the dashboard's GROUP BY) instead of asking again."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _with_links(request: HttpRequest, page, param: str = "page"):
    """Set ``page.prev_url`` / ``page.next_url``: this page's query with another page number."""
    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.prev_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


PAGE_PARAMS = ("page", "overdue_page", "week_page", "month_page")


def _link_rows(request: HttpRequest, rows: list[selectors.CountRow], param: str) -> None:
    """Give each row of a table of counts ``.url``: this page narrowed to that school or person."""
    query = request.GET.copy()
    for name in PAGE_PARAMS:
        query.pop(name, None)
    if param == "school":
        query.pop("responsible", None)
    for row in rows:
        if row.key is None:
            row.url = ""
            continue
        query[param] = str(row.key)
        row.url = f"?{query.urlencode()}"


def _may_upload_calendar(user: User) -> bool:
    """Who may replace the district's school calendar (and so recompute every deadline in the district).

    TODO(lead): move into the access policy as ``Action.MANAGE_CALENDAR`` (district administrators).
    """
    return user.is_authenticated and user.role == User.Role.DISTRICT_ADMIN and user.district_id is not None


def _rules_for(user: User) -> list[tuple[str, str]]:
    profile = load_profile(user.district.state if user.district_id else None)
    return [(rule.id, rule.label) for rule in profile.rules if rule.kind == Deadline.Kind.DEADLINE]


def _deadline_filter(request: HttpRequest, user: User, scope: QuerySet[Deadline], today: date) -> DeadlineFilter:
    """The dashboard's filters, with the choices the role can use."""
    district_wide = selectors.is_district_wide(user)
    schools = schools_visible_to(user).only("id", "name").order_by("name") if district_wide else None
    people = None
    if user.role != User.Role.CASE_MANAGER:
        # Any staff member of the district validates (the table of counts links to each); the menu lists
        # only the people of one school, since a district has thousands of case managers.
        people = User.objects.filter(district_id=user.district_id).only("id", "first_name", "last_name", "username")
    filterset = DeadlineFilter(request.GET or None, queryset=scope.dated(), schools=schools, people=people,
                               rules=_rules_for(user), today=today)
    if people is not None:
        field = filterset.form.fields["responsible"]
        school = filterset.chosen("school")
        chosen = filterset.chosen("responsible")
        if school is not None or not district_wide:
            at_school = scope.filter(school=school) if school is not None else scope
            keep = Q(pk__in=selectors.responsible_choices(at_school).values("pk"))
            if chosen is not None:
                keep |= Q(pk=chosen.pk)
            field.queryset = User.objects.filter(keep).only("id", "first_name", "last_name", "username").order_by(
                "last_name", "first_name", "id")
        else:
            field.widget.choices = [("", "Everyone")] + (
                [(chosen.pk, field.label_from_instance(chosen))] if chosen is not None else []
            )
            field.help_text = "Choose a school to list its staff, or pick a person in the table below."
    return filterset


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """What is overdue and due soon, in the user's scope: the district, a school, or one's own caseload."""
    user: User = request.user
    require_action(user, Action.VIEW_COMPLIANCE)
    today = timezone.localdate()
    scope = selectors.deadlines_visible_to(user)
    filterset = _deadline_filter(request, user, scope, today)
    narrowed = filterset.narrow(scope)
    district_wide = selectors.is_district_wide(user)

    one_school = not district_wide or filterset.chosen("school") is not None
    if user.role == User.Role.CASE_MANAGER:
        totals, by_school, by_staff, staff_total = selectors.section_counts(narrowed, today), [], [], 0
    else:
        numbers = selectors.counts(narrowed, today, staff_limit=STAFF_ROWS_SCHOOL if one_school else STAFF_ROWS_DISTRICT)
        totals, by_staff, staff_total = numbers.totals, numbers.by_staff, numbers.staff_total
        by_school = numbers.by_school if district_wide else []

    _link_rows(request, by_school, "school")
    _link_rows(request, by_staff, "responsible")

    sections = []
    matching = None
    if filterset.is_list:
        rows = selectors.for_rows(filterset.qs)
        descending = filterset.chosen("status") in {"met", "late"}
        rows = rows.order_by("-due_on", "-id") if descending else rows.order_by("due_on", "id")
        if filterset.chosen("status") == "overdue" and not (filterset.chosen("due_from") or filterset.chosen("due_to")):
            paginator = CountedPaginator(rows, PAGE_SIZE, count=totals["overdue"] or 0)  # counted above already
        else:
            paginator = Paginator(rows, PAGE_SIZE)
        matching = _with_links(request, paginator.get_page(request.GET.get("page")))
        matching.rows = selectors.with_status(matching.object_list, today)
    else:
        for key, queryset in selectors.sections(narrowed, today).items():
            page = CountedPaginator(selectors.for_rows(queryset).order_by("due_on", "id"), SECTION_SIZE,
                                    count=totals[key] or 0).get_page(request.GET.get(f"{key}_page"))
            _with_links(request, page, f"{key}_page")
            page.rows = selectors.with_status(page.object_list, today)
            title, lede = SECTION_TITLES[key]
            sections.append({"key": key, "title": title, "lede": lede, "page": page})

    context = {
        "filter": filterset,
        "today": today,
        "totals": totals,
        "by_school": by_school,
        "by_staff": by_staff,
        "staff_total": staff_total,
        "sections": sections,
        "matching": matching,
        "scope_title": _scope_title(user),
        "district_wide": district_wide,
        "is_case_manager": user.role == User.Role.CASE_MANAGER,
        "query": request.GET.urlencode(),
    }
    return render(request, "compliance/dashboard.html", context)


def _scope_title(user: User) -> str:
    if selectors.is_district_wide(user):
        return "Deadlines across the district"
    if user.role == User.Role.SCHOOL_ADMIN:
        return "Deadlines at your school"
    return "Deadlines you are responsible for"


@require_GET
def deadlines_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's list as a spreadsheet; each student named is entered in their record of access."""
    user: User = request.user
    require_action(user, Action.VIEW_COMPLIANCE)
    today = timezone.localdate()
    scope = selectors.deadlines_visible_to(user)
    filterset = _deadline_filter(request, user, scope, today)
    queryset = filterset.qs if filterset.is_list else selectors.soon(filterset.narrow(scope), today)
    rows, students = selectors.export_rows(queryset, today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{today.isoformat()}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(selectors.EXPORT_HEADER)
    writer.writerows(rows)
    with transaction.atomic():
        selectors.export_access_records(user=user, student_ids=students, path=request.get_full_path())
    return response


@require_GET
@student_view(Action.VIEW_STUDENT, record="Deadlines and timelines")
def student_deadlines(request: HttpRequest, student: Student) -> HttpResponse:
    """Every stored deadline of the student with the law's arithmetic."""
    today = timezone.localdate()
    cycles = selectors.deadlines_for_student(student=student, today=today)
    return render(request, "compliance/student_deadlines.html", {
        "student": student, "cycles": cycles, "today": today,
    })


INDICATOR_LISTS = {
    "late": "Completed late",
    "not_completed": "Not yet completed",
    "on_time": "Completed on time",
}


@require_GET
def indicator_11(request: HttpRequest) -> HttpResponse:
    """SPP/APR Indicator 11: initial evaluations completed within the state timeline, and who is behind each number."""
    user: User = request.user
    require_action(user, Action.VIEW_COMPLIANCE)
    today = timezone.localdate()
    scope = selectors.deadlines_visible_to(user)
    schools = schools_visible_to(user).only("id", "name").order_by("name") if selectors.is_district_wide(user) else None
    form = PeriodForm(request.GET, today=today, schools=schools)
    result = page = None
    show = request.GET.get("show") if request.GET.get("show") in INDICATOR_LISTS else "late"
    if form.is_valid():
        first, last = form.cleaned_data["from"], form.cleaned_data["to"]
        if form.cleaned_data.get("school") is not None:
            scope = scope.filter(school=form.cleaned_data["school"])
        result = selectors.indicator_11(scope, first, last, today)
        page = _with_links(request, Paginator(selectors.indicator_11_list(scope, first, last, show), PAGE_SIZE)
                           .get_page(request.GET.get("page")))
        page.rows = selectors.with_status(page.object_list, today)
    lists = []
    for key, title in INDICATOR_LISTS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["show"] = key
        lists.append({"key": key, "title": title, "url": f"?{query.urlencode()}#list"})
    return render(request, "compliance/indicator_11.html", {
        "form": form, "result": result, "page": page, "show": show, "lists": lists,
        "list_urls": {item["key"]: item["url"] for item in lists},
        "list_title": INDICATOR_LISTS[show], "scope_title": _scope_title(user),
    })


@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The district's school calendar in force; district administrators upload a new one here."""
    user: User = request.user
    require_action(user, Action.VIEW_COMPLIANCE)
    may_upload = _may_upload_calendar(user)
    if request.method == "POST" and not may_upload:
        raise PermissionDenied("Only district administrators may change the school calendar.")
    form = CalendarUploadForm(request.POST, request.FILES) if request.method == "POST" else CalendarUploadForm()
    report = failures = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _upload, report = calendar_upload(district=user.district, name=form.cleaned_data["file"].name,
                                                  ics=form.ics, actor=user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form = CalendarUploadForm()
                names = Student.objects.filter(pk__in=list(report.failed)[:100], district_id=user.district_id).only(
                    "id", "first_name", "last_name", "preferred_name")
                failures = [(student, report.failed[student.pk]) for student in names]
        if form.errors:
            status = 422 if request.htmx else 200
    return render(request, "compliance/calendar.html", {
        "current": selectors.current_calendar(user.district_id),
        "may_upload": may_upload,
        "form": form if may_upload else None,
        "report": report,
        "failures": failures,
    }, status=status)
