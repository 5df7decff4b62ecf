"""Student list filters (django-filter): name or id search, school and grade."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from openiep.people.models import GradeLevel, School, Student


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name or student id")
    school = django_filters.ModelChoiceFilter(queryset=School.objects.none(), label="School", empty_label="All schools")
    grade = django_filters.ChoiceFilter(choices=GradeLevel.choices, label="Grade", empty_label="All grades")

    class Meta:
        model = Student
        fields = ["q", "school", "grade"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.filters["school"].queryset = schools
        if schools is None:
            del self.filters["school"]

    def search(self, queryset, name, value):
        words = value.split()
        for word in words[:4]:
            if word.isdigit():
                # Student ids are exact: an indexed lookup instead of a name scan.
                queryset = queryset.filter(Q(local_id=word) | Q(state_id=word))
                continue
            queryset = queryset.filter(
                Q(last_name__istartswith=word)
                | Q(first_name__istartswith=word)
                | Q(preferred_name__istartswith=word)
                | Q(local_id__iexact=word)
            )
        return queryset
