from django.urls import path

from openiep.review import views

S = "students/<int:student_id>/review/"

urlpatterns = [
    path(S, views.student_review, name="student_review"),
    path(S + "removals/", views.removal_add, name="review_removal_add"),
    path(S + "removals/<int:removal_id>/manifestation-review/", views.manifestation_review_add,
         name="review_manifestation_add"),
    path(S + "behavior/", views.behavior_add, name="review_behavior_add"),
    path(S + "exit/", views.exit_add, name="review_exit_add"),
    path(S + "reevaluation/", views.reevaluation_add, name="review_reevaluation_add"),
    path(S + "transfers/", views.transfer_add, name="review_transfer_add"),
    path(S + "records.json", views.records_export, name="review_records_export"),
    path(S + "transfers/<int:transfer_id>/decide/", views.transfer_decide, name="review_transfer_decide"),
]
