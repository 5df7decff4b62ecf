from django.urls import path

from openiep.portal import views

urlpatterns = [
    path("invitation/<token>/", views.invitation, name="portal_invitation"),
    path("language/", views.set_language, name="portal_language"),
    path("students/<int:student_id>/guardians/<int:guardian_id>/invite/", views.guardian_invite,
         name="portal_guardian_invite"),
    path("students/<int:student_id>/family/request-evaluation/", views.request_evaluation,
         name="portal_request_evaluation"),
    path("students/<int:student_id>/family/consents/<int:consent_id>/", views.consent, name="portal_consent"),
    path("students/<int:student_id>/family/consents/<int:consent_id>/revoke/", views.consent_revoke,
         name="portal_consent_revoke"),
    path("students/<int:student_id>/family/records/", views.records, name="portal_records"),
    path("students/<int:student_id>/family/amendment/", views.amendment, name="portal_amendment"),
    path("students/<int:student_id>/family/amendment/<int:amendment_id>/statement/", views.amendment_statement,
         name="portal_amendment_statement"),
    path("students/<int:student_id>/family/iee/", views.iee, name="portal_iee"),
    path("students/<int:student_id>/family/disagree/", views.disagree, name="portal_disagree"),
    path("students/<int:student_id>/family/rights/", views.rights, name="portal_rights"),
]
