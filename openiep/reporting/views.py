"""Pages of federal reporting: the child count on screen and as EDFacts-style files, the students behind each
cell, the validation report, and the SPP/APR indicators.

Not about one student: each page checks the role with ``require_action(…, VIEW_FEDERAL_REPORTS)`` and reads only
students in the user's scope (``students_visible_to``, inside the selectors). Lists that name students are entered
in their record of access (views in bulk for the page shown; exports for every student in the file).
"""

from __future__ import annotations

import csv
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from openiep.access.policy import ROLE_SCOPE, Action, Scope
from openiep.access.views import require_action
from openiep.audit.models import AccessRecord
from openiep.compliance.selectors import cell as safe_cell
from openiep.compliance.selectors import export_access_records
from openiep.people.models import User
from openiep.reporting import rules, selectors
from openiep.reporting.forms import CountDateForm, PeriodForm

PAGE_SIZE = 50
LIST_RECORD = "Child count: list of students counted"
VALIDATION_RECORD = "Child count: data problems to fix"
INDICATOR_13_RECORD = "Indicator 13: transition components of the IEP"
INDICATOR_12_RECORD = "Indicator 12: Part C to Part B by the third birthday"


def _scope_title(user: User) -> str:
    scope = ROLE_SCOPE.get(user.role)
    if scope is Scope.DISTRICT:
        return f"All schools of {user.district}" if user.district_id else "No district"
    if scope is Scope.SCHOOL:
        return f"{user.school}" if user.school_id else "No school"
    return "Your students"


def _count_form(request: HttpRequest) -> CountDateForm:
    return CountDateForm(request.GET, district_id=request.user.district_id, today=timezone.localdate())


def _record_views(request: HttpRequest, student_ids: list[int], record: str) -> None:
    export_access_records(user=request.user, student_ids=set(student_ids), path=request.get_full_path(),
                          record=record, kind=AccessRecord.Kind.VIEW)


def cell_url(day: date, spec: str, environment: str = "", dimension: str = "", value: str = "") -> str:
    query = {"count_date": day.isoformat(), "file": spec}
    if environment:
        query["environment"] = environment
    if dimension:
        query["dimension"] = dimension
        query["value"] = value
    return f"{reverse('reporting_child_count_students')}?{urlencode(query)}"


@require_GET
def child_count(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.VIEW_FEDERAL_REPORTS)
    form = _count_form(request)
    count = None
    tables = []
    if form.is_valid():
        day = form.cleaned_data["count_date"]
        count = selectors.child_count(day, request.user)
        for spec, file in count.files.items():
            shown = []
            for table in file.tables.values():
                rows = [
                    (env, label, [(code, n, cell_url(day, spec, env, table.key, code)) for code, n in values], total,
                     cell_url(day, spec, env))
                    for env, label, values, total in table.rows(file.environments)
                ]
                totals = [(code, n, cell_url(day, spec, "", table.key, code)) for code, n in table.column_totals()]
                shown.append({"table": table, "rows": rows, "totals": totals})
            tables.append({"file": file, "tables": shown, "all_url": cell_url(day, spec),
                           "csv_url": reverse(f"reporting_{spec.lower()}_csv")
                           + f"?count_date={day.isoformat()}"})
    status = 200 if form.is_valid() else 422
    return render(request, "reporting/child_count.html", {
        "form": form, "count": count, "files": tables, "scope_title": _scope_title(request.user),
    }, status=status)


CSV_HEADER = ("File Spec", "Count Date", "LEA Identifier (NCES)", "LEA Name", "Category Set", "Educational Environment",
              "Disability Category", "Age", "Racial Ethnic", "Sex", "English Learner Status", "Student Count")
# Our labels for the category sets (environment crossed with one dimension), their subtotal and the total. The
# letters EDFacts gives them are not confirmed in the reference (codes.json edfacts_category_dimensions).
CATEGORY_SETS = {"disability": "CSA", "age": "CSB", "race": "CSC", "sex": "CSD", "el": "CSE"}
CSV_COLUMNS = {"disability": 6, "age": 7, "race": 8, "sex": 9, "el": 10}


