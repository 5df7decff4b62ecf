from django.urls import path

from openiep.referrals import views

urlpatterns = [
    path("students/<int:student_id>/referrals/", views.referral_list, name="referral_list"),
    path("students/<int:student_id>/referrals/new/", views.referral_new, name="referral_new"),
    path("students/<int:student_id>/referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("students/<int:student_id>/referrals/<int:referral_id>/propose/", views.referral_propose,
         name="referral_propose"),
    path("students/<int:student_id>/referrals/<int:referral_id>/refuse/", views.referral_refuse,
         name="referral_refuse"),
    path("students/<int:student_id>/referrals/<int:referral_id>/withdraw/", views.referral_withdraw,
         name="referral_withdraw"),
    path("students/<int:student_id>/notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("students/<int:student_id>/consents/<int:consent_id>/answer/", views.consent_response,
         name="consent_response"),
    path("students/<int:student_id>/consents/<int:consent_id>/attempts/", views.consent_attempt_add,
         name="consent_attempt_add"),
    path("students/<int:student_id>/consents/<int:consent_id>/no-response/", views.consent_no_response,
         name="consent_no_response"),
    path("students/<int:student_id>/consents/<int:consent_id>/revoke/", views.consent_revoke,
         name="consent_revoke"),
]
