from django.contrib.auth import views as auth_views
from django.urls import include, path

from openiep.access.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=SignInForm,
                                     redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("openiep.people.urls")),
    path("", include("openiep.prereferral.urls")),
    path("", include("openiep.referrals.urls")),
    path("", include("openiep.audit.urls")),
    path("", include("openiep.compliance.urls")),
    path("", include("openiep.evaluations.urls")),
    path("", include("openiep.eligibility.urls")),
    path("", include("openiep.cases.urls")),
    path("", include("openiep.meetings.urls")),
    path("", include("openiep.iep.urls")),
    path("", include("openiep.documents.urls")),
    path("", include("openiep.security.urls")),
    path("", include("openiep.ops.urls")),
    path("", include("openiep.retention.urls")),
    path("", include("openiep.reporting.urls")),
    path("", include("openiep.api.urls")),
    path("", include("openiep.safeguards.urls")),
    path("", include("openiep.portal.urls")),
    path("", include("openiep.implementation.urls")),
    path("", include("openiep.progress.urls")),
    path("", include("openiep.review.urls")),
]
