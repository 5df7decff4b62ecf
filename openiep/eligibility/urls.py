from django.urls import path

from openiep.eligibility import views

urlpatterns = [
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/eligibility/", views.eligibility_determine,
         name="eligibility_determine"),
    path("students/<int:student_id>/eligibility/<int:determination_id>/", views.determination_detail,
         name="determination_detail"),
    path("students/<int:student_id>/eligibility/<int:determination_id>/notice/", views.notice_edit,
         name="eligibility_notice_edit"),
]
