"""The count date (inside one of the district's school years) and the indicator period."""

from __future__ import annotations

from datetime import date

from django import forms

from openiep.compliance.forms import school_year_of
from openiep.people.models import SchoolYear
from openiep.reporting import selectors


def default_count_date(today: date) -> date:
    """October 1 of the school year ``today`` is in (states choose a date from October 1 to December 1)."""
    first, _ = school_year_of(today)
    return date(first.year, 10, 1)


def _day(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


class CountDateForm(forms.Form):
    count_date = forms.DateField(
        label="Count date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the state counts children served (between October 1 and December 1 in most states).",
    )

    def __init__(self, data=None, *, district_id: int | None, today: date, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("count_date", default_count_date(today).isoformat())
        super().__init__(data, **kwargs)
        self.district_id = district_id
        self.school_year: SchoolYear | None = None

    def clean_count_date(self) -> date:
        day = self.cleaned_data["count_date"]
        self.school_year = selectors.school_year_on(self.district_id, day)
        if self.school_year is None:
            years = list(SchoolYear.objects.filter(district_id=self.district_id).order_by("-start_date")[:3]) \
                if self.district_id else []
            known = "; ".join(f"{y.name}: {_day(y.start_date)} to {_day(y.end_date)}" for y in years)
            raise forms.ValidationError(
                f"{_day(day)} is not inside any of the district's school years"
                + (f" ({known})." if known else " (none is recorded yet).")
                + " Choose a date inside a school year.", code="outside_school_year")
        return day


class PeriodForm(forms.Form):
    """The SPP/APR reporting period for Indicator 13 (IEPs that started in it): July 1 to June 30 by default."""

    def __init__(self, data=None, *, today: date, **kwargs):
        first, last = school_year_of(today)
        data = data.copy() if data is not None else {}
        data.setdefault("from", first.isoformat())
        data.setdefault("to", last.isoformat())
        super().__init__(data, **kwargs)
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(label="IEPs that started from", widget=date_input)
        self.fields["to"] = forms.DateField(label="through", widget=date_input)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last:
            if last < first:
                self.add_error("to", "The end of the period must be on or after its start.")
            elif (last - first).days > 3 * 366:
                self.add_error("to", "Choose a period of at most three years.")
        return cleaned
