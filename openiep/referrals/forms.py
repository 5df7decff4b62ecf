from __future__ import annotations

from django import forms

from openiep.lib.languages import LANGUAGE_CHOICES
from openiep.people.forms import DateInput
from openiep.referrals import rules
from openiep.referrals.models import AreaOfConcern, Consent, ConsentAttempt, Referral


class ReferralForm(forms.Form):
    source = forms.ChoiceField(choices=[("", "Choose…"), *Referral.Source.choices], label="Who is referring")
    referred_by_name = forms.CharField(
        max_length=200, required=False, label="Name of the person referring (optional)",
        help_text="For example the teacher, doctor or agency worker.",
    )
    received_on = forms.DateField(
        widget=DateInput(), label="Date the school received the referral",
        help_text="The timeline for the evaluation counts from this day.",
    )
    is_written_parent_request = forms.BooleanField(
        required=False, label="This is a parent's written request for an evaluation"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), label="Why is the student referred?",
        help_text="Describe the concerns and the information behind them: classroom work, test results, "
                  "what has been tried.",
    )
    areas_of_concern = forms.MultipleChoiceField(
        choices=AreaOfConcern.choices, widget=forms.CheckboxSelectMultiple, label="Areas of concern",
        help_text="Every area where a disability is suspected.",
    )


class NoticeForm(forms.Form):
    """The decision on a referral with its Prior Written Notice: the seven elements of 34 CFR 300.503(b)."""

    decided_on = forms.DateField(widget=DateInput(), label="Date of the decision and the notice")
    language = forms.ChoiceField(
        choices=LANGUAGE_CHOICES, label="Language of the notice",
        help_text="The parent's native language or other mode of communication (34 CFR 300.503(c)).",
    )

    HELP = {
        "action_description": "In plain words: what the district will or will not do.",
        "reasons": "Why, in words the parent will understand.",
        "evaluation_basis": "Each evaluation procedure, assessment, record or report the team used.",
        "safeguards_statement": "That the parents are protected by the procedural safeguards and how to get a copy.",
        "assistance_sources": "Whom the parents can contact for help understanding their rights.",
        "options_considered": "Each other option the team considered and why it was rejected.",
        "other_factors": "Anything else relevant to the decision, or \"None\".",
    }

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Elements are checked by the service, which names each missing one with its paragraph of the regulation.
        for number, element in enumerate(rules.NOTICE_ELEMENTS, start=1):
            rows = 7 if element.field in {"safeguards_statement", "assistance_sources"} else 4
            self.fields[element.field] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": rows}),
                label=f"{number}. {element.heading(action)}",
                help_text=f"{self.HELP[element.field]} ({element.citation()})",
            )
        self.order_fields(["decided_on", *rules.NOTICE_FIELDS, "language"])


class ProposeEvaluationForm(NoticeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, action=rules.PROPOSES, **kwargs)
        self.fields["consent_description"] = forms.CharField(
            required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What the parent is asked to consent to",
            help_text="Shown on the consent request; leave empty for the standard wording.",
        )


class RefuseEvaluationForm(NoticeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, action=rules.REFUSES, **kwargs)


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(widget=DateInput(), label="Date withdrawn")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Who withdrew the referral, and why",
    )


class ConsentResponseForm(forms.Form):
    status = forms.ChoiceField(widget=forms.RadioSelect, label="The parent's answer")
    responded_on = forms.DateField(widget=DateInput(), label="Date the answer was received")
    guardian = forms.ModelChoiceField(
        queryset=None, required=False, label="Parent who answered", empty_label="Choose…",
        help_text="Only a parent who holds educational rights.",
    )
    method = forms.ChoiceField(required=False, label="How it was signed")
    signed_name = forms.CharField(max_length=200, required=False, label="Name as signed")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Notes",
        help_text="For consent granted in part: what the parent agreed to and what they did not.",
    )

    def __init__(self, *args, consent: Consent, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        answers = [Consent.Status.GRANTED]
        if rules.partial_allowed(consent.kind):
            answers.append(Consent.Status.PARTIAL)
        answers.append(Consent.Status.REFUSED)
        self.fields["status"].choices = [(s.value, s.label) for s in answers]
        self.fields["guardian"].queryset = guardians
        self.fields["method"].choices = [("", "Choose…"), *Consent.Method.choices]


class ConsentAttemptForm(forms.Form):
    attempted_on = forms.DateField(widget=DateInput(), label="Date")
    method = forms.ChoiceField(choices=ConsentAttempt.Method.choices, label="How")
    outcome = forms.CharField(
        max_length=300, label="What happened", help_text="No answer, message left, form sent home…",
    )


class ConsentRevokeForm(forms.Form):
    revoked_on = forms.DateField(widget=DateInput(), label="Date of the parent's written revocation")
    in_writing = forms.BooleanField(
        label="The parent revoked consent in writing, and the letter or form is kept on file",
        error_messages={"required": "Consent can be revoked only in writing (34 CFR 300.9(c), 300.300(b)(4)): "
                                    "keep the parent's letter or form, then record it here."},
    )
