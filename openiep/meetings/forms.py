"""Forms of IEP meetings. Each validates types only; the services check the law and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openiep.lib.languages import LANGUAGE_CHOICES
from openiep.meetings.models import Meeting, Participant
from openiep.people.forms import DateInput


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


YES_NO = [("", "—"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(choices=Meeting.Kind.choices, label="Kind of meeting")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Purpose",
                              help_text="In plain words: the notice tells the parents (34 CFR 300.322(b)(1)).")
    starts_at = forms.DateTimeField(widget=DateTimeLocalInput(), required=False, label="Date and time",
                                    help_text="The district's local time. Agree it with the parents first "
                                              "(300.322(a)(2)).")
    duration_minutes = forms.IntegerField(required=False, initial=60, label="Length in minutes",
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    location = forms.CharField(required=False, max_length=300, label="Place",
                               help_text="School and room, or the video link or phone number.")
    modality = forms.ChoiceField(choices=Meeting.Modality.choices, label="How the team meets")
    alternative_means_agreed = forms.BooleanField(
        required=False, label="The parent agreed to meet by video or phone (34 CFR 300.328)")
    transition_discussed = forms.BooleanField(
        required=False, label="Transition will be discussed (postsecondary goals and services)",
        help_text="Ticked for you when the IEP will be in effect at the state's transition age.")
    interpreter_needed = forms.BooleanField(required=False, label="An interpreter is needed")
    interpreter_language = forms.ChoiceField(choices=[("", "—")] + list(LANGUAGE_CHOICES), required=False,
                                             label="Interpreter's language")

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        return value if value is not None else 0


class CancelForm(forms.Form):
    cancelled_reason = forms.CharField(max_length=300, required=False, label="Why is it cancelled?")


class InviteeForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label="Name")
    email = forms.EmailField(required=False, label="Email (for the invitation)")
    role = forms.ChoiceField(choices=Participant.Role.choices, label="Role at the meeting")
    also_interprets_evaluations = forms.BooleanField(required=False,
                                                     label="Also interprets the evaluation results")
    agency_consent_on = forms.DateField(widget=DateInput(), required=False, label="Parent consented to invite "
                                        "this agency on", help_text="Only for an outside agency (300.321(b)(3)).")


class NoticeSendForm(forms.Form):
    sent_on = forms.DateField(widget=DateInput(), required=False, label="Notice sent on")
    method = forms.CharField(max_length=60, required=False, label="How it is sent",
                             initial="Email and family portal",
                             help_text="Mail, email, family portal, sent home with the student…")


class ParentInputForm(forms.Form):
    concerns = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                               label=_("Your concerns"),
                               help_text=_("What worries you about your child's learning or school day?"))
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                label=_("Your child's strengths"),
                                help_text=_("What is your child good at? What do they enjoy?"))
    vision = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                             label=_("Your hopes and vision for your child"),
                             help_text=_("This year, and in the years to come."))
    other = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            label=_("Anything else the team should know"))


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=[c for c in Participant.Attendance.choices if c[0] != "invited"],
                                   widget=forms.RadioSelect, label="Attendance")
    attended_by = forms.ChoiceField(choices=[("", "—")] + [c for c in Meeting.Modality.choices if c[0] != "hybrid"],
                                    required=False, label="How they took part")
    signed_name = forms.CharField(max_length=200, required=False, label="Signature: name as typed by the member",
                                  help_text="The time is recorded when saved.")
    excusal = forms.ChoiceField(choices=[("", "—")] + list(Participant.Excusal.choices), required=False,
                                label="Excused because")
    excusal_agreed_on = forms.DateField(widget=DateInput(), required=False,
                                        label="Parent's written agreement or consent dated")
    written_input_on = forms.DateField(widget=DateInput(), required=False, label="Written input given on")
    written_input = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                    label="The member's written input")


class HeldForm(forms.Form):
    held_on = forms.DateField(widget=DateInput(), required=False, label="Held on")
    interpreter_provided = forms.TypedChoiceField(choices=YES_NO, coerce=_yes_no, empty_value=None, required=False,
                                                  label="Was an interpreter provided?")
    minutes_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                    label="Notes of the meeting")
    go_ahead_despite = forms.BooleanField(required=False,
                                          label="The team went ahead knowing a required member was missing")
