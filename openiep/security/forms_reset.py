"""Password reset forms in plain words. Django's views and tokens do the work."""

from django import forms
from django.contrib.auth import forms as auth_forms


class ResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Your email address", max_length=254,
        help_text="The address your district has on file for you.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    pass
