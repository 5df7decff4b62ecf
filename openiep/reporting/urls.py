from django.urls import path

from openiep.reporting import views

urlpatterns = [
    path("reporting/child-count/", views.child_count, name="reporting_child_count"),
    path("reporting/child-count/students/", views.child_count_students, name="reporting_child_count_students"),
    path("reporting/child-count/FS002.csv", views.child_count_csv, {"spec": "FS002"}, name="reporting_fs002_csv"),
    path("reporting/child-count/FS089.csv", views.child_count_csv, {"spec": "FS089"}, name="reporting_fs089_csv"),
    path("reporting/validation/", views.validation, name="reporting_validation"),
    path("reporting/indicators/", views.indicators, name="reporting_indicators"),
]
