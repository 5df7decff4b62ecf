"""Forms of the progress pages. Data points reuse the pre-referral forms (one score, or several pasted)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from openiep.people.forms import DateInput
from openiep.prereferral.forms import DataPointForm, DataRowsForm
from openiep.progress.models import Rating

__all__ = ["DataPointForm", "DataRowsForm", "RatingForm", "GenerateReportsForm"]


class RatingForm(forms.Form):
    period_number = forms.TypedChoiceField(label="Reporting period", coerce=int)
    rating = forms.ChoiceField(label="Progress", choices=Rating.choices, widget=forms.RadioSelect)
    narrative = forms.CharField(label="What the data show (for the parents)", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_number"].choices = [(p.number, p.label) for p in periods]


class GenerateReportsForm(forms.Form):
    day = forms.DateField(label="Reports for the period that includes", widget=DateInput(),
                          help_text="Each IEP's own reporting period around this day")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = timezone.localdate().isoformat()
