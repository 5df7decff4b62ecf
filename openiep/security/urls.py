from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from openiep.security import views
from openiep.security.forms_reset import ResetRequestForm, SetPasswordForm

urlpatterns = [
    path("sign-in/second-factor/", views.second_factor_verify, name="second_factor"),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/backup-codes/", views.backup_codes_new, name="backup_codes_new"),
    path("account/two-factor/turn-off/", views.two_factor_off, name="two_factor_off"),
    # Password reset by email: Django's views, with tokens that expire (PASSWORD_RESET_TIMEOUT) and stop
    # working once the password changes (single use).
    path("sign-in/forgot/", auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm,
        template_name="registration/password_reset_form.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
        extra_context={"reset_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)},
    ), name="password_reset"),
    path("sign-in/forgot/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="registration/password_reset_done.html"), name="password_reset_done"),
    path("sign-in/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=SetPasswordForm, template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm"),
    path("sign-in/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_complete.html"), name="password_reset_complete"),
]
