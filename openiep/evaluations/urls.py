from django.urls import path

from openiep.evaluations import views

urlpatterns = [
    path("evaluations/mine/", views.worklist, name="evaluation_worklist"),
    path("students/<int:student_id>/evaluations/", views.evaluation_list, name="evaluation_list"),
    path("students/<int:student_id>/evaluations/plan/", views.evaluation_plan, name="evaluation_plan"),
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/", views.evaluation_detail,
         name="evaluation_detail"),
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/complete/", views.evaluation_complete,
         name="evaluation_complete"),
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/areas/<int:area_id>/report/",
         views.area_report, name="area_report"),
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/areas/<int:area_id>/files/",
         views.area_file_add, name="area_file_add"),
    path("students/<int:student_id>/evaluations/<int:evaluation_id>/files/<int:file_id>/",
         views.evaluation_file_download, name="evaluation_file_download"),
]
