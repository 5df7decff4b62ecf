from __future__ import annotations

from django import forms

from openiep.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(max_length=120, label="What will use this token",
                           help_text="For example: the state reporting export, or the student information system.")
    scopes = forms.MultipleChoiceField(choices=Scope.choices, widget=forms.CheckboxSelectMultiple,
                                       label="What it may read")
    expires_on = forms.DateField(required=False, label="Stops working on (optional)",
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
