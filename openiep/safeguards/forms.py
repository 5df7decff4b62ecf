"""Staff forms of the safeguards pages. The family portal has its own plain-language forms (openiep.portal)."""

from __future__ import annotations

from django import forms

from openiep.lib.languages import LANGUAGE_CHOICES
from openiep.people.forms import DateInput
from openiep.safeguards.models import AmendmentRequest, Dispute, IEERequest, SafeguardsNotice


class GuardianChoiceMixin:
    def set_guardians(self, guardians) -> None:
        self.fields["guardian"].queryset = guardians


class NoticeForm(GuardianChoiceMixin, forms.Form):
    prefix = "notice"
    given_on = forms.DateField(widget=DateInput(), label="Date given")
    trigger = forms.ChoiceField(choices=SafeguardsNotice.Trigger.choices, label="Why it was given (34 CFR 300.504(a))")
    guardian = forms.ModelChoiceField(queryset=None, required=False, label="Given to", empty_label="Someone else")
    given_to_name = forms.CharField(max_length=200, required=False, label="Name, if someone else")
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label="Language of the copy")
    method = forms.ChoiceField(choices=SafeguardsNotice.Method.choices, label="How")


class RecordsRequestForm(GuardianChoiceMixin, forms.Form):
    prefix = "records"
    requested_on = forms.DateField(widget=DateInput(), label="Date the parent asked")
    guardian = forms.ModelChoiceField(queryset=None, required=False, label="Who asked", empty_label="Someone else")
    requested_by_name = forms.CharField(max_length=200, required=False, label="Name, if someone else")
    records_wanted = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Which records")
    meeting_on = forms.DateField(widget=DateInput(), required=False, label="Next IEP meeting or hearing (if set)",
                                 help_text="Access must be given before it (34 CFR 300.613(a)).")


class RecordsAnswerForm(forms.Form):
    answered_on = forms.DateField(widget=DateInput(), label="Date access was given")
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="How",
                             help_text="Reviewed with whom, copies given, an explanation…")


class AmendmentRequestForm(GuardianChoiceMixin, forms.Form):
    prefix = "amendment"
    requested_on = forms.DateField(widget=DateInput(), label="Date the parent asked")
    guardian = forms.ModelChoiceField(queryset=None, required=False, label="Who asked")
    record_description = forms.CharField(max_length=300, label="Which record")
    requested_change = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What should change")


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[c for c in AmendmentRequest.Decision.choices if c[0] != "pending"],
                                 label="Decision")
    decided_on = forms.DateField(widget=DateInput(), label="Date of the decision")
    decision_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Reasons",
                                      help_text="Required for a refusal: the parent is told them and of the right "
                                                "to a hearing (34 CFR 300.618(c)).")


class IEERequestForm(GuardianChoiceMixin, forms.Form):
    prefix = "iee"
    evaluation = forms.ModelChoiceField(queryset=None, label="The evaluation the parent disagrees with")
    requested_on = forms.DateField(widget=DateInput(), label="Date the parent asked")
    guardian = forms.ModelChoiceField(queryset=None, required=False, label="Who asked")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             label="Reason given (optional)",
                             help_text="The district may ask, but may not require a reason (34 CFR 300.502(b)(4)).")


class IEEResponseForm(forms.Form):
    response = forms.ChoiceField(choices=[c for c in IEERequest.Response.choices if c[0] != "pending"],
                                 label="The district's answer")
    responded_on = forms.DateField(widget=DateInput(), label="Date")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Notes")


class DisputeForm(GuardianChoiceMixin, forms.Form):
    prefix = "dispute"
    kind = forms.ChoiceField(choices=Dispute.Kind.choices, label="Kind")
    filed_by = forms.ChoiceField(choices=Dispute.FiledBy.choices, label="Filed by")
    guardian = forms.ModelChoiceField(queryset=None, required=False, label="Parent")
    filed_on = forms.DateField(widget=DateInput(), label="Date received", help_text="The clocks count from it.")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="The problem, with the facts")
    proposed_resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                          label="Proposed resolution")
    stay_put_placement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                         label="Stay-put placement (34 CFR 300.518)",
                                         help_text="The current placement, where the child stays while it is pending.")


class DisputeUpdateForm(forms.Form):
    stay_put_placement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                         label="Stay-put placement (34 CFR 300.518)")
    district_response_on = forms.DateField(widget=DateInput(), required=False, label="Response sent on")
    resolution_meeting_on = forms.DateField(widget=DateInput(), required=False, label="Resolution meeting held on")
    resolution_waived = forms.BooleanField(required=False, label="Both sides waived the resolution meeting in writing")
    hearing_on = forms.DateField(widget=DateInput(), required=False, label="Hearing date")


class DisputeCloseForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in Dispute.Status.choices if c[0] != "open"], label="How it ended")
    closed_on = forms.DateField(widget=DateInput(), label="Date")
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Decision or agreement")
