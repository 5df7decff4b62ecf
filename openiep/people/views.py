"""Pages about people: each role's home, student lists, the student's profile, team and sharing."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openiep.access.policy import Action, allows
from openiep.access.views import student_view
from openiep.lib.forms import add_errors
from openiep.people import selectors, services
from openiep.people.filters import StudentFilter
from openiep.people.forms import AdvocateGrantForm, EndMembershipForm, StudentForm, TeamMemberForm
from openiep.people.models import AdvocateGrant, Student, TeamMembership, User

PAGE_SIZE = 50

HOME_TITLES = {
    User.Role.CASE_MANAGER: ("My caseload", "Students for whom you are the case manager."),
    User.Role.SPED_TEACHER: ("My students", "Students whose team you are on or whom you teach."),
    User.Role.GENED_TEACHER: ("My students", "The students you teach, and any whose team you are on."),
    User.Role.PROVIDER: ("My service caseload", "Students you serve as a related-service provider."),
    User.Role.EVALUATOR: ("My evaluations", "Students you are evaluating or have evaluated."),
}

PROVIDER_TEAM_ROLES = (
    TeamMembership.TeamRole.PROVIDER,
    TeamMembership.TeamRole.SCHOOL_PSYCHOLOGIST,
)


def _page(request: HttpRequest, queryset: QuerySet) -> object:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _apply_filter(
    request: HttpRequest, queryset: QuerySet[Student], user: User, *, by_school: bool = True
) -> StudentFilter:
    schools = selectors.schools_for_filter(user=user) if by_school else None
    return StudentFilter(request.GET or None, queryset=queryset, schools=schools)


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on the page that fits its work."""
    user: User = request.user
    role = user.role
    if role in {User.Role.DISTRICT_ADMIN, User.Role.AUDITOR}:
        return district_home(request)
    if role == User.Role.SCHOOL_ADMIN:
        if user.school_id is None:
            raise PermissionDenied
        return redirect("school_detail", school_id=user.school_id)
    if role == User.Role.PARENT:
        from openiep.portal.selectors import family_overview

        children = family_overview(user=user, today=timezone.localdate())
        return render(request, "people/home_family.html", {"children": children})
    if role == User.Role.ADVOCATE:
        return render(request, "people/home_advocate.html", {"shared": selectors.shared_children(user=user)})
    if role == User.Role.STUDENT:
        own = selectors.student_list(user=user).first()
        if own is None:
            return render(request, "people/home_student_waiting.html")
        return redirect("student_detail", student_id=own.pk)
    if role == User.Role.CASE_MANAGER:
        queryset = selectors.caseload(user=user)
    elif role == User.Role.PROVIDER:
        queryset = selectors.caseload(user=user, roles=PROVIDER_TEAM_ROLES)
    else:
        queryset = selectors.student_list(user=user)
    title, lede = HOME_TITLES.get(role, ("My students", ""))
    filterset = _apply_filter(request, queryset, user)
    context = {
        "title": title,
        "lede": lede,
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "list_url": request.path,
        "show_upcoming_meetings": role == User.Role.CASE_MANAGER,
    }
    template = "people/student_list.html#results" if request.htmx else "people/student_list.html"
    return render(request, template, context)


def district_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    schools = list(selectors.school_overview(user=user))
    total = sum(s.active_students for s in schools)
    return render(
        request,
        "people/district_home.html",
        {"district": user.district, "schools": schools, "total_students": total},
    )


def student_list(request: HttpRequest) -> HttpResponse:
    """Every student the user may see, searchable by name or id, school and grade."""
    user: User = request.user
    if user.role == User.Role.PARENT or user.role == User.Role.ADVOCATE:
        return redirect("home")
    filterset = _apply_filter(request, selectors.student_list(user=user), user)
    context = {
        "title": "Find a student",
        "lede": "Every student whose records you may see.",
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "list_url": request.path,
    }
    template = "people/student_list.html#results" if request.htmx else "people/student_list.html"
    return render(request, template, context)


def school_detail(request: HttpRequest, school_id: int) -> HttpResponse:
    user: User = request.user
    school = get_object_or_404(selectors.schools_visible_to(user), pk=school_id)
    queryset = selectors.student_list(user=user).filter(school=school)
    filterset = _apply_filter(request, queryset, user, by_school=False)
    context = {
        "school": school,
        "title": school.name,
        "lede": f"{school.district.name} · students with special-education records",
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "list_url": request.path,
    }
    template = "people/student_list.html#results" if request.htmx else "people/school_detail.html"
    return render(request, template, context)


@student_view(Action.VIEW_STUDENT, record="Student profile: demographics, family and team")
def student_detail(request: HttpRequest, student: Student) -> HttpResponse:
    user: User = request.user
    profile = selectors.student_profile(student=student)
    context = {
        "student": profile,
        "age": selectors.age_today(profile),
        "can_edit": allows(user, Action.EDIT_STUDENT),
        "can_manage_team": allows(user, Action.MANAGE_TEAM),
        "can_view_access_record": allows(user, Action.VIEW_ACCESS_RECORD),
        "can_view_history": allows(user, Action.VIEW_HISTORY),
        "can_share": allows(user, Action.SHARE_WITH_ADVOCATE),
        "team_form": _team_form(student) if allows(user, Action.MANAGE_TEAM) else None,
    }
    if allows(user, Action.VIEW_COMPLIANCE):
        from openiep.safeguards.selectors import notice_owed_for

        context["safeguards_owed"] = notice_owed_for(student=student, today=timezone.localdate())
        context["can_view_safeguards"] = True
    return render(request, "people/student_detail.html", context)