def csv_rows(count: selectors.ChildCount, spec: str, lea_id: str, lea_name: str) -> list[list]:
    file = count.files[spec]
    day = count.day.isoformat()
    rows = []
    for key, table in file.tables.items():
        for env, _label, values, _total in table.rows(file.environments):
            for code, n in values:
                row = [spec, day, lea_id, lea_name, CATEGORY_SETS[key], env, "", "", "", "", "", n]
                row[CSV_COLUMNS[key]] = code
                rows.append(row)
    for env, n in file.by_environment.items():
        rows.append([spec, day, lea_id, lea_name, "ST1", env, "", "", "", "", "", n])
    rows.append([spec, day, lea_id, lea_name, "TOT", "", "", "", "", "", "", file.total])
    return rows


@require_GET
def child_count_csv(request: HttpRequest, spec: str) -> HttpResponse:
    require_action(request.user, Action.VIEW_FEDERAL_REPORTS)
    form = _count_form(request)
    if spec not in rules.FILES or not form.is_valid():
        errors = form.errors.get("count_date") if spec in rules.FILES else ["Choose FS002 or FS089."]
        return HttpResponse("\n".join(errors or ["Choose a count date."]), status=400,
                            content_type="text/plain; charset=utf-8")
    day = form.cleaned_data["count_date"]
    count = selectors.child_count(day, request.user)
    district = request.user.district
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec}-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in csv_rows(count, spec, district.nces_id if district else "", district.name if district else ""):
        writer.writerow([safe_cell(value) for value in row])
    return response


