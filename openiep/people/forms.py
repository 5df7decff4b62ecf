from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openiep.people.models import Student, TeamMembership, User
from openiep.people.services import EDITABLE_STUDENT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class StudentForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = list(EDITABLE_STUDENT_FIELDS)
        widgets = {"date_of_birth": DateInput()}
        labels = {
            "hispanic_latino": "Hispanic or Latino",
            "american_indian": "American Indian or Alaska Native",
            "black": "Black or African American",
            "pacific_islander": "Native Hawaiian or other Pacific Islander",
            "english_learner": "English learner",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hispanic_latino"].widget = forms.Select(
            choices=[("unknown", "Not reported"), ("true", "Yes"), ("false", "No")]
        )


def staff_label(user: User) -> str:
    detail = user.get_discipline_display() or user.get_role_display()
    return f"{user.last_name}, {user.first_name} ({detail})"


class TeamMemberForm(forms.Form):
    find = forms.CharField(
        required=False, label="Find staff by name", widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text="Type part of a name; the list below shows up to 25 matches.",
    )
    member = forms.ModelChoiceField(queryset=User.objects.none(), label="Staff member")
    role = forms.ChoiceField(choices=TeamMembership.TeamRole.choices, label="Role on the team")
    start_date = forms.DateField(widget=DateInput(), label="Starts on")

    def __init__(self, *args, candidates=None, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            # Validation accepts any staff member of the district; the drop-down shows a short list.
            self.fields["member"].queryset = candidates
        if shown is not None:
            self.fields["member"].widget.choices = [("", "Choose a staff member")] + [
                (user.pk, staff_label(user)) for user in shown
            ]


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(widget=DateInput(), label="Last day on the team")


class AdvocateGrantForm(forms.Form):
    advocate_email = forms.EmailField(label=_("Advocate's email address"))
    expires_on = forms.DateField(widget=DateInput(), label=_("Share until (inclusive)"))
    note = forms.CharField(max_length=300, required=False, label=_("Note (optional)"))
