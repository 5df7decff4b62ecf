"""API routes: /api/v1/… (token or session), the OpenAPI schema and its documentation, the token page.

The JSON endpoints authenticate themselves (a token has no session), so they are exempt from the sign-in
redirect of the pages (``login_not_required``) and answer 401 with an error body instead. The schema and the
documentation are pages: signed-in people only.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

from openiep.api import edfi, pages, views


def api(view):
    return login_not_required(view.as_view())


urlpatterns = [
    path("api/v1/students/", api(views.StudentList), name="api_students"),
    path("api/v1/students/<int:student_pk>/", api(views.StudentDetail), name="api_student"),
    path("api/v1/students/<int:student_pk>/case/", api(views.CaseDetail), name="api_student_case"),
    path("api/v1/guardians/", api(views.GuardianList), name="api_guardians"),
    path("api/v1/guardians/<int:guardian_pk>/", api(views.GuardianDetail), name="api_guardian"),
    path("api/v1/ieps/", api(views.IEPList), name="api_ieps"),
    path("api/v1/ieps/<int:iep_pk>/", api(views.IEPDetail), name="api_iep"),
    path("api/v1/services/", api(views.ServiceList), name="api_services"),
    path("api/v1/deadlines/", api(views.DeadlineList), name="api_deadlines"),
    path("api/v1/documents/", api(views.DocumentList), name="api_documents"),
    path("api/v1/documents/<int:document_pk>/download/", api(views.DocumentDownload), name="api_document_download"),
    path("api/v1/edfi/student-special-education-program-associations/",
         api(edfi.ProgramAssociationList), name="api_edfi_associations"),
    path("api/v1/edfi/mapping/", api(edfi.MappingList), name="api_edfi_mapping"),
    # DRF marks its views login_required=False for the middleware; these pages want a signed-in person.
    path("api/schema/", login_required(SpectacularAPIView.as_view(permission_classes=[IsAuthenticated])),
         name="api_schema"),
    path("api/docs/", login_required(SpectacularSwaggerView.as_view(url_name="api_schema",
                                                                    permission_classes=[IsAuthenticated])),
         name="api_docs"),
    path("api/redoc/", login_required(SpectacularRedocView.as_view(url_name="api_schema",
                                                                   permission_classes=[IsAuthenticated])),
         name="api_redoc"),
    path("api/tokens/", pages.tokens, name="api_tokens"),
    path("api/tokens/<int:token_id>/revoke/", pages.token_revoke, name="api_token_revoke"),
]
