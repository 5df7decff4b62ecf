from django.urls import path

from openiep.cases import views

urlpatterns = [
    path("students/<int:student_id>/case/", views.case_page, name="case_page"),
]
