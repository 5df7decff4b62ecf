from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """One message for every failed sign-in, so the page never reveals whether an account exists."""

    error_messages = {
        "invalid_login": _("The username and password do not match an active account. Check both and try again."),
        "inactive": _("The username and password do not match an active account. Check both and try again."),
    }
