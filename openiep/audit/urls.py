from django.urls import path

from openiep.audit import views

urlpatterns = [
    path("students/<int:student_id>/access-record/", views.access_record, name="access_record"),
    path("students/<int:student_id>/history/", views.change_history, name="change_history"),
]
