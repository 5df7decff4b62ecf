from django.urls import path

from openiep.compliance import views

urlpatterns = [
    path("compliance/", views.dashboard, name="compliance_dashboard"),
    path("compliance/deadlines.csv", views.deadlines_csv, name="compliance_deadlines_csv"),
    path("compliance/indicator-11/", views.indicator_11, name="compliance_indicator_11"),
    path("compliance/calendar/", views.calendar, name="compliance_calendar"),
    path("students/<int:student_id>/deadlines/", views.student_deadlines, name="student_deadlines"),
]
