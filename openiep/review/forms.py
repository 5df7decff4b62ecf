"""Forms of step 7. They check types; the services check the rules and say why at the field."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from openiep.people.forms import DateInput
from openiep.prereferral.forms import _ModelForm
from openiep.review.models import (
    BehaviorRecord,
    Exit,
    ManifestationReview,
    ReevaluationPlan,
    Removal,
    TransferIn,
)

YES_NO = [(True, "Yes"), (False, "No")]


def _dates(form: forms.Form) -> None:
    today = timezone.localdate().isoformat()
    for field in form.fields.values():
        if isinstance(field.widget, DateInput):
            field.widget.attrs["max"] = today


class RemovalForm(_ModelForm):
    part_of_pattern = forms.NullBooleanField(
        label="Do the removals form a pattern?", required=False,
        widget=forms.RadioSelect(choices=[("", "Not decided"), ("true", "Yes"), ("false", "No")]),
        help_text="Similar behaviour; the length, total and closeness of the removals (34 CFR 300.536)")

    class Meta:
        model = Removal
        fields = ["starts_on", "school_days", "kind", "circumstance", "behavior", "part_of_pattern",
                  "services_provided", "parent_notified_on"]
        widgets = {"starts_on": DateInput(), "parent_notified_on": DateInput(),
                   "behavior": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)


class ReviewForm(_ModelForm):
    caused_by_disability = forms.TypedChoiceField(
        label=ManifestationReview._meta.get_field("caused_by_disability").verbose_name.capitalize() + "?",
        choices=YES_NO, coerce=lambda v: v == "True", widget=forms.RadioSelect)
    failure_to_implement = forms.TypedChoiceField(
        label=ManifestationReview._meta.get_field("failure_to_implement").verbose_name.capitalize() + "?",
        choices=YES_NO, coerce=lambda v: v == "True", widget=forms.RadioSelect)

    class Meta:
        model = ManifestationReview
        fields = ["held_on", "caused_by_disability", "failure_to_implement", "participants", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)


class BehaviorForm(_ModelForm):
    class Meta:
        model = BehaviorRecord
        fields = ["kind", "dated_on", "summary"]
        widgets = {"dated_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)


class ExitForm(_ModelForm):
    class Meta:
        model = Exit
        fields = ["exited_on", "reason", "notes", "academic_achievement", "functional_performance", "recommendations"]
        widgets = {"exited_on": DateInput(), **{f: forms.Textarea(attrs={"rows": 2}) for f in (
            "notes", "academic_achievement", "functional_performance", "recommendations")}}
        help_texts = {"academic_achievement": "Needed for a diploma or reaching the maximum age (300.305(e)(3))"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)


class ReevaluationForm(_ModelForm):
    class Meta:
        model = ReevaluationPlan
        fields = ["planned_on", "agreed_early", "not_needed_agreed_on", "existing_data_review", "reviewed_on"]
        widgets = {"planned_on": DateInput(), "not_needed_agreed_on": DateInput(), "reviewed_on": DateInput(),
                   "existing_data_review": forms.Textarea(attrs={"rows": 3})}


class TransferInForm(_ModelForm):
    class Meta:
        model = TransferIn
        fields = ["received_on", "from_district", "from_state", "previous_iep_received", "comparable_services"]
        widgets = {"received_on": DateInput(), "comparable_services": forms.Textarea(attrs={"rows": 3})}
        labels = {"from_state": "From state (two letters)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)


class TransferDecisionForm(_ModelForm):
    class Meta:
        model = TransferIn
        fields = ["decision", "decided_on"]
        widgets = {"decided_on": DateInput()}
