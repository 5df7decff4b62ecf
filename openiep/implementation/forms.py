"""Forms of the service-log pages. They check types; the services check the rules and say why."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone

from openiep.implementation.models import ServiceLog
from openiep.people.forms import DateInput


def new_submission_key() -> str:
    return uuid.uuid4().hex


class _Submission(forms.Form):
    submission = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", new_submission_key())
        self.fields["served_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MissedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.served_on:%b} {obj.served_on.day}: {obj.service.name}, {obj.minutes} min ({obj.get_status_display().lower()})"


class ServiceLogForm(_Submission):
    service = ServiceChoice(queryset=None, empty_label=None)
    served_on = forms.DateField(label="Date", widget=DateInput())
    minutes = forms.IntegerField(min_value=1, max_value=1440, help_text="For a missed session: how long it would have lasted")
    grouping = forms.ChoiceField(label="Individual or group", choices=ServiceLog.Grouping.choices,
                                 widget=forms.RadioSelect, initial=ServiceLog.Grouping.INDIVIDUAL)
    status = forms.ChoiceField(label="How it went", choices=ServiceLog.Status.choices, initial=ServiceLog.Status.DELIVERED)
    reason = forms.CharField(label="Reason (when not delivered for another reason)", max_length=300, required=False)
    makes_up = MissedChoice(label="Makes up a missed session (optional)", queryset=None, required=False,
                            empty_label="No, a regular session")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = ["service", "served_on", "minutes", "grouping", "status", "reason", "makes_up", "notes"]

    def __init__(self, *args, services=None, missed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["makes_up"].queryset = missed
        self.fields["minutes"].widget.attrs.update({"inputmode": "numeric"})


class GroupSessionForm(_Submission):
    served_on = forms.DateField(label="Date of the session", widget=DateInput())
    minutes = forms.IntegerField(label="Minutes", min_value=1, max_value=1440,
                                 help_text="How long the session lasted (change a student's row if it differs)")
    notes = forms.CharField(label="Notes for every student (optional)", max_length=1000, required=False)


class GroupRowForm(forms.Form):
    """One student in a group session: were they there, and for how long?"""

    include = forms.BooleanField(label="In this session", required=False)
    status = forms.ChoiceField(label="How it went", choices=ServiceLog.Status.choices, initial=ServiceLog.Status.DELIVERED,
                               required=False)
    minutes = forms.IntegerField(label="Minutes (if different)", min_value=1, max_value=1440, required=False)
    reason = forms.CharField(label="Reason", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("include") and not data.get("status"):
            self.add_error("status", "Choose how the session went.")
        return data


class GroupFilterForm(forms.Form):
    on = forms.DateField(label="Date", widget=DateInput(), required=False)
    provider_role = forms.ChoiceField(label="Services by", required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_role"].choices = [("", "Every provider"), *roles]
        self.fields["on"].widget.attrs["max"] = timezone.localdate().isoformat()


class DashboardFilterForm(forms.Form):
    school = forms.ChoiceField(label="School", required=False)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", "Every school"), *schools]
