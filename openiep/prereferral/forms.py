"""Forms of the pre-referral pages. They check types; the services check the rules and say why."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from openiep.people.forms import DateInput
from openiep.prereferral.models import Accommodation, Concern, Intervention, Review
from openiep.prereferral.rules import parse_data_rows
from openiep.referrals.models import AreaOfConcern


def _no_later_than_today(*fields: forms.Field) -> None:
    """The browser's date picker stops at today; the service says so too for anyone who types."""
    today = timezone.localdate().isoformat()
    for field in fields:
        field.widget.attrs["max"] = today


class _ModelForm(forms.ModelForm):
    """Labels, help and types come from the model; the rules are the service's (messages at the fields).

    The form neither fills nor validates a model instance: the service builds the record, checks it
    with messages at the fields, then runs ``full_clean``; the database constraints keep the last word.
    """

    def _post_clean(self) -> None:
        pass


class ConcernForm(_ModelForm):
    areas_of_concern = forms.MultipleChoiceField(
        choices=AreaOfConcern.choices, widget=forms.CheckboxSelectMultiple, label="Areas of concern",
        help_text="Every area where you see the student struggle",
    )

    class Meta:
        model = Concern
        fields = ["raised_on", "description", "areas_of_concern", "parents_informed_on"]
        widgets = {
            "raised_on": DateInput(),
            "parents_informed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_later_than_today(self.fields["raised_on"], self.fields["parents_informed_on"])


class InterventionForm(_ModelForm):
    tier = forms.TypedChoiceField(choices=Intervention.Tier.choices, coerce=int, widget=forms.RadioSelect)

    class Meta:
        model = Intervention
        fields = [
            "area", "tier", "strategy", "frequency", "frequency_period", "minutes_per_session", "start_date",
            "end_date", "delivered_by", "delivered_by_name", "measure", "unit", "baseline", "goal",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        labels = {"delivered_by": "Delivered by (staff member)", "frequency": "Sessions"}

    def __init__(self, *args, staff=None, areas: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["delivered_by"].queryset = staff
        self.fields["delivered_by"].required = False
        self.fields["delivered_by"].empty_label = "Someone without an account (write the name below)"
        self.fields["frequency"].widget.attrs["min"] = 1
        self.fields["minutes_per_session"].widget.attrs["min"] = 1
        if areas:  # the concern's areas first: the usual choice
            first = [(c, label) for c, label in AreaOfConcern.choices if c in areas]
            rest = [(c, label) for c, label in AreaOfConcern.choices if c not in areas]
            self.fields["area"].choices = [("", "---------"), *first, *rest]


class DataPointForm(forms.Form):
    measured_on = forms.DateField(label="Date", widget=DateInput())
    value = forms.DecimalField(label="Score", max_digits=9, decimal_places=2)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _no_later_than_today(self.fields["measured_on"])
        if unit:
            self.fields["value"].label = f"Score ({unit})"


class DataRowsForm(forms.Form):
    rows = forms.CharField(
        label="Several scores", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One score a line: the date, then the score, then a note if you like. "
                  "Copy two or three columns from a spreadsheet, or type them like 3/2/2026, 41.",
    )

    def clean_rows(self):
        parsed = parse_data_rows(self.cleaned_data["rows"])
        if parsed.errors:
            raise forms.ValidationError(parsed.errors)
        return parsed.rows


class AccommodationForm(_ModelForm):
    class Meta:
        model = Accommodation
        fields = ["description", "started_on", "helped", "notes"]
        widgets = {"started_on": DateInput(), "helped": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_later_than_today(self.fields["started_on"])


class AccommodationOutcomeForm(_ModelForm):
    class Meta:
        model = Accommodation
        fields = ["helped", "notes"]
        widgets = {"helped": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 2})}


class ReviewForm(_ModelForm):
    decision = forms.ChoiceField(choices=Review.Decision.choices, widget=forms.RadioSelect,
                                 label="What the team decided")

    class Meta:
        model = Review
        fields = ["reviewed_on", "attendees", "notes", "decision", "changes"]
        widgets = {
            "reviewed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "changes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "attendees": "Names and roles, for example: Ms. Reyes (teacher), Mr. Lee (reading specialist), parent",
            "notes": "What the scores and the accommodations showed",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_later_than_today(self.fields["reviewed_on"])
