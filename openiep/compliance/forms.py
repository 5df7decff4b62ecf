"""Forms of the compliance pages: the Indicator 11 period and the school calendar upload."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import QuerySet

from openiep.people.models import School

MAX_CALENDAR_BYTES = 1024 * 1024  # a district's calendar is a few kilobytes; 1 MB is generous


def school_year_of(today: date) -> tuple[date, date]:
    """The reporting year of the SPP/APR: 1 July to 30 June, the one ``today`` falls in."""
    start_year = today.year if today.month >= 7 else today.year - 1
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)


class PeriodForm(forms.Form):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD``: consents to evaluate received in this period are counted."""

    def __init__(self, data=None, *, today: date, schools: QuerySet[School] | None = None, **kwargs):
        first, last = school_year_of(today)
        data = data.copy() if data is not None else {}
        data.setdefault("from", first.isoformat())
        data.setdefault("to", last.isoformat())
        super().__init__(data, **kwargs)
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(label="Consent received from", widget=date_input)
        self.fields["to"] = forms.DateField(label="through", widget=date_input)
        if schools is not None:
            self.fields["school"] = forms.ModelChoiceField(queryset=schools, required=False, label="School",
                                                           empty_label="All schools")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last:
            if last < first:
                self.add_error("to", "The end of the period must be on or after its start.")
            elif (last - first).days > 3 * 366:
                self.add_error("to", "Choose a period of at most three years.")
        return cleaned


class CalendarUploadForm(forms.Form):
    file = forms.FileField(
        label="School calendar (.ics file)",
        help_text="The district's calendar exported as iCalendar (.ics), with the first and last day of school "
        "and every day without school. At most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    ics = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CALENDAR_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; a school calendar must be at most 1 MB."
            )
        raw = upload.read()
        try:
            self.ics = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file is not iCalendar text (it is not UTF-8). Export the calendar as .ics and try again."
            ) from None
        return upload