@require_GET
def child_count_students(request: HttpRequest) -> HttpResponse:
    """The students counted in one cell (or one environment, or one whole file), paginated; or as CSV."""
    require_action(request.user, Action.VIEW_FEDERAL_REPORTS)
    form = _count_form(request)
    errors: dict[str, str] = {}
    page = None
    title = ""
    spec = request.GET.get("file", "")
    environment = request.GET.get("environment", "")
    dimension = request.GET.get("dimension", "")
    value = request.GET.get("value", "")
    condition = None
    try:
        condition = selectors.cell_filter(spec, environment, dimension, value)
    except selectors.BadCell as exc:
        errors[exc.field] = str(exc)
    if form.is_valid() and condition is not None:
        day = form.cleaned_data["count_date"]
        rows = selectors.cell_students(day, request.user, condition)
        parts = [spec]
        if environment:
            parts.append(rules.ENVIRONMENTS[spec][environment])
        if dimension:
            label, values = rules.DIMENSIONS[dimension]
            parts.append(f"{label}: {(values or rules.AGES[spec])[value]}")
        title = " · ".join(parts)
        if request.GET.get("format") == "csv":
            return _students_csv(request, rows, day, spec)
        paginator = Paginator(rows, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        for iep in page.object_list:
            iep.age_on_day = rules.age_on(iep.student.date_of_birth, day)
        _record_views(request, [iep.student_id for iep in page.object_list], LIST_RECORD)
        base = {k: v for k, v in request.GET.items() if k != "page"}
        page.prev_url = f"?{urlencode({**base, 'page': page.previous_page_number()})}" if page.has_previous() else ""
        page.next_url = f"?{urlencode({**base, 'page': page.next_page_number()})}" if page.has_next() else ""
        page.csv_url = f"?{urlencode({**base, 'format': 'csv'})}"
    status = 200 if page is not None else 422
    return render(request, "reporting/cell_students.html", {
        "form": form, "page": page, "title": title, "errors": errors, "spec": spec,
        "back_url": f"{reverse('reporting_child_count')}?{urlencode({'count_date': request.GET.get('count_date', '')})}",
        "scope_title": _scope_title(request.user),
    }, status=status)


def _students_csv(request: HttpRequest, rows, day: date, spec: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{spec}-students-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(("Student", "Local id", "School", "Grade", "Age on the count date", "Educational environment",
                     "IEP review due"))
    ids = []
    for iep in rows.iterator(chunk_size=2000):
        student = iep.student
        ids.append(student.pk)
        writer.writerow([safe_cell(v) for v in (
            student.sorted_name, student.local_id, student.school.name, student.grade,
            rules.age_on(student.date_of_birth, day), iep.environment_code, iep.end_date.isoformat())])
    export_access_records(user=request.user, student_ids=set(ids), path=request.get_full_path(),
                          record=f"{LIST_RECORD} (CSV export)")
    return response


# Where each kind of problem is corrected: the student record, the case (eligibility), the IEP itself.
FIX_PAGES = {
    "student": ("Student record", "student_edit"),
    "eligibility": ("Eligibility (case page)", "case_page"),
    "iep": ("IEP", "iep_detail"),
}


def _fixes(item: selectors.Flagged) -> list[tuple[str, str]]:
    wanted = []
    for problem in item.problems:
        if problem.fix not in wanted:
            wanted.append(problem.fix)
    links = []
    for fix in wanted:
        kwargs = {"student_id": item.student_id} | ({"iep_id": item.iep_id} if fix == "iep" else {})
        links.append((FIX_PAGES[fix][0], reverse(FIX_PAGES[fix][1], kwargs=kwargs)))
    return links


@require_GET
def validation(request: HttpRequest) -> HttpResponse:
    """Students to fix before the file is sent: those left out of the count first."""
    require_action(request.user, Action.VIEW_FEDERAL_REPORTS)
    form = _count_form(request)
    page = None
    summary = {}
    if form.is_valid():
        day = form.cleaned_data["count_date"]
        flagged = selectors.validation(day, request.user)
        summary = selectors.flagged_summary(flagged)
        paginator = Paginator(flagged, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        for item in page.object_list:
            item.fixes = _fixes(item)
        _record_views(request, [f.student_id for f in page.object_list], VALIDATION_RECORD)
        base = {k: v for k, v in request.GET.items() if k != "page"}
        page.prev_url = f"?{urlencode({**base, 'page': page.previous_page_number()})}" if page.has_previous() else ""
        page.next_url = f"?{urlencode({**base, 'page': page.next_page_number()})}" if page.has_next() else ""
    return render(request, "reporting/validation.html", {
        "form": form, "page": page, "summary": [
            (title, summary.get(key, 0)) for key, title in rules.SEVERITY_TITLES.items()],
        "severity_titles": rules.SEVERITY_TITLES, "scope_title": _scope_title(request.user),
    }, status=200 if form.is_valid() else 422)


@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    """SPP/APR Indicators 5 and 6 (from the child count), 11 (on the compliance page), 12 and 13 (for a period)."""
    require_action(request.user, Action.VIEW_FEDERAL_REPORTS)
    today = timezone.localdate()
    form = _count_form(request)
    period = PeriodForm(request.GET, today=today)
    context: dict = {"form": form, "period": period, "scope_title": _scope_title(request.user)}
    if form.is_valid():
        day = form.cleaned_data["count_date"]
        count = selectors.child_count(day, request.user)
        for key, spec in (("indicator_5", rules.FS002), ("indicator_6", rules.FS089)):
            shares = selectors.environment_indicator(count, spec)
            for share in shares:
                share.url = cell_url(day, spec) if len(share.environments) != 1 else cell_url(
                    day, spec, share.environments[0])
                share.parts = [(env, count.files[spec].by_environment[env], cell_url(day, spec, env))
                               for env in share.environments]
            context[key] = shares
        context["day"] = day
        context["denominators"] = {spec: (file.total, cell_url(day, spec)) for spec, file in count.files.items()}
    if period.is_valid():
        first, last = period.cleaned_data["from"], period.cleaned_data["to"]
        result = selectors.indicator_13(first, last, request.user)
        context["indicator_13"] = result
        part_c = selectors.indicator_12(first, last, request.user)
        context["indicator_12"] = part_c
        context["indicator_12_outcomes"] = [(key, title, part_c.count(key))
                                            for key, title in rules.INDICATOR_12_OUTCOMES.items()]
        _record_views(request, [row.student_id for row in part_c.rows], INDICATOR_12_RECORD)
        context["components"] = selectors.INDICATOR_13_COMPONENTS
        _record_views(request, [row.student_id for row in result.rows], INDICATOR_13_RECORD)
        context["indicator_11_url"] = (f"{reverse('compliance_indicator_11')}?"
                                       f"{urlencode({'from': first.isoformat(), 'to': last.isoformat()})}")
    ok = form.is_valid() and period.is_valid()
    return render(request, "reporting/indicators.html", context, status=200 if ok else 422)
