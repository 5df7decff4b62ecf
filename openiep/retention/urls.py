from django.urls import path

from openiep.retention import views

urlpatterns = [
    path("students/<int:student_id>/retention/", views.retention_page, name="retention"),
    path("students/<int:student_id>/retention/notice/", views.retention_notice, name="retention_notice"),
    path("students/<int:student_id>/retention/export/", views.retention_export, name="retention_export"),
    path("students/<int:student_id>/retention/destroy/", views.retention_destroy, name="retention_destroy"),
]
