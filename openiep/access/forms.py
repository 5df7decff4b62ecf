from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """One message for every failed sign-in, so the page never reveals whether an account exists."""

    error_messages = {
        "invalid_login": "The username and password do not match an active account. Check both and try again.",
        "inactive": "The username and password do not match an active account. Check both and try again.",
    }
