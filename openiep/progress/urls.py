from django.urls import path

from openiep.progress import views

S = "students/<int:student_id>/progress/"

urlpatterns = [
    path(S, views.goal_progress_list, name="goal_progress_list"),
    path(S + "goals/<int:goal_id>/", views.goal_progress_detail, name="goal_progress_detail"),
    path(S + "goals/<int:goal_id>/points/", views.point_add, name="progress_point_add"),
    path(S + "goals/<int:goal_id>/points/several/", views.points_add, name="progress_points_add"),
    path(S + "goals/<int:goal_id>/rating/", views.rating_record, name="progress_rating_record"),
    path(S + "points/<int:progress_point_id>/remove/", views.point_remove, name="progress_point_remove"),
    path(S + "reports/new/", views.report_generate, name="progress_report_generate"),
    path(S + "reports/<int:progress_report_id>/", views.report_detail, name="progress_report_detail"),
    path(S + "reports/<int:progress_report_id>/pdf/", views.report_pdf, name="progress_report_pdf"),
    path("progress/reports/", views.reports_bulk, name="progress_reports_bulk"),
]