@require_http_methods(["GET", "POST"])
@student_view(Action.EDIT_STUDENT, record="Student demographics (edit form)")
def student_edit(request: HttpRequest, student: Student) -> HttpResponse:
    form = StudentForm(request.POST or None, instance=student)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if "hispanic_latino" in data:
            data["hispanic_latino"] = {"true": True, "false": False}.get(str(request.POST.get("hispanic_latino")))
        try:
            services.student_update(student=Student.objects.get(pk=student.pk), actor=request.user, data=data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("student_detail", student_id=student.pk)
    return render(request, "people/student_edit.html", {"student": student, "form": form})


def _team_form(student: Student, data=None, find: str = "") -> TeamMemberForm:
    return TeamMemberForm(
        data,
        initial={"start_date": timezone.localdate()},
        candidates=selectors.team_candidates(student=student),
        shown=selectors.team_picker_choices(student=student, find=find),
    )


def _render_team(
    request: HttpRequest, student: Student, form: TeamMemberForm | None = None, status: int = 200, announce: str = ""
) -> HttpResponse:
    profile = selectors.student_profile(student=student)
    form = form or _team_form(student)
    return render(
        request,
        "people/student_detail.html#team",
        {"student": profile, "can_manage_team": True, "team_form": form, "announce": announce},
        status=status,
    )


@require_POST
@student_view(Action.MANAGE_TEAM, record="Student team")
def team_member_add(request: HttpRequest, student: Student) -> HttpResponse:
    form = _team_form(student, request.POST, find=request.POST.get("find", ""))
    if form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "find"}
            membership = services.team_member_add(student=student, actor=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if request.htmx:
                return _render_team(
                    request, student, announce=f"Added {membership.member} as {membership.get_role_display()}."
                )
            messages.success(request, "Added to the team.")
            return redirect("student_detail", student_id=student.pk)
    if request.htmx:
        return _render_team(request, student, form, status=422)
    messages.error(request, "The team member was not added: " + "; ".join(
        f"{form.fields[f].label if f in form.fields else 'Form'}: {' '.join(e)}" for f, e in form.errors.items()
    ))
    return redirect("student_detail", student_id=student.pk)


@student_view(Action.MANAGE_TEAM, record=None)  # lists staff, none of the student's records
def team_candidates(request: HttpRequest, student: Student) -> HttpResponse:
    """The staff drop-down's options for a name search (htmx), at most 25."""
    shown = selectors.team_picker_choices(student=student, find=request.GET.get("find", ""))
    response = render(request, "people/team_member_options.html", {"shown": shown})
    response["HX-Trigger"] = json.dumps({"announce": f"{len(shown)} staff member{'s' if len(shown) != 1 else ''} found"})
    return response


@require_POST
@student_view(Action.MANAGE_TEAM, record="Student team")
def team_member_end(request: HttpRequest, student: Student, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(TeamMembership, pk=membership_id, student=student)
    form = EndMembershipForm(request.POST)
    announce = ""
    if form.is_valid():
        try:
            services.team_member_end(membership=membership, end_date=form.cleaned_data["end_date"], actor=request.user)
        except ValidationError as exc:
            announce = " ".join(exc.messages)
            messages.error(request, announce)
        else:
            announce = f"{membership.member} leaves the team on {membership.end_date:%B %-d, %Y}."
    else:
        announce = "Last day on the team: enter a valid date."
        messages.error(request, announce)
    if request.htmx:
        return _render_team(request, student, announce=announce)
    return redirect("student_detail", student_id=student.pk)


@require_http_methods(["GET", "POST"])
@student_view(Action.SHARE_WITH_ADVOCATE, record="Advocate sharing")
def advocate_sharing(request: HttpRequest, student: Student) -> HttpResponse:
    form = AdvocateGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advocate_grant_add(student=student, granted_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Shared. The advocate can now see this child's records until the date you "
                                        "chose."))
            return redirect("advocate_sharing", student_id=student.pk)
    grants = selectors.advocate_grants_for(student=student)
    now = timezone.now()
    return render(request, "people/advocate_sharing.html", {"student": student, "form": form, "grants": grants, "now": now})


@require_POST
@student_view(Action.SHARE_WITH_ADVOCATE, record="Advocate sharing")
def advocate_revoke(request: HttpRequest, student: Student, grant_id: int) -> HttpResponse:
    grant = AdvocateGrant.objects.filter(pk=grant_id, student=student).first()
    if grant is None:
        raise Http404
    services.advocate_grant_revoke(grant=grant, actor=request.user)
    messages.success(request, _("%(advocate)s can no longer see this child's records.") % {"advocate": grant.advocate})
    return redirect("advocate_sharing", student_id=student.pk)

