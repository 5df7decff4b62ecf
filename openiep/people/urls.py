from django.urls import path

from openiep.people import views

urlpatterns = [
    path("", views.home, name="home"),
    path("students/", views.student_list, name="student_list"),
    path("schools/<int:school_id>/", views.school_detail, name="school_detail"),
    path("students/<int:student_id>/", views.student_detail, name="student_detail"),
    path("students/<int:student_id>/edit/", views.student_edit, name="student_edit"),
    path("students/<int:student_id>/team/add/", views.team_member_add, name="team_member_add"),
    path("students/<int:student_id>/team/candidates/", views.team_candidates, name="team_candidates"),
    path("students/<int:student_id>/team/<int:membership_id>/end/", views.team_member_end, name="team_member_end"),
    path("students/<int:student_id>/sharing/", views.advocate_sharing, name="advocate_sharing"),
    path("students/<int:student_id>/sharing/<int:grant_id>/revoke/", views.advocate_revoke, name="advocate_revoke"),
]
