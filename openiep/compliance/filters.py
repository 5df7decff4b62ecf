"""Filters of the compliance dashboard and its CSV export (django-filter)."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from openiep.compliance import selectors
from openiep.compliance.models import Deadline
from openiep.people.models import School, User

STATUS_CHOICES = (
    ("overdue", "Overdue"),
    ("open", "Open (not yet due)"),
    ("met", "Met on time"),
    ("late", "Met late"),
)

# Filters that narrow who and what; the status and date filters choose the rows of the list.
SCOPE_FILTERS = ("school", "responsible", "rule")
LIST_FILTERS = ("status", "due_from", "due_to")


class QuickSelect(forms.Select):
    """A select whose options are written in Python rather than one template include each: a district's
    200 schools cost ~15 ms through the template engine. Same markup and attributes as ``forms.Select``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
             for _group, choices, _index in widget["optgroups"] for option in choices),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.last_name}, {obj.first_name}" if obj.last_name else obj.username


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class DeadlineFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none(), label="School",
                                              empty_label="All schools", widget=QuickSelect)
    responsible = PersonFilter(queryset=User.objects.none(), label="Responsible", empty_label="Everyone",
                               widget=QuickSelect)
    rule = django_filters.ChoiceFilter(field_name="rule_id", label="Rule", empty_label="Every rule", choices=())
    status = django_filters.ChoiceFilter(method="by_status", label="Status", empty_label="Overdue or due in 30 days",
                                         choices=STATUS_CHOICES)
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte", label="Due from",
                                         widget=forms.DateInput(attrs={"type": "date"}))
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte", label="Due by",
                                       widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Deadline
        fields = ["school", "responsible", "rule", "status", "due_from", "due_to"]

    def __init__(self, data=None, queryset=None, *, schools: QuerySet[School] | None,
                 people: QuerySet[User] | None, rules: list[tuple[str, str]], today: date, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.today = today
        if schools is None:
            del self.filters["school"]
        else:
            self.filters["school"].queryset = schools
        if people is None:
            del self.filters["responsible"]
        else:
            self.filters["responsible"].queryset = people
        self.filters["rule"].extra["choices"] = rules

    def by_status(self, queryset: QuerySet[Deadline], name: str, value: str) -> QuerySet[Deadline]:
        return selectors.status_filter(queryset, value, self.today)

    def chosen(self, name: str):
        """The valid value of one filter, or None (an invalid one is shown at its field and ignored)."""
        if not self.is_bound:
            return None
        self.errors  # noqa: B018 - validates the form once
        return self.form.cleaned_data.get(name)

    @property
    def is_list(self) -> bool:
        """A status or date was chosen: one list of matching deadlines instead of the three sections."""
        return any(self.chosen(name) for name in LIST_FILTERS)

    def narrow(self, queryset: QuerySet[Deadline]) -> QuerySet[Deadline]:
        """Apply only the school, person and rule filters (for the counts and the sections)."""
        for name in SCOPE_FILTERS:
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, self.chosen(name))
        return queryset
