"""The family portal's forms, in plain words, translated."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openiep.referrals.models import AreaOfConcern

AREAS_FOR_PARENTS = [
    (AreaOfConcern.ACADEMIC_READING, _("Reading")),
    (AreaOfConcern.ACADEMIC_WRITING, _("Writing")),
    (AreaOfConcern.ACADEMIC_MATH, _("Math")),
    (AreaOfConcern.COMMUNICATION, _("Speech and language")),
    (AreaOfConcern.SOCIAL_EMOTIONAL, _("Behaviour, feelings and getting along with others")),
    (AreaOfConcern.ATTENTION, _("Attention and organisation")),
    (AreaOfConcern.MOTOR, _("Movement, handwriting, balance")),
    (AreaOfConcern.ADAPTIVE, _("Everyday skills (dressing, eating, safety)")),
    (AreaOfConcern.HEALTH, _("Health")),
    (AreaOfConcern.VISION_HEARING, _("Seeing or hearing")),
    (AreaOfConcern.COGNITIVE, _("Thinking and learning in general")),
    (AreaOfConcern.OTHER, _("Something else")),
]


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(max_length=150, label=_("Choose a username"),
                               help_text=_("You will type it to sign in. Your email address works well."))
    password1 = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                label=_("Choose a password"), help_text=_("At least 12 characters."))
    password2 = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                label=_("Type the password again"))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class RequestEvaluationForm(forms.Form):
    areas_of_concern = forms.MultipleChoiceField(choices=AREAS_FOR_PARENTS, widget=forms.CheckboxSelectMultiple,
                                                 label=_("What worries you?"),
                                                 help_text=_("Tick every area you are worried about."))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Tell the school more"),
                             help_text=_("What do you see at home? What has the school told you?"))


class SignForm(forms.Form):
    answer = forms.ChoiceField(choices=[("granted", _("I agree")), ("refused", _("I do not agree"))],
                               widget=forms.RadioSelect, label=_("Your answer"))
    signed_name = forms.CharField(max_length=200, label=_("Type your full name to sign"),
                                  help_text=_("Typing your name here is your signature."))
    document_hash = forms.CharField(widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                label=_("Anything you want to tell the school (optional)"))
    signed_name = forms.CharField(max_length=200, label=_("Type your full name to sign"),
                                  help_text=_("Typing your name here is your signature."))
    confirm = forms.BooleanField(label=_("I understand that my child will stop receiving all special-education "
                                         "services."))


class RecordsForm(forms.Form):
    records_wanted = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Which records?"),
                                     help_text=_("For example: all records, or the latest evaluation report."))


class AmendmentForm(forms.Form):
    record_description = forms.CharField(max_length=300, label=_("Which record?"),
                                         help_text=_("For example: the evaluation report of March 2026, page 3."))
    requested_change = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                       label=_("What is wrong, and what should it say?"))


class StatementForm(forms.Form):
    disagreement_statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                             label=_("Your statement of disagreement"))


class IEEForm(forms.Form):
    evaluation = forms.ModelChoiceField(queryset=None, label=_("Which evaluation do you disagree with?"),
                                        empty_label=_("Choose…"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             label=_("Why (optional)"), help_text=_("You do not have to give a reason."))


class DisagreeForm(forms.Form):
    kind = forms.ChoiceField(widget=forms.RadioSelect, label=_("What would you like to do?"), choices=[
        ("mediation", _("Ask for mediation: a neutral person helps you and the school agree")),
        ("state_complaint", _("File a state complaint: the state checks whether the school followed the rules")),
        ("due_process", _("File a due process complaint: a hearing officer decides")),
    ])
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("What is the problem?"),
                              help_text=_("Say what happened, with dates if you can."))
    proposed_resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                          label=_("What would fix it? (optional)"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("en", "English"), ("es", "Español")], label=_("Language"))
