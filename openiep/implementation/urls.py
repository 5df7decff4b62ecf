from django.urls import path

from openiep.implementation import views

S = "students/<int:student_id>/"

urlpatterns = [
    path(S + "services/", views.student_services, name="student_services"),
    path(S + "services/log/", views.service_log_add, name="service_log_add"),
    path(S + "services/logs/<int:service_log_id>/remove/", views.service_log_remove, name="service_log_remove"),
    path(S + "iep-at-a-glance/", views.iep_at_a_glance, name="iep_at_a_glance"),
    path(S + "iep-at-a-glance/acknowledge/", views.iep_acknowledge, name="iep_acknowledge"),
    path("services/group-session/", views.group_session, name="group_session"),
    path("services/delivery/", views.delivery_dashboard, name="delivery_dashboard"),
]
