from django.urls import path

from openiep.meetings import views

M = "students/<int:student_id>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("students/<int:student_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "edit/", views.meeting_edit, name="meeting_edit"),
    path(M + "cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(M + "invitees/", views.invitee_add, name="meeting_invitee_add"),
    path(M + "invitees/<int:participant_id>/remove/", views.invitee_remove, name="meeting_invitee_remove"),
    path(M + "invitees/<int:participant_id>/attendance/", views.attendance_record, name="meeting_attendance"),
    path(M + "held/", views.meeting_held, name="meeting_held"),
    path(M + "notice/", views.meeting_notice, name="meeting_notice"),
    path(M + "notice/send/", views.meeting_notice_send, name="meeting_notice_send"),
    path(M + "invitation.ics", views.meeting_ics, name="meeting_ics"),
    path(M + "input/", views.parent_input, name="meeting_parent_input"),
]
