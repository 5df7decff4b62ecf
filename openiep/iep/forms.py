"""Forms of the IEP editor. They render the fields (labels, help, widgets); saving goes through
``iep.services`` (autosave with the conflict check), which validates again and names the field on bad input."""

from __future__ import annotations

from django import forms
from django.forms import modelform_factory

from openiep.iep import rules
from openiep.iep.models import IEP, Accommodation, Goal, GoalArea, Service, Signature
from openiep.meetings.models import Meeting

YES_NO = [("", "Not yet considered"), ("true", "Yes"), ("false", "No")]
YES_NO_ONLY = [("", "Not answered"), ("true", "Yes"), ("false", "No")]


class YesNoField(forms.TypedChoiceField):
    def __init__(self, *, label: str, help_text: str = "", choices=YES_NO) -> None:
        super().__init__(
            label=label, help_text=help_text, required=False, choices=choices, widget=forms.RadioSelect,
            coerce=lambda v: {"true": True, "false": False}.get(v), empty_value=None,
        )

    def prepare_value(self, value):
        return {True: "true", False: "false"}.get(value, "")


def _text(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _section_form(section: str) -> type[forms.ModelForm]:
    fields = rules.SECTIONS[section]
    widgets = {}
    for name in fields:
        model_field = IEP._meta.get_field(name)
        if model_field.get_internal_type() == "TextField":
            widgets[name] = _text(5 if section in {"present_levels", "family_and_student"} else 3)
        elif model_field.get_internal_type() == "DateField":
            widgets[name] = DATE
    form = modelform_factory(IEP, fields=fields, widgets=widgets)
    for name in fields:
        if IEP._meta.get_field(name).get_internal_type() == "BooleanField":
            question = rules.SPECIAL_FACTOR_QUESTIONS.get(name)
            label = question[0].upper() + question[1:] if question else IEP._meta.get_field(name).verbose_name
            form.base_fields[name] = YesNoField(
                label=label, choices=YES_NO if question else YES_NO_ONLY,
                help_text="" if question else IEP._meta.get_field(name).help_text)
    for field in form.base_fields.values():
        field.required = False
    return form


SECTION_FORMS: dict[str, type[forms.ModelForm]] = {name: _section_form(name) for name in rules.SECTIONS}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ("area", "statement", "baseline", "condition", "behavior", "criterion", "measurement_method",
                  "measurement_schedule", "responsible", "unit", "baseline_value", "target_value")
        widgets = {"statement": _text(3), "baseline": _text(2)}
        labels = {"baseline_value": "Baseline (number, for the progress chart)",
                  "target_value": "Target (number, for the progress chart)"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class NewGoalForm(forms.Form):
    area = forms.ChoiceField(choices=[("", "Choose the area")] + list(GoalArea.choices))
    statement = forms.CharField(label="Annual goal", widget=_text(3),
                                help_text="Given [condition], the student will [behaviour] [criterion].")


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ("kind", "name", "description", "provider_role", "minutes", "times", "period", "location",
                  "delivery", "start_date", "end_date")
        widgets = {"description": _text(2), "start_date": DATE, "end_date": DATE,
                   "minutes": forms.TextInput(attrs={"inputmode": "numeric"}),
                   "times": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class NewServiceForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose the kind")] + list(Service.Kind.choices))
    name = forms.CharField(label="Service", max_length=200, help_text="For example: specialised reading instruction")


class AccommodationForm(forms.ModelForm):
    class Meta:
        model = Accommodation
        fields = ("applies_to", "is_modification", "description", "conditions")
        widgets = {"description": _text(2)}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class NewAccommodationForm(forms.Form):
    applies_to = forms.ChoiceField(choices=Accommodation.AppliesTo.choices, initial=Accommodation.AppliesTo.BOTH,
                                   label="Applies to")
    description = forms.CharField(widget=_text(2))


class ObjectiveForm(forms.Form):
    description = forms.CharField(label="Short-term objective or benchmark", widget=_text(2))
    target_date = forms.DateField(required=False, widget=DATE, label="By (optional)")


class NewIEPForm(forms.Form):
    kind = forms.ChoiceField(choices=IEP.Kind.choices, label="What kind of IEP")
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False,
                                     label="The meeting that develops it",
                                     help_text="Leave empty for an amendment without a meeting")

    def __init__(self, *args, meetings=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings


class SignForm(forms.Form):
    """A typed-name electronic signature over the hash of what was shown."""

    signer_name = forms.CharField(label="Type your full name to sign", max_length=200)
    document_hash = forms.CharField(widget=forms.HiddenInput)


class ConsentForm(SignForm):
    decision = forms.ChoiceField(
        widget=forms.RadioSelect, label="Your decision",
        choices=[("consent", "I consent to the special education and related services in this IEP"),
                 ("partial", "I consent to some of the services, not all"),
                 ("refuse", "I do not consent to special education services")],
    )
    declined_services = forms.CharField(
        required=False, widget=_text(2), label="If you consent to some services: which ones you do not consent to")


class PaperSignatureForm(forms.Form):
    """Staff record a signature given on paper (scan) or in person."""

    decision = forms.ChoiceField(
        widget=forms.RadioSelect, label="What the parent decided",
        choices=[("consent", "Consented"), ("partial", "Consented in part"), ("refuse", "Refused")],
    )
    signer_name = forms.CharField(label="Name as signed", max_length=200)
    method = forms.ChoiceField(choices=[(Signature.Method.PAPER, "On paper (upload the scan)"),
                                        (Signature.Method.IN_PERSON, "In person at the meeting")],
                               widget=forms.RadioSelect, initial=Signature.Method.PAPER, label="How")
    scan = forms.FileField(required=False, label="Scan of the signed page (PDF or image)")
    declined_services = forms.CharField(required=False, widget=_text(2), label="Services not consented to")
