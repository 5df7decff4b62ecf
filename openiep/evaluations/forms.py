"""Forms of the evaluation step. They check the shape of the input; the services decide the rules."""

from __future__ import annotations

from django import forms

from openiep.people.forms import DateInput
from openiep.referrals.models import AreaOfConcern

AREA_CHOICES = [("", "—")] + list(AreaOfConcern.choices)


class EvaluatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        extra = obj.get_discipline_display() or obj.get_role_display()
        return f"{obj} ({extra})"


class PlanForm(forms.Form):
    referral = forms.ModelChoiceField(
        queryset=None, required=False, label="Referral",
        help_text="The referral this evaluation answers (optional for a reevaluation).",
    )
    consent = forms.ModelChoiceField(
        queryset=None, required=False, label="Parent's consent to evaluate",
        help_text="Granted consent for the initial evaluation, or for the reevaluation (34 CFR 300.300).",
    )
    planned_on = forms.DateField(widget=DateInput(), label="Plan dated")

    def __init__(self, *args, referrals=None, consents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals
        self.fields["consent"].queryset = consents
        self.fields["referral"].label_from_instance = lambda r: (
            f"Received {r.received_on:%b} {r.received_on.day}, {r.received_on.year} — {r.get_status_display()}"
        )
        self.fields["consent"].label_from_instance = lambda c: (
            f"{c.get_kind_display()}: {c.get_status_display()}"
            + (f" on {c.responded_on:%b} {c.responded_on.day}, {c.responded_on.year}" if c.responded_on else "")
        )


class AreaRowForm(forms.Form):
    """One area of the plan: assessed by an evaluator by a date, or marked not needed with the reason."""

    area = forms.ChoiceField(choices=AREA_CHOICES, required=False, label="Area")
    evaluator = EvaluatorChoiceField(queryset=None, required=False, label="Evaluator")
    due_on = forms.DateField(widget=DateInput(), required=False, label="Report due")
    not_needed = forms.BooleanField(required=False, label="Not needed")
    reason = forms.CharField(required=False, max_length=500, label="Why not needed")

    def __init__(self, *args, evaluators=None, evaluator_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators  # validation: anyone who may evaluate in the district
        if evaluator_choices is not None:
            self.fields["evaluator"].choices = evaluator_choices  # display: one list, built once

    def clean(self):
        data = super().clean()
        if not data.get("area"):
            return data
        if data.get("not_needed"):
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Say why this area needs no assessment.")
        else:
            if not data.get("evaluator"):
                self.add_error("evaluator", "Choose the evaluator.")
            if not data.get("due_on"):
                self.add_error("due_on", "Choose the day the report is due.")
        return data


AreaFormSet = forms.formset_factory(AreaRowForm, extra=0, max_num=len(AreaOfConcern.values), absolute_max=40)


class AreaReportForm(forms.Form):
    completed_on = forms.DateField(widget=DateInput(), label="Report completed on")
    instruments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Tests, observations, records and interviews used",
        help_text="Name each instrument and when it was given.",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label="What the results mean",
        help_text="For the student's education, in words the parent understands.",
    )


class ScoreRowForm(forms.Form):
    measure = forms.CharField(required=False, max_length=200, label="Measure")
    score = forms.FloatField(required=False, label="Score", widget=forms.NumberInput(attrs={"step": "any"}))
    scale = forms.CharField(required=False, max_length=100, label="Scale",
                            help_text="e.g. standard score (mean 100, SD 15)")
    percentile = forms.FloatField(required=False, min_value=0, max_value=100, label="Percentile",
                                  widget=forms.NumberInput(attrs={"step": "any"}))
    descriptor = forms.CharField(required=False, max_length=100, label="Descriptor")

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) not in (None, "") for name in ("measure", "score", "scale", "percentile",
                                                                   "descriptor"))
        if filled and not self.errors:
            if not data.get("measure"):
                self.add_error("measure", "Name the measure.")
            if data.get("score") is None:
                self.add_error("score", "Enter the score.")
        return data

    def row(self) -> dict[str, object]:
        return {name: self.cleaned_data.get(name) for name in ("measure", "score", "scale", "percentile",
                                                                "descriptor")}


ScoreFormSet = forms.formset_factory(ScoreRowForm, extra=0, max_num=60, absolute_max=60)


class FileForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, label="Title",
                            help_text="For example “WISC-V protocol”. The file's name is used if left blank.")
    file = forms.FileField(label="File", help_text="PDF, Word (.docx), JPEG or PNG, up to 20 MB.")


class CompleteForm(forms.Form):
    completed_on = forms.DateField(widget=DateInput(), label="Evaluation report completed on",
                                   help_text="The day the whole report is done: most states' clock stops here.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Integrated summary of the results")
    baseline = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False,
                               label="Baseline of current performance",
                               help_text="What the student can do now, area by area: the starting point for goals.")
