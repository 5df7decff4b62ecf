from django.urls import path

from openiep.reporting import views

urlpatterns = [
    path("reporting/child-count/", views.child_count, name="reporting_child_count"),
    path("reporting/child-count/students/", views.child_count_students, name="reporting_child_count_students"),
    path("reporting/child-count/<str:spec>.csv", views.child_count_csv, name="reporting_child_count_csv"),
    path("reporting/validation/", views.validation, name="reporting_validation"),
    path("reporting/indicators/", views.indicators, name="reporting_indicators"),
]
