from django.urls import path

from openiep.safeguards import views

urlpatterns = [
    path("safeguards/", views.open_list, name="safeguards_open_list"),
    path("students/<int:student_id>/safeguards/", views.student_safeguards, name="student_safeguards"),
    path("students/<int:student_id>/safeguards/notices/add/", views.notice_add, name="safeguards_notice_add"),
    path("students/<int:student_id>/safeguards/records/add/", views.records_request_add,
         name="safeguards_records_add"),
    path("students/<int:student_id>/safeguards/records/<int:records_request_id>/answer/",
         views.records_request_answer, name="safeguards_records_answer"),
    path("students/<int:student_id>/safeguards/amendments/add/", views.amendment_request_add,
         name="safeguards_amendment_add"),
    path("students/<int:student_id>/safeguards/amendments/<int:amendment_id>/decide/", views.amendment_decide,
         name="safeguards_amendment_decide"),
    path("students/<int:student_id>/safeguards/iee/add/", views.iee_request_add, name="safeguards_iee_add"),
    path("students/<int:student_id>/safeguards/iee/<int:iee_request_id>/respond/", views.iee_respond,
         name="safeguards_iee_respond"),
    path("students/<int:student_id>/safeguards/disputes/add/", views.dispute_add, name="safeguards_dispute_add"),
    path("students/<int:student_id>/safeguards/disputes/<int:dispute_id>/update/", views.dispute_update,
         name="safeguards_dispute_update"),
    path("students/<int:student_id>/safeguards/disputes/<int:dispute_id>/close/", views.dispute_close,
         name="safeguards_dispute_close"),
]
